from . import test_access
from . import test_barrier_goal_contact
from . import test_client
from . import test_fall_case
from . import test_performance
from . import test_report
from . import test_ui
from . import test_i18n
