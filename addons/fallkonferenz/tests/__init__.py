from . import test_conference_calendar
from . import test_agenda_decisions
from . import test_proposals
from . import test_access
from . import test_minutes_export
from . import test_ui
from . import test_i18n
from . import test_county_report
