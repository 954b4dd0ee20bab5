from . import fall_conference_proposal
from . import fall_conference_proposal_line
