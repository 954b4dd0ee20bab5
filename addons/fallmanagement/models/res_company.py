from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fall_case_prefix = fields.Char(
        string="Case Number Prefix",
        help="Prefix of the case numbers of this association, e.g. ALRA. "
        "Each association numbers its cases in its own sequence.",
    )
