from . import report_fall_referral_letter
from . import report_fall_consent
from . import report_fall_county_xlsx
from . import report_fall_case_plan
