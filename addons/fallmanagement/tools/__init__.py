from . import activities
from . import deadlines
from . import web_spec
from . import mail_audience
from . import mail_recipients
