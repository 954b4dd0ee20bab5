from . import deadlines
from . import web_spec
