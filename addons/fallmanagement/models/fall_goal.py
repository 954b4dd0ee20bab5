from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .base import FALL_EARLIEST

GOAL_STATES = [
    ("open", "Open"),
    ("achieved", "Achieved"),
    ("partly", "Partly Achieved"),
    ("dropped", "Dropped"),
]


class FallGoal(models.Model):
    _name = "fall.goal"
    _description = "Goal of a Cooperation Plan"
    _inherit = ["fall.case.line.mixin"]
    _order = "sequence, id"
    _check_company_auto = True
    _fall_date_ranges = {"target_date": (FALL_EARLIEST, relativedelta(years=10))}

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Goal", required=True)
    description = fields.Text()
    target_date = fields.Date()
    state = fields.Selection(
        GOAL_STATES, string="Status", default="open", required=True
    )
    step_ids = fields.One2many("fall.goal.step", "goal_id", string="Steps")
    # stored: the case form lists the goals without loading their steps
    step_progress = fields.Float(
        string="Progress (%)",
        compute="_compute_step_progress",
        store=True,
        aggregator="avg",
    )

    @api.depends("step_ids.state")
    def _compute_step_progress(self):
        for goal in self:
            steps = goal.step_ids.filtered(lambda s: s.state != "cancelled")
            done = steps.filtered(lambda s: s.state == "done")
            goal.step_progress = 100.0 * len(done) / len(steps) if steps else 0.0
