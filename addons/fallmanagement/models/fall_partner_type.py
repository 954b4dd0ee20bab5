from odoo import fields, models


class FallPartnerType(models.Model):
    _name = "fall.partner.type"
    _description = "Network Partner Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Short technical code used in statistics for the county."
    )
    sequence = fields.Integer(default=10)
    is_municipal_service = fields.Boolean(
        string="Municipal Integration Service",
        help="One of the four municipal integration services of § 16a SGB II: "
        "childcare or care of relatives, debt counselling, psychosocial support, "
        "addiction counselling.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a partner type must be unique."),
    ]
