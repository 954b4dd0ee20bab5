from . import deadlines
