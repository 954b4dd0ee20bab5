from odoo import fields, models


class FallGoalStep(models.Model):
    _inherit = "fall.goal.step"

    fall_conference_task_id = fields.Many2one(
        "fall.conference.task",
        string="Conference Task",
        readonly=True,
        check_company=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    fall_conference_id = fields.Many2one(
        related="fall_conference_task_id.conference_id",
        string="Agreed in Conference",
    )
