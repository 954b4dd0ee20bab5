from odoo import fields, models


class FallCaseStage(models.Model):
    _name = "fall.case.stage"
    _description = "Case Phase"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closing Phase",
        help="Cases in this phase are closed: they need a closing date and a "
        "closure reason.",
    )
    active = fields.Boolean(default=True)
