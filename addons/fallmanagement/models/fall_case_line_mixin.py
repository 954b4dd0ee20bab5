from odoo import fields, models


class FallCaseLineMixin(models.AbstractModel):
    """A record that belongs to a case file: its barriers, goals and
    counselling contacts, its referrals and dealings with authorities.

    The line stays with the case it was created for (``case_id`` is set
    once) and lives in the case's association (``company_id``, stored for
    the multi-company rules). Lines that belong to a case through another
    line follow that line instead (the steps of a goal, the tasks agreed on a
    conference agenda item).
    """

    _name = "fall.case.line.mixin"
    _description = "Belongs to a Case File"
    _fall_immutable_fields = ("case_id",)

    case_id = fields.Many2one(
        "fall.case",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )
