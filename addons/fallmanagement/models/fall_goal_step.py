from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .base import FALL_EARLIEST

STEP_OWNERS = [
    ("client", "Client"),
    ("counsellor", "Counsellor"),
    ("partner", "Partner"),
]

STEP_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class FallGoalStep(models.Model):
    _name = "fall.goal.step"
    _description = "Agreed Step"
    _order = "due_date, sequence, id"
    _check_company_auto = True
    # a step may move to another goal of its case, never to another case
    _fall_immutable_fields = ("case_id",)
    _fall_date_ranges = {"due_date": (FALL_EARLIEST, relativedelta(years=10))}

    goal_id = fields.Many2one(
        "fall.goal", required=True, ondelete="cascade", index=True, check_company=True
    )
    case_id = fields.Many2one(
        related="goal_id.case_id", store=True, index=True, string="Case"
    )
    company_id = fields.Many2one(related="goal_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    owner = fields.Selection(
        STEP_OWNERS, string="Responsible", required=True, default="client"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Partner Organisation",
        check_company=True,
        domain="[('fall_is_client', '=', False)]",
    )
    due_date = fields.Date()
    state = fields.Selection(
        STEP_STATES, string="Status", default="open", required=True
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")

    @api.depends("due_date", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for step in self:
            step.is_overdue = bool(
                step.state == "open" and step.due_date and step.due_date < today
            )

    @api.constrains("owner", "partner_id")
    def _check_partner(self):
        for step in self:
            if step.owner == "partner" and not step.partner_id:
                raise ValidationError(
                    self.env._(
                        "Step %(step)s is the task of a partner: please choose "
                        "the partner organisation.",
                        step=step.name,
                    )
                )
