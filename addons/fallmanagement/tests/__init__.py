from . import test_deadlines
from . import test_authority_matter
from . import test_consent
from . import test_referral
from . import test_referral_sharing
from . import test_network_access
from . import test_network_settings
