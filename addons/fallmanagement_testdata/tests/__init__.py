from . import test_data_generator
from . import test_i18n
