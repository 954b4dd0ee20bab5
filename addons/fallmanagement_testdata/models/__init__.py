from . import fall_data_generator
