from odoo import api, fields, models

GOAL_STATES = [
    ("open", "Open"),
    ("achieved", "Achieved"),
    ("partly", "Partly Achieved"),
    ("dropped", "Dropped"),
]


class FallGoal(models.Model):
    _name = "fall.goal"
    _description = "Goal of a Cooperation Plan"
    _order = "sequence, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "fall.case", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Goal", required=True)
    description = fields.Text()
    target_date = fields.Date()
    state = fields.Selection(
        GOAL_STATES, string="Status", default="open", required=True
    )
    step_ids = fields.One2many("fall.goal.step", "goal_id", string="Steps")
    step_progress = fields.Float(
        string="Progress (%)", compute="_compute_step_progress", aggregator="avg"
    )

    @api.depends("step_ids.state")
    def _compute_step_progress(self):
        # Saved goals: one grouped query for all of them (the case form lists
        # the goals without their steps); new goals in a form: their lines.
        saved = self.filtered(lambda goal: isinstance(goal.id, int))
        counts = {}
        if saved.ids:
            for goal, state, count in self.env["fall.goal.step"]._read_group(
                [("goal_id", "in", saved.ids), ("state", "!=", "cancelled")],
                ["goal_id", "state"],
                ["__count"],
            ):
                done, total = counts.get(goal.id, (0, 0))
                counts[goal.id] = (
                    done + (count if state == "done" else 0),
                    total + count,
                )
        for goal in self:
            if goal in saved:
                done, total = counts.get(goal.id, (0, 0))
            else:
                steps = goal.step_ids.filtered(lambda s: s.state != "cancelled")
                done = len(steps.filtered(lambda s: s.state == "done"))
                total = len(steps)
            goal.step_progress = 100.0 * done / total if total else 0.0
