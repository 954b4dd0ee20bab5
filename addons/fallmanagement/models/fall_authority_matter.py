from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools import deadlines
from ..tools.activities import KEEP, sync_activities
from .base import FALL_EARLIEST
from .res_config_settings import get_days_setting

MATTER_KINDS = [
    ("citizen_benefit", "Citizen's Benefit / Continued Approval"),
    ("housing_benefit", "Housing Benefit"),
    ("child_supplement", "Child Supplement"),
    ("pension", "Pension"),
    ("disability", "Severe Disability"),
    ("health_insurance", "Health Insurance"),
    ("other", "Other"),
]

# Kinds that reveal health data (Art. 9 GDPR).
SENSITIVE_KINDS = ("disability", "health_insurance")

MATTER_TYPES = [
    ("application", "Application"),
    ("decision", "Decision Notice"),
]

OBJECTION_STATES = [
    ("none", "Not Decided"),
    ("planned", "Objection Planned"),
    ("waived", "No Objection"),
    ("filed", "Objection Filed"),
    ("granted", "Granted"),
    ("partly", "Partly Granted"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
]

# The deadline still matters: the client has not objected nor decided not to.
OPEN_OBJECTION_STATES = ("none", "planned")


class FallAuthorityMatter(models.Model):
    _name = "fall.authority.matter"
    _description = "Matter with an Authority"
    _inherit = [
        "fall.sensitivity.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fall.case.line.mixin",
    ]
    _order = "objection_deadline desc, decision_date desc, id desc"
    _check_company_auto = True
    # set by the kind, or by hand for a matter that reveals health data
    _fall_sensitivity_derived = False
    # the client's papers: nothing arrives or is objected to in the future
    _fall_date_ranges = {
        "submitted_date": (FALL_EARLIEST, relativedelta(months=1)),
        "decision_date": (FALL_EARLIEST, relativedelta(months=1)),
        "posted_date": (FALL_EARLIEST, relativedelta(months=1)),
        "received_date": (FALL_EARLIEST, relativedelta()),
        "objection_filed_date": (FALL_EARLIEST, relativedelta()),
        "objection_decision_date": (FALL_EARLIEST, relativedelta()),
    }

    # tracked: should the superuser move it (users cannot), the chatter says so
    case_id = fields.Many2one(tracking=True)
    # the case's client and counsellor, stored for searches, grouping and
    # the record rules on sensitive matters
    client_id = fields.Many2one(
        related="case_id.client_id", string="Client", store=True, index=True
    )
    user_id = fields.Many2one(
        related="case_id.user_id", string="Counsellor", store=True, index=True
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    authority_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('fall_is_client', '=', False)]",
        ondelete="restrict",
    )
    kind = fields.Selection(
        MATTER_KINDS, required=True, default="citizen_benefit", tracking=True
    )
    matter_type = fields.Selection(
        MATTER_TYPES, string="Type", required=True, default="application"
    )
    reference = fields.Char(string="File Reference", help="Aktenzeichen.")
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Reveals health data, e.g. a severe disability or health insurance "
        "matter: visible only to the counsellors of the case and the head of "
        "the association.",
    )
    # Dates
    submitted_date = fields.Date(string="Submitted On", tracking=True)
    decision_date = fields.Date(string="Decision Dated", tracking=True)
    posted_date = fields.Date(
        string="Posted On",
        tracking=True,
        help="Aufgabe zur Post, as noted on the decision. When it is not known, "
        "the date of the decision is used.",
    )
    received_date = fields.Date(string="Received On", tracking=True)
    notification_date = fields.Date(
        string="Notified On",
        compute="_compute_notification_date",
        store=True,
        help="§ 37 (2) SGB X: a decision sent by post counts as notified on the "
        "fourth day after posting (the setting), or on the day it actually "
        "arrived if that was later.",
    )
    is_notification_estimated = fields.Boolean(
        string="Estimated from the Decision Date",
        compute="_compute_notification_date",
        store=True,
    )
    no_legal_remedy_instruction = fields.Boolean(
        string="No Instruction on Legal Remedies",
        help="The decision has no or a wrong instruction on legal remedies "
        "(Rechtsbehelfsbelehrung): the objection deadline is one year "
        "(§ 66 (2) SGG).",
    )
    objection_deadline = fields.Date(
        compute="_compute_objection_deadline",
        store=True,
        tracking=True,
        help="One month after notification; moved to the next working day when it "
        "ends on a weekend or a public holiday in Lower Saxony (§ 84 (1), "
        "§ 64 SGG).",
    )
    explained_to_client = fields.Boolean(
        string="Explained to the Client", tracking=True
    )
    # Objection (Widerspruch)
    objection_state = fields.Selection(
        OBJECTION_STATES,
        string="Objection",
        required=True,
        default="none",
        tracking=True,
    )
    objection_filed_date = fields.Date(string="Objection Filed On", tracking=True)
    objection_decision_date = fields.Date(string="Objection Decided On")
    objection_outcome = fields.Text(string="Outcome of the Objection")
    note = fields.Text()

    @api.depends("kind")
    def _compute_is_sensitive(self):
        for matter in self:
            matter.is_sensitive = matter.kind in SENSITIVE_KINDS

    @api.depends("posted_date", "decision_date", "received_date")
    def _compute_notification_date(self):
        days = get_days_setting(self.env, "fallmanagement.notification_days")
        for matter in self:
            posted = matter.posted_date or matter.decision_date
            matter.notification_date = deadlines.notification_date(
                posted, matter.received_date, days=days
            )
            matter.is_notification_estimated = bool(
                matter.decision_date and not matter.posted_date
            )

    @api.depends("notification_date", "no_legal_remedy_instruction")
    def _compute_objection_deadline(self):
        for matter in self:
            months = 12 if matter.no_legal_remedy_instruction else 1
            matter.objection_deadline = deadlines.objection_deadline(
                matter.notification_date, months=months
            )

    @api.constrains(
        "submitted_date",
        "decision_date",
        "posted_date",
        "received_date",
        "objection_filed_date",
        "objection_decision_date",
    )
    def _check_dates(self):
        # single dates: _fall_date_ranges
        for matter in self:
            if (
                matter.posted_date
                and matter.decision_date
                and matter.posted_date < matter.decision_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(matter)s: the decision cannot have been posted "
                        "(%(posted)s) before the date it bears (%(dated)s).",
                        matter=matter.name,
                        posted=format_date(self.env, matter.posted_date),
                        dated=format_date(self.env, matter.decision_date),
                    )
                )
            sent = matter.posted_date or matter.decision_date
            if matter.received_date and sent and matter.received_date < sent:
                raise ValidationError(
                    self.env._(
                        "%(matter)s: the decision cannot have arrived (%(received)s) "
                        "before it was sent (%(sent)s).",
                        matter=matter.name,
                        received=format_date(self.env, matter.received_date),
                        sent=format_date(self.env, sent),
                    )
                )
            if (
                matter.matter_type == "application"
                and matter.submitted_date
                and matter.decision_date
                and matter.decision_date < matter.submitted_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(matter)s: the decision (%(dated)s) cannot be older than "
                        "the application (%(submitted)s).",
                        matter=matter.name,
                        dated=format_date(self.env, matter.decision_date),
                        submitted=format_date(self.env, matter.submitted_date),
                    )
                )
            if (
                matter.objection_filed_date
                and matter.decision_date
                and matter.objection_filed_date < matter.decision_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(matter)s: an objection cannot be filed before the "
                        "decision was made.",
                        matter=matter.name,
                    )
                )
            if (
                matter.objection_decision_date
                and matter.objection_filed_date
                and matter.objection_decision_date < matter.objection_filed_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(matter)s: the objection cannot be decided before it "
                        "was filed.",
                        matter=matter.name,
                    )
                )

    @api.constrains("objection_state", "objection_filed_date", "decision_date")
    def _check_objection(self):
        for matter in self:
            if matter.objection_state in OPEN_OBJECTION_STATES + ("waived",):
                continue
            if not matter.decision_date:
                raise ValidationError(
                    self.env._(
                        "%(matter)s: there is no decision to object to yet: please "
                        "enter the date of the decision.",
                        matter=matter.name,
                    )
                )
            if not matter.objection_filed_date:
                raise ValidationError(
                    self.env._(
                        "%(matter)s: please enter the date on which the objection "
                        "was filed.",
                        matter=matter.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Plan the deadline reminder of new decisions."""
        matters = super().create(vals_list)
        matters._sync_deadline_activity()
        return matters

    def write(self, vals):
        """Move the deadline reminder along with the deadline."""
        res = super().write(vals)
        if {
            "decision_date",
            "posted_date",
            "received_date",
            "no_legal_remedy_instruction",
            "objection_state",
            "case_id",
        } & vals.keys():
            self._sync_deadline_activity()
        return res

    def _fall_sensitivity_note(self):
        self.ensure_one()
        if self.is_sensitive:
            return self.env._(
                "A matter with an authority of this case was marked as sensitive: "
                "only the counsellors of the case and the head of the association "
                "see it."
            )
        return self.env._(
            "The matter with an authority “%(matter)s” is no longer marked as "
            "sensitive: every counsellor of the association sees it now.",
            matter=self.name,
        )

    def _sync_deadline_activity(self):
        """Create, move or drop the reminder of the objection deadline.

        The activity falls due the set number of days before the deadline (not
        before today); it goes away once the client has objected or decided
        not to.
        """
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_objection_deadline"
        )
        days = get_days_setting(self.env, "fallmanagement.deadline_reminder_days")
        today = fields.Date.context_today(self)

        def reminder(matter):
            deadline = matter.objection_deadline
            if not deadline or matter.objection_state not in OPEN_OBJECTION_STATES:
                return None
            if deadline < today:
                return KEEP
            return {
                "date_deadline": max(deadline - relativedelta(days=days), today),
                "summary": self.env._(
                    "Objection deadline ends on %(date)s",
                    date=format_date(self.env, deadline),
                ),
                "user_id": (matter.user_id or self.env.user).id,
            }

        sync_activities(self, activity_type, reminder)
