from . import fall_conference_xlsx
from . import report_fall_county_xlsx
