from . import fall_conference_xlsx
