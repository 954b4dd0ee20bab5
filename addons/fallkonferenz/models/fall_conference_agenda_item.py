from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.fallmanagement.models.fall_case import CLOSURE_REASONS, JOB_KINDS

from .fall_conference_calendar_mixin import CONFERENCE_TZ

ITEM_STATES = [
    ("open", "Open"),
    ("decided", "Decided"),
    ("noted", "Noted"),
    ("postponed", "Postponed"),
]

# Agenda item field -> case field shown to the county (see
# fall.case._fall_county_visible_fields).
CASE_SUMMARY_FIELDS = {
    "case_stage_id": "stage_id",
    "case_user_id": "user_id",
    "case_assignment_date": "assignment_date",
    "case_opened_date": "opened_date",
    "case_review_date": "review_date",
    "case_plan_review_due_date": "plan_review_due_date",
    "case_customer_number": "customer_number",
    "case_county_contact_id": "county_contact_id",
    "case_closed_date": "closed_date",
    "case_closure_reason": "closure_reason",
    "case_job_start_date": "job_start_date",
    "case_job_kind": "job_kind",
    "case_contact_hours": "contact_hours",
}

# The time planned for one case: a few minutes up to a working day.
MAX_ITEM_HOURS = 8

# Fields that decide whose case is on which agenda (and so what the county
# sees): only counsellors who may read the case set them.
CASE_FIELDS = {"case_id", "conference_id"}


class FallConferenceAgendaItem(models.Model):
    _name = "fall.conference.agenda.item"
    _description = "Agenda Item of a Case Conference"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "conference_id, sequence, id"
    _rec_name = "case_name"
    _check_company_auto = True
    # an item stays with the case it was put on the agenda for
    _fall_immutable_fields = ("case_id",)

    conference_id = fields.Many2one(
        "fall.conference",
        required=True,
        ondelete="cascade",
        index=True,
    )
    conference_start = fields.Datetime(
        related="conference_id.start", string="Conference Date", store=True
    )
    conference_state = fields.Selection(related="conference_id.state")
    sequence = fields.Integer(default=10)
    case_id = fields.Many2one(
        "fall.case",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('is_closed', '=', False)]",
        help="Only counsellors who may read the case put it on the agenda.",
    )
    case_name = fields.Char(
        related="case_id.name", string="Case Number", store=True, index="trigram"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", string="Association", store=True, index=True
    )
    association_name = fields.Char(
        related="case_id.company_id.name",
        string="Name of the Association",
        help="The county cannot read the companies of the associations, but "
        "may see their names.",
    )
    presenter_id = fields.Many2one(
        "res.users",
        compute="_compute_presenter_id",
        store=True,
        readonly=False,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    question = fields.Text(
        string="Question to the Conference",
        help="What the conference should decide or advise on. No details about "
        "health, addiction or family beyond what the question needs.",
    )
    proposal_reason = fields.Char(string="Proposed Because", readonly=True)
    duration = fields.Float(
        string="Time (Hours)", default=0.25, help="Time planned for this case."
    )
    time_slot = fields.Char(compute="_compute_time_slot", compute_sudo=True)
    state = fields.Selection(
        ITEM_STATES, string="Result", default="open", required=True, copy=False
    )
    result = fields.Text(string="Discussion Result", copy=False)
    decision = fields.Text(string="Decisions", copy=False)
    decision_date = fields.Datetime(string="Recorded On", readonly=True, copy=False)
    task_ids = fields.One2many("fall.conference.task", "item_id", copy=False)
    # What the county sees of the case (non-stored, filled within its access
    # period and only with the fields the case allows).
    case_info_visible = fields.Boolean(
        string="Case Details Visible", compute="_compute_case_summary"
    )
    case_stage_id = fields.Many2one(
        "fall.case.stage", string="Phase", compute="_compute_case_summary"
    )
    case_user_id = fields.Many2one(
        "res.users", string="Counsellor", compute="_compute_case_summary"
    )
    case_assignment_date = fields.Date(
        string="Assignment Date", compute="_compute_case_summary"
    )
    case_opened_date = fields.Date(string="Opened On", compute="_compute_case_summary")
    case_review_date = fields.Date(
        string="Next Review", compute="_compute_case_summary"
    )
    case_plan_review_due_date = fields.Date(
        string="Plan Review Due", compute="_compute_case_summary"
    )
    case_customer_number = fields.Char(
        string="Customer Number", compute="_compute_case_summary"
    )
    case_county_contact_id = fields.Many2one(
        "res.partner", string="County Contact", compute="_compute_case_summary"
    )
    case_closed_date = fields.Date(string="Closed On", compute="_compute_case_summary")
    case_closure_reason = fields.Selection(
        CLOSURE_REASONS, string="Closure Reason", compute="_compute_case_summary"
    )
    case_job_start_date = fields.Date(
        string="Job Start Date", compute="_compute_case_summary"
    )
    case_job_kind = fields.Selection(
        JOB_KINDS, string="Kind of Employment", compute="_compute_case_summary"
    )
    case_contact_hours = fields.Float(
        string="Counselling Hours", compute="_compute_case_summary"
    )
    # Without the client's consent an empty number or "00:00" hours would
    # read as "none": the form and the workbook say "not shared" instead.
    case_customer_number_shared = fields.Boolean(
        string="Customer Number Shared", compute="_compute_case_summary"
    )
    case_contact_hours_shared = fields.Boolean(
        string="Counselling Hours Shared", compute="_compute_case_summary"
    )

    _sql_constraints = [
        (
            "conference_case_uniq",
            "unique(conference_id, case_id)",
            "A case can be put on the agenda of a conference only once.",
        ),
    ]

    @api.constrains("duration")
    def _check_duration(self):
        for item in self:
            if not 0 < item.duration <= MAX_ITEM_HOURS:
                raise ValidationError(
                    self.env._(
                        "The time planned for case %(case)s must lie between 0 and "
                        "%(max)s hours (entered: %(duration)s).",
                        case=item.case_name,
                        max=MAX_ITEM_HOURS,
                        duration=item.duration,
                    )
                )

    @api.depends("case_id")
    def _compute_presenter_id(self):
        for item in self:
            if not item.presenter_id:
                item.presenter_id = item.case_id.user_id

    @api.depends(
        "sequence",
        "duration",
        "conference_id.start",
        "conference_id.agenda_item_ids.sequence",
        "conference_id.agenda_item_ids.duration",
    )
    def _compute_time_slot(self):
        # compute_sudo: the slot depends on the items of every association;
        # only times are derived from them.
        tz = pytz.timezone(CONFERENCE_TZ)

        def local_time(value):
            return pytz.utc.localize(value).astimezone(tz).strftime("%H:%M")

        self.time_slot = ""
        for conference in self.conference_id.filtered("start"):
            start = conference.start
            for item in conference.agenda_item_ids.sorted(self._agenda_order):
                stop = start + timedelta(hours=item.duration)
                if item in self:
                    item.time_slot = f"{local_time(start)}–{local_time(stop)}"
                start = stop

    @api.model
    def _agenda_order(self, item):
        """Sort key of the agenda; unsaved items (planning form) come last."""
        return (item.sequence, item._origin.id or float("inf"))

    @api.depends("case_id", "conference_id.start", "conference_id.state")
    @api.depends_context("uid")
    def _compute_case_summary(self):
        """Fill the case summary, for the county only within its access period.

        Counsellors of the case's association can open the case itself; for
        them the summary is always filled. For everybody else (county staff)
        it is filled only while the conference grants access, and only with
        the fields the case allows (``fall.case._fall_county_visible_fields``).
        """
        user = self.env.user
        is_counsellor = user.has_group("fallmanagement.group_fall_user")
        # sudo: the summary fields are a fixed, non-sensitive selection; the
        # case itself stays unreadable for the county.
        items_sudo = self.sudo()
        visible_fields = items_sudo.case_id._fall_county_visible_fields()
        for item, item_sudo in zip(self, items_sudo, strict=True):
            case = item_sudo.case_id
            if is_counsellor and item.company_id in user.company_ids:
                allowed = set(CASE_SUMMARY_FIELDS.values())
                visible = True
            else:
                visible = item_sudo._county_access_granted()
                allowed = visible_fields.get(case.id, set()) if visible else set()
            item.case_info_visible = visible
            item.case_customer_number_shared = "customer_number" in allowed
            item.case_contact_hours_shared = "contact_hours" in allowed
            for fname, case_fname in CASE_SUMMARY_FIELDS.items():
                if case and case_fname in allowed:
                    item[fname] = case[case_fname]
                else:
                    item[fname] = False

    @api.model
    def _mail_get_company_field(self):
        """Mail uses the current company: the county reads items of every
        association but not the associations' companies."""
        return False

    def _county_access_granted(self):
        """Whether the conference of this item still grants the county access."""
        self.ensure_one()
        conference = self.conference_id
        if not conference or conference.state == "cancelled":
            return False
        today = fields.Date.context_today(self)
        return bool(
            conference.county_access_until and today <= conference.county_access_until
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Check that the user may put the case on the agenda."""
        for vals in vals_list:
            # before the conference is read from vals
            self._fall_check_input(vals, creating=True)
        if not self.env.su:
            # before creating: an item makes its association take part, and
            # so the conference visible to its counsellors
            conference_ids = {vals.get("conference_id") for vals in vals_list}
            self.env["fall.conference"].browse(
                [cid for cid in conference_ids if cid]
            ).check_access("read")
        items = super().create(vals_list)
        items._check_case_access()
        items._check_conference_open()
        items.conference_id._sync_meeting()
        return items

    def write(self, vals):
        """Protect the case link; keep the calendar agenda up to date."""
        self._fall_check_input(vals, creating=False)  # before reading conference_id
        if CASE_FIELDS & vals.keys():
            self._check_conference_open()
            if vals.get("conference_id") and not self.env.su:
                self.env["fall.conference"].browse(vals["conference_id"]).check_access(
                    "read"
                )
        conferences = self.conference_id
        res = super().write(vals)
        if CASE_FIELDS & vals.keys():
            self._check_case_access()
            self._check_conference_open()
        if {"case_id", "conference_id", "sequence", "duration"} & vals.keys():
            (conferences | self.conference_id)._sync_meeting()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_conference(self):
        self._check_conference_open()

    def unlink(self):
        """Keep the calendar agenda up to date."""
        conferences = self.conference_id
        res = super().unlink()
        conferences.exists()._sync_meeting()
        return res

    def _check_case_access(self):
        """Only counsellors who may read the case put it on an agenda.

        Putting a case on an agenda grants county participants a view of it,
        so neither county staff nor counsellors of another association may
        link a case.
        """
        if self.env.su:
            return
        if not self.env.user.has_group("fallmanagement.group_fall_user"):
            raise AccessError(
                self.env._(
                    "Only counsellors can put cases of their association on the agenda."
                )
            )
        self.case_id.check_access("read")

    def _check_conference_open(self):
        for item in self:
            if item.conference_id.state not in ("planned", "invited"):
                raise UserError(
                    self.env._(
                        "The agenda of conference %(name)s cannot be changed any more.",
                        name=item.conference_id.display_name,
                    )
                )

    def action_record_decision(self):
        """Record the result: create the agreed tasks in the case and log it."""
        for item in self:
            if item.conference_id.state not in ("planned", "invited", "done"):
                raise UserError(
                    self.env._("The minutes of this conference are closed.")
                )
            if not (item.result or item.decision):
                raise UserError(
                    self.env._(
                        "Please enter the discussion result or the decisions for "
                        "case %(case)s first.",
                        case=item.case_name,
                    )
                )
            vals = {"decision_date": fields.Datetime.now()}
            if item.state == "open":
                vals["state"] = "decided"
            item.write(vals)
            tasks = item.task_ids.filtered(lambda t: t.state == "draft")
            tasks._create_in_case()
            item._post_decision_in_case(tasks)
        return True

    def action_postpone(self):
        """Postpone the case to a later conference."""
        self.write({"state": "postponed", "decision_date": fields.Datetime.now()})
        return True

    def action_open_item(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Agenda Item %(case)s", case=self.case_name),
        }

    def _post_decision_in_case(self, tasks):
        """Let the result flow back into the case as an internal note."""
        self.ensure_one()
        conference = self.conference_id
        body = Markup("<p>%s</p>") % self.env._(
            "Case conference %(conference)s: %(state)s.",
            conference=conference._get_html_link(title=conference.display_name),
            state=dict(self._fields["state"]._description_selection(self.env))[
                self.state
            ],
        )
        if self.result:
            body += Markup("<p><strong>%s</strong><br/>%s</p>") % (
                self.env._("Discussion result:"),
                self.result,
            )
        if self.decision:
            body += Markup("<p><strong>%s</strong><br/>%s</p>") % (
                self.env._("Decisions:"),
                self.decision,
            )
        if tasks:
            body += Markup("<p><strong>%s</strong></p><ul>%s</ul>") % (
                self.env._("Tasks:"),
                Markup().join(
                    Markup("<li>%s</li>") % task._get_summary() for task in tasks
                ),
            )
        # sudo: the decision was recorded on an agenda item the user may
        # write; it goes into this item's case only. The flag has served.
        case = self.case_id.sudo()
        case.message_post(body=body, subtype_xmlid="mail.mt_note")
        if case.fall_conference_flag:
            case.fall_conference_flag = False
