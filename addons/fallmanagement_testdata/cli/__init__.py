from . import fall_generate
