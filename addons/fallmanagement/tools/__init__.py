from . import actions
from . import activities
from . import consent_sharing
from . import deadlines
from . import mail_audience
from . import mail_recipients
from . import cron
from . import settings
