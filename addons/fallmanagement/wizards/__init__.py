from . import mail_compose_message
from . import fall_county_report
