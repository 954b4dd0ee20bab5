from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

from ..tools import case_checks, counsellors, reviews
from ..tools.actions import related_list_action
from ..tools.counts import count_visible
from ..tools.county_visibility import (  # noqa: F401 (the report reads them here)
    FALL_COUNTY_BASE_FIELDS,
    FALL_COUNTY_FIELDS,
    county_visible_fields,
)
from ..tools.cron import CRON_BATCH_SIZE
from ..tools.mail_recipients import check_message_recipients, message_recipients
from ..tools.sequences import company_sequence, make_gapless, take_numbers
from .base import FALL_EARLIEST

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

# What a message from the case file tells its recipient about the client.
CASE_MESSAGE_CATEGORIES = ("contact", "notes")


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
    # The case's network: referrals, dealings with authorities, consents
    referral_ids = fields.One2many("fall.referral", "case_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_network_counts")
    authority_matter_ids = fields.One2many(
        "fall.authority.matter", "case_id", string="Authority Matters"
    )
    authority_matter_count = fields.Integer(compute="_compute_network_counts")
    consent_count = fields.Integer(compute="_compute_network_counts")

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    @api.depends("plan_reviewed_date", "opened_date")
    def _compute_plan_review_due_date(self):
        for case in self:
            case.plan_review_due_date = reviews.plan_review_due_date(
                case.plan_reviewed_date, case.opened_date
            )

    @api.depends("review_date", "plan_review_due_date", "is_closed")
    def _compute_is_review_due(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.is_review_due = reviews.is_review_due(case, today)

    def _search_is_review_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on due reviews."))
        today = fields.Date.context_today(self)
        return reviews.review_due_domain(today, due=(operator == "=") == value)

    @api.depends("contact_ids.duration")
    def _compute_contact_hours(self):
        # sudo: the total includes the confidential contacts and reveals
        # nothing of their content. They are searched rather than read from
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

    @api.depends("referral_ids", "authority_matter_ids", "client_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_network_counts(self):
        """Referrals, dealings with authorities and consents the user may see,
        in one round trip for the three stat buttons of the case form."""
        saved = self.filtered("id")
        counts = defaultdict(dict)
        if saved:
            counts |= count_visible(
                self.env,
                {
                    "referral": ("fall.referral", "case_id", saved),
                    "matter": ("fall.authority.matter", "case_id", saved),
                    "consent": ("fall.consent", "client_id", saved.client_id),
                },
            )
        for case in self:
            case.referral_count = counts["referral"].get(case.id, 0)
            case.authority_matter_count = counts["matter"].get(case.id, 0)
            case.consent_count = counts["consent"].get(case.client_id.id, 0)

    @api.constrains("opened_date", "closed_date", "assignment_date")
    def _check_dates(self):
        case_checks.check_dates(self)

    @api.constrains("follow_up_months")
    def _check_follow_up_months(self):
        case_checks.check_follow_up_months(self)

    @api.constrains("stage_id", "closed_date", "closure_reason", "job_start_date")
    def _check_closure(self):
        case_checks.check_closure(self)

    @api.constrains("client_id", "company_id")
    def _check_client_is_client(self):
        case_checks.check_client_is_client(self)

    @api.constrains("client_id", "company_id", "active", "stage_id")
    def _check_one_open_case_per_client(self):
        case_checks.check_one_open_case_per_client(self)

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
            numbers = take_numbers(sequence, len(company_vals))
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["name"] = number
        counsellors.check_on_create(self.env, vals_list)
        cases = super().create(vals_list)
        counsellors.flush_access(self.env)
        reviews.sync_review_activities(cases)
        counsellors.log_new_cases(cases)
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
            counsellors_before = counsellors.counsellors_of(self)
        res = super().write(vals)
        if counsellors_before:
            counsellors.counsellors_changed(self, counsellors_before)
        if {"user_id", "counsellor_ids", "client_id", "active"} & vals.keys():
            counsellors.flush_access(self.env)
        if {"review_date", "user_id", "stage_id"} & vals.keys():
            reviews.sync_review_activities(self)
        return res

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

    def message_post(self, **kwargs):
        """Check before anything from the case file leaves the association.

        Colleagues of the association may be notified; the county only with
        the client's consent for the county, outside partners only with a
        consent covering them; staff of another association never.
        """
        if self:
            self.ensure_one()
            self._fall_check_message_recipients(message_recipients(self, kwargs))
        return super().message_post(**kwargs)

    def _fall_check_message_recipients(self, partners):
        """As in ``message_post``: the client's consent decides (the client
        may always be told)."""
        self.ensure_one()
        partners -= self.client_id
        if not partners:
            return
        categories = self.env["fall.data.category"].search(
            [("code", "in", CASE_MESSAGE_CATEGORIES)]
        )
        Consent = self.env["fall.consent"]
        check_message_recipients(
            self,
            partners,
            outside=lambda partner: Consent._check_sharing(
                self.client_id, partner, categories
            ),
            county=lambda: Consent._check_county_sharing(self.client_id, categories),
        )

    def action_plan_reviewed(self):
        """Record that the cooperation plan was reviewed today."""
        today = fields.Date.context_today(self)
        self.write({"plan_reviewed_date": today})
        self.activity_feedback(
            [reviews.PLAN_REVIEW_ACTIVITY],
            feedback=self.env._("Cooperation plan reviewed."),
        )
        return True

    def action_open_referrals(self):
        """Open the referrals of this case."""
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallmanagement.fall_referral_action",
            [("case_id", "=", self.id)],
            {"default_case_id": self.id},
        )

    def action_open_authority_matters(self):
        """Open the dealings with authorities of this case."""
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallmanagement.fall_authority_matter_action",
            [("case_id", "=", self.id)],
            {"default_case_id": self.id},
        )

    def action_open_consents(self):
        """Open the consents of the case's client."""
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallmanagement.fall_consent_action",
            [("client_id", "=", self.client_id.id)],
            {"default_client_id": self.client_id.id},
        )

    @api.model
    def _get_case_sequence(self, company):
        """The (sudo) sequence numbering the cases of ``company``, without
        gaps, created on first use."""
        prefix = company.fall_case_prefix or company.name[:4].upper()
        return company_sequence(
            self.env,
            "fall.case",
            company,
            self.env._("Case Files %(company)s", company=company.name),
            f"{prefix}-%(year)s-",
        )

    @api.model
    def _make_case_sequences_gapless(self):
        """Turn case sequences of PostgreSQL (before 18.0.1.1.0) into no-gap
        sequences that continue with their next number."""
        return make_gapless(self.env, "fall.case")

    @api.model
    def _cron_plan_review_reminder(self, batch_size=CRON_BATCH_SIZE):
        """Remind counsellors of cooperation plans that are due for review."""
        return reviews.remind_plan_reviews(self, batch_size)

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
        # sudo: the client of each case is read to look up its consents, for
        # users who may not read the case (county staff); only field names
        # come back
        return county_visible_fields(self.sudo())
