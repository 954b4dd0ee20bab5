from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.fallmanagement.models.base import FALL_EARLIEST
from odoo.addons.fallmanagement.tools.activities import schedule_activities
from odoo.addons.fallmanagement.tools.mail_audience import (
    check_responsible_may_read,
)

TASK_KINDS = [
    ("activity", "Activity"),
    ("step", "Plan Step"),
]

TASK_STATES = [
    ("draft", "To Create"),
    ("created", "Created in the Case"),
]


class FallConferenceTask(models.Model):
    _name = "fall.conference.task"
    _description = "Task Agreed in a Case Conference"
    _order = "date_deadline, id"
    _check_company_auto = True
    # a task stays with the agenda item (and so the case) it was agreed for
    _fall_immutable_fields = ("item_id",)
    _fall_date_ranges = {"date_deadline": (FALL_EARLIEST, relativedelta(years=5))}

    item_id = fields.Many2one(
        "fall.conference.agenda.item",
        string="Agenda Item",
        required=True,
        ondelete="cascade",
        index=True,
    )
    conference_id = fields.Many2one(
        related="item_id.conference_id", store=True, index=True
    )
    case_id = fields.Many2one(related="item_id.case_id", store=True, index=True)
    case_name = fields.Char(related="item_id.case_name", store=True)
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    name = fields.Char(string="Task", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(
        string="Due Date", required=True, default=fields.Date.context_today
    )
    kind = fields.Selection(TASK_KINDS, required=True, default="activity")
    goal_id = fields.Many2one(
        "fall.goal",
        check_company=True,
        domain="[('case_id', '=', case_id)]",
        groups="fallmanagement.group_fall_user",
        help="Goal of the cooperation plan the step belongs to.",
    )
    state = fields.Selection(
        TASK_STATES, default="draft", required=True, readonly=True, copy=False
    )
    activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    step_id = fields.Many2one(
        "fall.goal.step",
        string="Plan Step",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
        groups="fallmanagement.group_fall_user",
    )

    @api.constrains("step_id", "item_id")
    def _check_step(self):
        for task in self:
            # sudo: the step may be invisible to the user (county), the
            # constraint must hold anyway.
            step = task.sudo().step_id
            if step and step.case_id != task.case_id:
                raise ValidationError(
                    self.env._(
                        "The plan step must belong to the case of the agenda item."
                    )
                )

    @api.constrains("user_id")
    def _check_fall_responsible_may_read(self):
        check_responsible_may_read(self)

    @api.constrains("kind", "goal_id", "item_id")
    def _check_goal(self):
        for task in self:
            # sudo: the goal may be invisible to the user (county), the
            # constraint must hold anyway.
            goal = task.sudo().goal_id
            if task.kind == "step" and not goal:
                raise ValidationError(
                    self.env._(
                        "Task %(task)s is a step of the cooperation plan: please "
                        "choose the goal it belongs to.",
                        task=task.name,
                    )
                )
            if goal and goal.case_id != task.case_id:
                raise ValidationError(
                    self.env._("The goal must belong to the case of the agenda item.")
                )

    def _get_summary(self):
        self.ensure_one()
        return self.env._(
            "%(task)s (%(owner)s, due %(date)s)",
            task=self.name,
            owner=self.user_id.name,
            date=self.date_deadline.strftime("%d.%m.%Y"),
        )

    def _owner_sees_case(self):
        """Whether the owner may open the case (a counsellor of its association)."""
        self.ensure_one()
        # sudo: the owner's groups and companies route the task; the current
        # user (e.g. county staff) may not read other companies.
        owner = self.user_id.sudo()
        return (
            owner._has_group("fallmanagement.group_fall_user")
            and self.company_id in owner.company_ids
        )

    def _create_in_case(self):
        """Create each task in the case: an activity or a plan step.

        Tasks for people who cannot open the case (county staff) become
        activities on the agenda item instead: it is visible to the county and
        to the case's association only. Steps and activities are created in
        batches, not one by one.
        """
        tasks = self.filtered(lambda t: t.state == "draft")
        step_tasks = tasks.filtered(lambda t: t.kind == "step")
        # sudo: the decision was recorded on an agenda item the user may
        # write; each step is added to that item's case only.
        steps = (
            self.env["fall.goal.step"]
            .sudo()
            .create(
                [
                    {
                        "goal_id": task.sudo().goal_id.id,
                        "name": task.name,
                        "owner": "counsellor",
                        "due_date": task.date_deadline,
                        "fall_conference_task_id": task.id,
                    }
                    for task in step_tasks
                ]
            )
        )
        for task, step in zip(step_tasks, steps, strict=True):
            # sudo: the task records what was created for it; county staff
            # may not write the plan step field (fallmanagement users only)
            task.sudo().write({"state": "created", "step_id": step.id})
        activity_tasks = tasks - step_tasks
        in_case = activity_tasks.filtered(lambda t: t._owner_sees_case())
        on_item = activity_tasks - in_case
        # the document of each task, in order (tasks may share one)
        self._schedule_task_activities(
            in_case, self.env["fall.case"].browse([t.case_id.id for t in in_case])
        )
        self._schedule_task_activities(
            on_item,
            self.env["fall.conference.agenda.item"].browse(
                [t.item_id.id for t in on_item]
            ),
        )

    def _schedule_task_activities(self, tasks, documents):
        """Schedule the activity of each task on its document, in one batch."""
        activity_type = self.env.ref("fallkonferenz.mail_activity_type_conference_task")
        values_list = []
        for task in tasks:
            conference = task.conference_id
            link = conference._get_html_link(title=conference.display_name)
            values_list.append(
                {
                    "date_deadline": task.date_deadline,
                    "summary": task.name,
                    "note": Markup("<p>%s</p>")
                    % self.env._(
                        "Agreed in the case conference %(conference)s.",
                        conference=link,
                    ),
                    "user_id": task.user_id.id,
                }
            )
        # sudo: see above; activities need write access on the case, which
        # county staff recording the decision do not have.
        activities = schedule_activities(documents.sudo(), activity_type, values_list)
        if not activities:  # none wanted (mail_activity_automation_skip)
            return
        for task, activity in zip(tasks, activities, strict=True):
            # sudo: as for steps; the activity may sit on a case the user
            # recording the decision cannot read
            task.sudo().write({"state": "created", "activity_id": activity.id})
