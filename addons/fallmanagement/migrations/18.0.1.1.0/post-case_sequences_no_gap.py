from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Case numbers without gaps (issue 10): the case sequences of each
    association become no-gap sequences, continuing with their next number."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["fall.case"]._make_case_sequences_gapless()
