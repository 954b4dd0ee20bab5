from odoo import fields, models


class FallBarrierType(models.Model):
    _name = "fall.barrier.type"
    _description = "Barrier Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code used in statistics for the county.")
    sequence = fields.Integer(default=10)
    is_sensitive = fields.Boolean(
        string="Sensitive",
        help="Special category of personal data (Art. 9 GDPR), e.g. health or "
        "addiction: visible only to the counsellors of the case and the head of "
        "the association.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a barrier type must be unique."),
    ]
