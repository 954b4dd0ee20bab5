from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..tools.activities import schedule_activities
from ..tools.cron import CRON_BATCH_SIZE, run_in_batches
from .base import FALL_EARLIEST

PLAN_REVIEW_MONTHS = 6
PLAN_REVIEW_REMINDER_DAYS = 14
# Nachbetreuung after a job start: ten years at most
MAX_FOLLOW_UP_MONTHS = 120

CLOSURE_REASONS = [
    ("job", "Job Start"),
    ("measure", "Measure / Training"),
    ("moved", "Moved Away"),
    ("not_eligible", "No Longer Eligible"),
    ("dropped_out", "Dropped Out"),
    ("other", "Other"),
]

JOB_KINDS = [
    ("insured", "Employment Subject to Social Insurance"),
    ("minijob", "Minijob"),
    ("apprenticeship", "Apprenticeship"),
    ("measure", "Measure"),
]


# What the county may see of a case on the agenda of a conference it takes
# part in (shown on the agenda item, never the case itself) and in the case
# list of the workbooks for the county. Client names,
# barriers, plan, contacts, notes, documents and chatter are never here.
#
# The conference's process data: the county commissions the case management
# and puts the case on the agenda; no further consent is needed.
FALL_COUNTY_BASE_FIELDS = (
    "name",
    "company_id",
    "stage_id",
    "user_id",
    "assignment_date",
    "county_contact_id",
    "opened_date",
    "review_date",
    "plan_review_due_date",
)
# Data about the client: shown only with a valid consent of the client for the
# county (fall.consent, recipient "county") covering the data category with
# this code; None: any valid consent for the county covers it.
FALL_COUNTY_CONSENT_FIELDS = {
    "customer_number": "customer_number",
    "contact_hours": None,
    "closed_date": None,
    "closure_reason": None,
    "job_start_date": None,
    "job_kind": None,
}
FALL_COUNTY_FIELDS = FALL_COUNTY_BASE_FIELDS + tuple(FALL_COUNTY_CONSENT_FIELDS)


class FallCase(models.Model):
    _name = "fall.case"
    _description = "Case File"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, review_date, id desc"
    _check_company_auto = True
    # The case number identifies the case; the association owns it: a case
    # never moves to another association.
    _fall_immutable_fields = ("name", "company_id")
    _fall_date_ranges = {
        "assignment_date": (FALL_EARLIEST, relativedelta(months=1)),
        "opened_date": (FALL_EARLIEST, relativedelta(months=1)),
        "closed_date": (FALL_EARLIEST, relativedelta(months=1)),
        "review_date": (FALL_EARLIEST, relativedelta(years=2)),
        "plan_reviewed_date": (FALL_EARLIEST, relativedelta()),
        "job_start_date": (FALL_EARLIEST, relativedelta(years=1)),
    }

    @api.model
    def _default_stage_id(self):
        return self.env["fall.case.stage"].search([("is_closed", "=", False)], limit=1)

    name = fields.Char(
        string="Case Number", readonly=True, copy=False, default="/", index="trigram"
    )
    client_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('fall_is_client', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Association",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Counsellor",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    counsellor_ids = fields.Many2many(
        "res.users",
        "fall_case_counsellor_rel",
        "case_id",
        "user_id",
        string="Deputy Counsellors",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Counsellors who stand in for the responsible counsellor: they see "
        "the sensitive barriers and confidential notes of this case. Only the "
        "responsible counsellor and the head of the association can change them; "
        "every change is logged in the chatter.",
    )
    stage_id = fields.Many2one(
        "fall.case.stage",
        string="Phase",
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    active = fields.Boolean(default=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    # County assignment (Zuweisung)
    assignment_date = fields.Date(tracking=True)
    county_contact_id = fields.Many2one(
        "res.partner",
        check_company=True,
        help="Contact person at the county's Geschäftsbereich Arbeit.",
        domain="[('fall_is_client', '=', False)]",
    )
    # stored: the case lists and kanban show the name without reading the
    # client's contact (its display name is computed)
    client_name = fields.Char(
        related="client_id.name", string="Client Name", store=True
    )
    # stored: shown in the case lists and the county's case list, searched
    customer_number = fields.Char(
        related="client_id.fall_customer_number", store=True, index="btree_not_null"
    )
    bg_number = fields.Char(related="client_id.fall_bg_number")
    # Life cycle
    opened_date = fields.Date(
        string="Opened On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    closed_date = fields.Date(string="Closed On", tracking=True, copy=False)
    closure_reason = fields.Selection(CLOSURE_REASONS, tracking=True, copy=False)
    closure_note = fields.Text(copy=False)
    duration_days = fields.Integer(
        string="Case Duration (Days)",
        compute="_compute_duration_days",
        store=True,
        aggregator="avg",
        help="Days from the opening to the closing of a closed case.",
    )
    review_date = fields.Date(
        string="Next Review",
        tracking=True,
        help="Wiedervorlage: the counsellor gets an activity on this date.",
    )
    plan_reviewed_date = fields.Date(
        string="Plan Last Reviewed", tracking=True, copy=False
    )
    plan_review_due_date = fields.Date(
        string="Plan Review Due",
        compute="_compute_plan_review_due_date",
        store=True,
        help="The cooperation plan is reviewed at least every six months.",
    )
    is_review_due = fields.Boolean(
        compute="_compute_is_review_due", search="_search_is_review_due"
    )
    # Content
    barrier_ids = fields.One2many("fall.case.barrier", "case_id", string="Barriers")
    goal_ids = fields.One2many("fall.goal", "case_id", string="Goals")
    step_ids = fields.One2many("fall.goal.step", "case_id", string="Steps")
    contact_ids = fields.One2many(
        "fall.contact", "case_id", string="Counselling Contacts"
    )
    contact_hours = fields.Float(
        string="Counselling Hours",
        compute="_compute_contact_hours",
        store=True,
        aggregator="sum",
    )
    # Outcome
    job_start_date = fields.Date(tracking=True, copy=False)
    employer_id = fields.Many2one(
        "res.partner", check_company=True, domain="[('fall_is_client', '=', False)]"
    )
    job_kind = fields.Selection(JOB_KINDS, string="Kind of Employment", copy=False)
    follow_up_months = fields.Integer(
        string="Follow-up (Months)",
        default=6,
        help="Nachbetreuung after the job start.",
    )
    follow_up_end_date = fields.Date(
        string="Follow-up Until", compute="_compute_follow_up_end_date", store=True
    )

    def init(self):
        res = super().init()
        # The open cases of an association in the default order of the case
        # lists: the first page is read from the index, not sorted.
        create_index(
            self.env.cr,
            "fall_case_open_list_index",
            self._table,
            ["company_id", "priority DESC", "review_date", "id DESC"],
            where="active AND (is_closed IS NULL OR is_closed = false)",
        )
        return res

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("plan_reviewed_date", "opened_date")
    def _compute_plan_review_due_date(self):
        for case in self:
            base = case.plan_reviewed_date or case.opened_date
            case.plan_review_due_date = (
                base + relativedelta(months=PLAN_REVIEW_MONTHS) if base else False
            )

    @api.depends("review_date", "plan_review_due_date", "is_closed")
    def _compute_is_review_due(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.is_review_due = not case.is_closed and any(
                date and date <= today
                for date in (case.review_date, case.plan_review_due_date)
            )

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on due reviews."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [
                ("is_closed", "=", False),
                "|",
                ("review_date", "<=", today),
                ("plan_review_due_date", "<=", today),
            ]
        # Spelled out instead of negated: a negated "<=" misses empty dates.
        return [
            "|",
            ("is_closed", "=", True),
            "&",
            "|",
            ("review_date", "=", False),
            ("review_date", ">", today),
            "|",
            ("plan_review_due_date", "=", False),
            ("plan_review_due_date", ">", today),
        ]

    @api.depends("contact_ids.duration")
    def _compute_contact_hours(self):
        # The total includes the confidential contacts and reveals nothing of
        # their content. They are searched as superuser rather than read from
        # ``contact_ids``: the cache may hold that field as a colleague read it,
        # without the contacts hidden from him.
        saved = self.filtered("id")
        contacts = (
            self.env["fall.contact"].sudo().search([("case_id", "in", saved.ids)])
        )
        hours = dict.fromkeys(saved.ids, 0.0)
        for contact in contacts:
            hours[contact.case_id.id] += contact.duration
        for case in self:
            if case.id:
                case.contact_hours = hours[case.id]
            else:  # a record in a form (onchange): the lines it shows
                case.contact_hours = sum(case.contact_ids.mapped("duration"))

    @api.depends("opened_date", "closed_date")
    def _compute_duration_days(self):
        for case in self:
            case.duration_days = (
                (case.closed_date - case.opened_date).days
                if case.closed_date and case.opened_date
                else 0
            )

    @api.depends("job_start_date", "follow_up_months")
    def _compute_follow_up_end_date(self):
        for case in self:
            case.follow_up_end_date = (
                case.job_start_date + relativedelta(months=case.follow_up_months)
                if case.job_start_date
                else False
            )

    @api.constrains("opened_date", "closed_date", "assignment_date")
    def _check_dates(self):
        for case in self:
            if case.closed_date and case.closed_date < case.opened_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the closing date (%(closed)s) lies before "
                        "the opening date (%(opened)s).",
                        case=case.name,
                        closed=case.closed_date,
                        opened=case.opened_date,
                    )
                )
            if case.assignment_date and case.assignment_date > case.opened_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the county assignment (%(assigned)s) cannot "
                        "be later than the opening of the case (%(opened)s).",
                        case=case.name,
                        assigned=case.assignment_date,
                        opened=case.opened_date,
                    )
                )

    @api.constrains("follow_up_months")
    def _check_follow_up_months(self):
        for case in self:
            if not 0 <= case.follow_up_months <= MAX_FOLLOW_UP_MONTHS:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the follow-up lasts from 0 to %(max)s months "
                        "(entered: %(months)s).",
                        case=case.name,
                        max=MAX_FOLLOW_UP_MONTHS,
                        months=case.follow_up_months,
                    )
                )

    @api.constrains("stage_id", "closed_date", "closure_reason", "job_start_date")
    def _check_closure(self):
        for case in self:
            if case.is_closed and not case.closure_reason:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s cannot be closed without a closure reason.",
                        case=case.name,
                    )
                )
            if case.is_closed and not case.closed_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s cannot be closed without a closing date.",
                        case=case.name,
                    )
                )
            if not case.is_closed and case.closed_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s has a closing date but is not in a closing "
                        "phase: move it to the phase 'Closed' or clear the date.",
                        case=case.name,
                    )
                )
            if case.closure_reason == "job" and not case.job_start_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s is closed because of a job start: please enter "
                        "the job start date.",
                        case=case.name,
                    )
                )

    @api.constrains("client_id", "company_id")
    def _check_client_is_client(self):
        for case in self:
            if not case.client_id.fall_is_client:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not marked as a client.",
                        name=case.client_id.display_name,
                    )
                )

    @api.constrains("client_id", "company_id", "active", "stage_id")
    def _check_one_open_case_per_client(self):
        """One open case per client and association.

        A second open case would make its counsellor one of the client's
        counsellors, who see the client's sensitive consents.
        """
        # sudo: every open case of the client counts, not only those the user
        # may read; only its number is shown, which the association sees
        Case = self.sudo()
        for case in self.filtered(lambda c: c.active and not c.is_closed):
            other = Case.search(
                [
                    ("client_id", "=", case.client_id.id),
                    ("company_id", "=", case.company_id.id),
                    ("is_closed", "=", False),
                    ("id", "!=", case.id),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(client)s already has an open case (%(case)s): a client "
                        "can have only one open case per association. Continue "
                        "that case, or close it first.",
                        client=case.client_id.display_name,
                        case=other.name,
                    )
                )

    @api.onchange("stage_id")
    def _onchange_stage_id(self):
        if self.is_closed and not self.closed_date:
            self.closed_date = fields.Date.context_today(self)
        elif not self.is_closed:
            self.closed_date = False

    @api.model_create_multi
    def create(self, vals_list):
        """Number each case in the sequence of its association.

        The numbers are taken inside the transaction: a create that fails
        (bad input, a constraint, a record rule) takes no number away.
        """
        to_number = defaultdict(list)
        for vals in vals_list:
            # before the company and the numbers are read from vals
            self._fall_check_input(vals, creating=True)
            if vals.get("name", "/") == "/":
                to_number[vals.get("company_id") or self.env.company.id].append(vals)
        Company = self.env["res.company"]
        for company_id, company_vals in to_number.items():
            sequence = self._get_case_sequence(Company.browse(company_id))
            numbers = self._take_case_numbers(sequence, len(company_vals))
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["name"] = number
        self._fall_check_may_set_counsellors_on_create(vals_list)
        cases = super().create(vals_list)
        cases._flush_counsellor_access()
        cases._sync_review_activity()
        cases._fall_log_new_case()
        return cases

    def write(self, vals):
        """Keep the review reminder in step with the review date."""
        self._fall_check_input(vals, creating=False)  # before reading stage_id
        if "stage_id" in vals and "closed_date" not in vals:
            stage = self.env["fall.case.stage"].browse(vals["stage_id"])
            if stage.is_closed:
                vals["closed_date"] = fields.Date.context_today(self)
            else:
                vals["closed_date"] = False
        counsellors_before = None
        if {"user_id", "counsellor_ids"} & vals.keys():
            counsellors_before = {
                case.id: (case.user_id, case.counsellor_ids) for case in self
            }
        res = super().write(vals)
        if counsellors_before:
            self._fall_counsellors_changed(counsellors_before)
        if {"user_id", "counsellor_ids", "client_id", "active"} & vals.keys():
            self._flush_counsellor_access()
        if {"review_date", "user_id", "stage_id"} & vals.keys():
            self._sync_review_activity()
        return res

    def _flush_counsellor_access(self):
        """Store at once who counsels the clients: the record rules on their
        sensitive consents read it (a many2many the rules' SQL does not flush
        by itself)."""
        self.env["res.partner"].flush_model(["fall_counsellor_user_ids"])

    # Who counsels a case decides who sees its sensitive data: the
    # responsible counsellor (user_id) and the deputies (counsellor_ids) are
    # set by the head of the association or by the responsible counsellor,
    # and every change is logged in the case's chatter.

    def _fall_may_assign(self, responsible):
        """Whether the user may change who counsels a case of ``responsible``."""
        return (
            self.env.su
            or self.env.user.has_group("fallmanagement.group_fall_manager")
            or self.env.user == responsible
        )

    def _fall_assign_refused(self, case_name):
        return AccessError(
            self.env._(
                "Only the responsible counsellor of case %(case)s and the head of "
                "the association can change its counsellor or deputies.",
                case=case_name,
            )
        )

    @api.model
    def _fall_check_may_set_counsellors_on_create(self, vals_list):
        for vals in vals_list:
            if not vals.get("counsellor_ids"):
                continue
            responsible = self.env["res.users"].browse(
                vals.get("user_id", self.env.uid)
            )
            if not self._fall_may_assign(responsible):
                raise self._fall_assign_refused(vals["name"])

    def _fall_counsellors_changed(self, before):
        """Refuse a change the user may not make; log each change."""
        for case in self:
            old_user, old_deputies = before[case.id]
            added = case.counsellor_ids - old_deputies
            removed = old_deputies - case.counsellor_ids
            if old_user == case.user_id and not added and not removed:
                continue
            if not self._fall_may_assign(old_user):
                raise self._fall_assign_refused(case.name)
            lines = []
            context = self.env.context
            if old_user != case.user_id and (
                context.get("tracking_disable") or context.get("mail_notrack")
            ):
                # tracked by Odoo unless the caller switched tracking off
                lines.append(
                    self.env._(
                        "Responsible counsellor changed from %(old)s to %(new)s.",
                        old=old_user.name or "–",
                        new=case.user_id.name or "–",
                    )
                )
            if added:
                lines.append(
                    self.env._(
                        "Deputies added: %(users)s.",
                        users=", ".join(added.mapped("name")),
                    )
                )
            if removed:
                lines.append(
                    self.env._(
                        "Deputies removed: %(users)s.",
                        users=", ".join(removed.mapped("name")),
                    )
                )
            if lines:
                case._fall_log(lines)

    def _fall_log_new_case(self):
        """Log the deputies of a new case and a client's earlier cases."""
        if self.env.su:
            return  # data loaded by the system (demo, generator): no notes
        for case in self:
            lines = []
            if case.counsellor_ids:
                lines.append(
                    self.env._(
                        "Deputies added: %(users)s.",
                        users=", ".join(case.counsellor_ids.mapped("name")),
                    )
                )
            # sudo: archived cases count too; only their numbers are shown
            earlier = (
                self.sudo()
                .with_context(active_test=False)
                .search(
                    [("client_id", "=", case.client_id.id), ("id", "!=", case.id)],
                    order="opened_date, id",
                )
            )
            if earlier:
                note = self.env._(
                    "New case %(case)s for a client with earlier cases: %(cases)s.",
                    case=case.name,
                    cases=", ".join(earlier.mapped("name")),
                )
                lines.append(note)
                case.client_id.sudo()._message_log(body=Markup("<p>%s</p>") % note)
            if lines:
                case._fall_log(lines)

    def _fall_log(self, lines):
        """A note in the case's chatter, by the user, whoever may read it."""
        self.ensure_one()
        body = Markup("").join(Markup("<p>%s</p>") % line for line in lines)
        # sudo: the note states who changed the counsellors of the case; it
        # holds nothing its readers may not see
        self.sudo()._message_log(body=body, author_id=self.env.user.partner_id.id)

    @api.model
    def _get_case_sequence(self, company):
        """The (sudo) sequence numbering the cases of ``company``.

        Created on first use, without gaps (``no_gap``): its counter is a
        column of ``ir_sequence`` that a rolled back transaction resets, where
        a PostgreSQL sequence would keep the numbers of failed creates.
        """
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "fall.case"), ("company_id", "=", company.id)], limit=1
            )
        )
        if not sequence:
            # sudo: counsellors may not create sequences; this one only numbers
            # the cases of their own association.
            prefix = company.fall_case_prefix or company.name[:4].upper()
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "Case Files %(company)s", company=company.name
                        ),
                        "code": "fall.case",
                        "company_id": company.id,
                        "prefix": f"{prefix}-%(year)s-",
                        "padding": 4,
                        "implementation": "no_gap",
                    }
                )
            )
        return sequence

    @api.model
    def _take_case_numbers(self, sequence, count):
        """The next ``count`` case numbers of ``sequence``, in one query.

        The counter of a no-gap sequence is updated in the transaction: the
        numbers come back if the transaction fails, and the row stays locked
        until it ends, so that a second transaction creating cases of the
        same association waits instead of taking the same numbers.
        """
        if sequence.implementation != "no_gap":
            return [sequence.next_by_id() for _index in range(count)]
        sequence.flush_recordset(["number_next"])
        self.env.cr.execute(
            SQL(
                "UPDATE ir_sequence SET number_next = number_next + %s * "
                "number_increment WHERE id = %s RETURNING number_next, "
                "number_increment",
                count,
                sequence.id,
            )
        )
        stop, step = self.env.cr.fetchone()
        sequence.invalidate_recordset(["number_next"])
        first = stop - count * step
        return [sequence.get_next_char(first + index * step) for index in range(count)]

    @api.model
    def _make_case_sequences_gapless(self):
        """Turn case sequences of PostgreSQL (before 18.0.1.1.0) into no-gap
        sequences that continue with their next number."""
        # sudo: sequences are configuration; called by the migration
        sequences = (
            self.env["ir.sequence"]
            .sudo()
            .search([("code", "=", "fall.case"), ("implementation", "!=", "no_gap")])
        )
        for sequence in sequences:
            sequence.write(
                {"implementation": "no_gap", "number_next": sequence.number_next_actual}
            )
        return sequences

    def _sync_review_activity(self):
        """Schedule, move or remove the Wiedervorlage activity of each case.

        New activities are created in one batch, so that creating many cases
        (imports, the test data generator) costs no query per case.
        """
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_review", raise_if_not_found=False
        )
        if not activity_type:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        by_case = {activity.res_id: activity for activity in activities}
        obsolete_ids = []
        to_schedule_ids = []
        for case in self:
            activity = by_case.get(case.id)
            if not case.review_date or case.is_closed:
                obsolete_ids += activity.ids if activity else []
            elif activity:
                activity.write(
                    {
                        "date_deadline": case.review_date,
                        "user_id": case.user_id.id or self.env.uid,
                    }
                )
            else:
                to_schedule_ids.append(case.id)
        self.env["mail.activity"].browse(obsolete_ids).unlink()
        to_schedule = self.browse(to_schedule_ids)
        schedule_activities(
            to_schedule,
            activity_type,
            [
                {
                    "date_deadline": case.review_date,
                    "user_id": case.user_id.id or self.env.uid,
                }
                for case in to_schedule
            ],
        )

    def action_plan_reviewed(self):
        """Record that the cooperation plan was reviewed today."""
        today = fields.Date.context_today(self)
        self.write({"plan_reviewed_date": today})
        self.activity_feedback(
            ["fallmanagement.mail_activity_type_fall_plan_review"],
            feedback=self.env._("Cooperation plan reviewed."),
        )
        return True

    @api.model
    def _cron_plan_review_reminder(self, batch_size=CRON_BATCH_SIZE):
        """Remind counsellors of cooperation plans that are due for review.

        A case leaves the job's domain with its reminder, so the job works in
        committed batches and a killed run is picked up where it stopped.
        """
        limit_date = fields.Date.context_today(self) + relativedelta(
            days=PLAN_REVIEW_REMINDER_DAYS
        )
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_plan_review"
        )
        domain = [
            ("is_closed", "=", False),
            ("plan_review_due_date", "<=", limit_date),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]

        def remind(cases):
            schedule_activities(
                cases,
                activity_type,
                [
                    {
                        "date_deadline": case.plan_review_due_date,
                        "user_id": case.user_id.id or self.env.uid,
                    }
                    for case in cases
                ],
            )

        return run_in_batches(self, domain, remind, batch_size)

    def _fall_county_visible_fields(self):
        """Which fields of each case the county may see.

        The single place that decides it: ``{case id: frozenset of field
        names}`` (cases with the same consents share one frozenset).
        The county never reads cases directly (it has no access right on
        ``fall.case``); agenda items show these fields of their case to county
        participants within the access period: the process data of
        ``FALL_COUNTY_BASE_FIELDS``, plus the fields of
        ``FALL_COUNTY_CONSENT_FIELDS`` that a valid consent of the client for
        the county covers today.
        """
        today = fields.Date.context_today(self)
        cases = self.sudo()
        # sudo: consents are checked, not shown; county staff cannot read them.
        Consent = self.env["fall.consent"].sudo()
        consents = Consent.search_fetch(
            [
                ("client_id", "in", cases.client_id.ids),
                ("recipient_kind", "=", "county"),
                *Consent._valid_on_domain(today),
            ],
            ["client_id", "data_category_ids"],
        )
        # read from the cache as fetched: thousands of consents in a county
        # workbook, no record-by-record field access
        cache = self.env.cache
        codes = {category.id: category.code for category in consents.data_category_ids}
        covered = defaultdict(set)
        for client_id, category_ids in zip(
            cache.get_values(consents, Consent._fields["client_id"]),
            cache.get_values(consents, Consent._fields["data_category_ids"]),
            strict=True,
        ):
            covered[client_id].add(None)
            covered[client_id].update(
                codes[category_id] for category_id in category_ids
            )
        # one set per combination of consented categories, shared by the cases
        base = frozenset(FALL_COUNTY_BASE_FIELDS)
        by_codes = {}

        def visible(codes):
            key = frozenset(codes)
            if key not in by_codes:
                by_codes[key] = base | {
                    fname
                    for fname, code in FALL_COUNTY_CONSENT_FIELDS.items()
                    if codes and code in codes
                }
            return by_codes[key]

        client_ids = self.env.cache.get_values(cases, self._fields["client_id"])
        result = {
            case_id: visible(covered.get(client_id, ()))
            for case_id, client_id in zip(cases.ids, client_ids, strict=True)
        }
        return result

    def action_fall_open_conference_items(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fallkonferenz.fall_conference_agenda_item_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action
