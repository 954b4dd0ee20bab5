from . import generator_data
