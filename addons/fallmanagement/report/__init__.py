from . import report_fall_referral_letter
