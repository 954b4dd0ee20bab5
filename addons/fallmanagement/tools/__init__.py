from . import activities
from . import deadlines
