from . import report_fall_referral_letter
from . import report_fall_consent
