from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from ..tools.cron import CRON_BATCH_SIZE, remind_in_batches
from ..tools.mail_recipients import check_message_recipients, message_recipients
from ..tools.settings import get_int_setting
from .base import FALL_EARLIEST
from .res_config_settings import DAY_SETTINGS

REFERRAL_STATES = [
    ("prepared", "Prepared"),
    ("requested", "Requested"),
    ("appointment", "Appointment Arranged"),
    ("in_care", "In Care"),
    ("done", "Completed Successfully"),
    ("failed", "Closed Without Success"),
    ("rejected", "Declined"),
]

# Allowed moves of the state machine; every closed state can be reopened.
TRANSITIONS = {
    "prepared": {"requested", "failed"},
    "requested": {"appointment", "in_care", "failed", "rejected"},
    "appointment": {"in_care", "done", "failed", "rejected"},
    "in_care": {"done", "failed"},
    "done": {"prepared"},
    "failed": {"prepared"},
    "rejected": {"prepared"},
}

# States in which the partner knows the client: getting there from
# "prepared" shares data and needs the client's consent.
SHARED_STATES = {"requested", "appointment", "in_care", "done", "rejected"}
# States in which the partner still works on the referral.
ACTIVE_STATES = ("requested", "appointment", "in_care")


class FallReferral(models.Model):
    _name = "fall.referral"
    _description = "Referral"
    _inherit = [
        "fall.sensitivity.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "fall.case.line.mixin",
    ]
    _order = "requested_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["case_id", "partner_id"]
    # prepared or with the partner: a revoked consent stops their sharing
    _fall_open_states = ("prepared", *ACTIVE_STATES)
    _fall_date_ranges = {
        "requested_date": (FALL_EARLIEST, relativedelta(months=1)),
        "first_appointment_date": (FALL_EARLIEST, relativedelta(years=2)),
        "feedback_date": (FALL_EARLIEST, relativedelta()),
    }

    # tracked: should the superuser move it (users cannot), the chatter says so
    case_id = fields.Many2one(tracking=True)
    # the case's client and counsellor, stored for searches, grouping and
    # the record rules on sensitive referrals
    client_id = fields.Many2one(
        related="case_id.client_id", string="Client", store=True, index=True
    )
    user_id = fields.Many2one(
        related="case_id.user_id", string="Counsellor", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Network Partner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('fall_partner_type_id', '!=', False)]",
        ondelete="restrict",
    )
    partner_type_id = fields.Many2one(
        related="partner_id.fall_partner_type_id", store=True, string="Partner Type"
    )
    partner_referral_note = fields.Text(
        related="partner_id.fall_referral_note", string="How to Refer"
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('parent_id', '=', partner_id)]",
        check_company=True,
    )
    barrier_ids = fields.Many2many(
        "fall.case.barrier",
        string="Barriers Addressed",
        domain="[('case_id', '=', case_id)]",
        check_company=True,
    )
    data_category_ids = fields.Many2many(
        "fall.data.category",
        string="Data Shared",
        compute="_compute_data_category_ids",
        store=True,
        readonly=False,
        help="The data categories the partner receives. Each must be covered by a "
        "valid consent of the client before the referral is requested or a "
        "letter or e-mail goes to the partner.",
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        store=True,
        index=True,
        tracking=True,
        help="Addresses or shares special categories of personal data: visible "
        "only to the counsellors of the case and the head of the association.",
    )
    request_note = fields.Text(
        string="Message to the Partner",
        help="Shown in the referral letter if the category 'Counselling Notes' "
        "is shared.",
    )
    state = fields.Selection(
        REFERRAL_STATES,
        string="Status",
        required=True,
        default="prepared",
        tracking=True,
        index=True,
        copy=False,
    )
    requested_date = fields.Date(string="Requested On", tracking=True, copy=False)
    first_appointment_date = fields.Date(
        string="First Appointment", tracking=True, copy=False
    )
    waiting_days = fields.Integer(
        string="Waiting Time (Days)",
        compute="_compute_waiting_days",
        store=True,
        aggregator="avg",
        help="Days from the request to the first appointment.",
    )
    feedback = fields.Text(string="Partner Feedback", copy=False)
    feedback_date = fields.Date(string="Feedback On", tracking=True, copy=False)
    failure_reason = fields.Text(string="Reason", copy=False)
    followup_date = fields.Date(
        string="Follow-up Reminder On",
        copy=False,
        readonly=True,
        help="When the counsellor was reminded that the partner's feedback is missing.",
    )

    def _fall_check_protected_fields(self, vals, creating):
        """Only barriers the user may read are linked (issue 10).

        The referral's sensitivity and data categories are derived from its
        barriers: linking a hidden (sensitive) barrier would tell about it.
        The message is the same whether the barrier exists or not.
        """
        res = super()._fall_check_protected_fields(vals, creating)
        if self.env.su or not vals.get("barrier_ids"):
            return res
        barrier_ids = set()
        for command in vals["barrier_ids"]:
            if isinstance(command, int):
                barrier_ids.add(command)
            elif command[0] in (fields.Command.UPDATE, fields.Command.LINK):
                barrier_ids.add(command[1])
            elif command[0] == fields.Command.SET:
                barrier_ids.update(command[2] or ())
        barriers = self.env["fall.case.barrier"].browse(barrier_ids)
        if len(barriers.exists()) != len(barriers) or not barriers.has_access("read"):
            raise AccessError(
                self.env._(
                    "Only barriers of the case that you may read can be "
                    "linked to a referral."
                )
            )
        return res

    @api.depends("barrier_ids")
    def _compute_data_category_ids(self):
        Category = self.env["fall.data.category"]
        # the catalogue is small: read it once, not once per referral
        catalogue = Category.search([])
        contact = catalogue.filtered(lambda c: c.code == "contact")[:1]
        for referral in self:
            categories = referral.data_category_ids or contact
            categories |= Category._for_barrier_types(
                referral.barrier_ids.barrier_type_id, catalogue=catalogue
            )
            referral.data_category_ids = categories

    @api.depends("barrier_ids.is_sensitive", "data_category_ids.is_sensitive")
    def _compute_is_sensitive(self):
        for referral in self:
            referral.is_sensitive = any(
                referral.barrier_ids.mapped("is_sensitive")
            ) or any(referral.data_category_ids.mapped("is_sensitive"))

    @api.depends("requested_date", "first_appointment_date")
    def _compute_waiting_days(self):
        for referral in self:
            if referral.requested_date and referral.first_appointment_date:
                referral.waiting_days = (
                    referral.first_appointment_date - referral.requested_date
                ).days
            else:
                referral.waiting_days = 0

    @api.depends("case_id", "partner_id")
    def _compute_display_name(self):
        for referral in self:
            referral.display_name = self.env._(
                "%(case)s → %(partner)s",
                case=referral.case_id.name or "",
                partner=referral.partner_id.name or "",
            )

    @api.constrains("requested_date", "first_appointment_date", "feedback_date")
    def _check_dates(self):
        for referral in self:
            if (
                referral.requested_date
                and referral.first_appointment_date
                and referral.first_appointment_date < referral.requested_date
            ):
                raise ValidationError(
                    self.env._(
                        "The first appointment (%(appointment)s) cannot lie before "
                        "the request (%(requested)s).",
                        appointment=format_date(
                            self.env, referral.first_appointment_date
                        ),
                        requested=format_date(self.env, referral.requested_date),
                    )
                )
            if (
                referral.requested_date
                and referral.feedback_date
                and referral.feedback_date < referral.requested_date
            ):
                raise ValidationError(
                    self.env._("The partner cannot give feedback before the request.")
                )

    @api.constrains("state", "failure_reason")
    def _check_failure_reason(self):
        for referral in self:
            if (
                referral.state == "failed"
                and not (referral.failure_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Please give the reason why the referral to %(partner)s "
                        "ended without success.",
                        partner=referral.partner_id.name,
                    )
                )

    @api.constrains("case_id", "barrier_ids")
    def _check_barriers_of_case(self):
        for referral in self:
            if referral.barrier_ids.case_id - referral.case_id:
                raise ValidationError(
                    self.env._("A referral can only address barriers of its own case.")
                )

    @api.constrains("partner_id")
    def _check_partner(self):
        for referral in self:
            if referral.partner_id.fall_is_client:
                raise ValidationError(
                    self.env._("A client cannot be a network partner.")
                )

    @api.onchange("feedback")
    def _onchange_feedback(self):
        if self.feedback and not self.feedback_date:
            self.feedback_date = fields.Date.context_today(self)

    @api.model_create_multi
    def create(self, vals_list):
        """Referrals created in a shared state need the client's consent too."""
        referrals = super().create(vals_list)
        referrals.filtered(lambda r: r.state in SHARED_STATES)._check_consent()
        return referrals

    def write(self, vals):
        """Enforce the state machine and the consent check on every path."""
        self._fall_check_input(vals, creating=False)  # an unknown state first
        new_state = vals.get("state")
        shared_now = self.browse()
        if new_state:
            for referral in self:
                if new_state == referral.state:
                    continue
                if new_state not in TRANSITIONS[referral.state]:
                    raise UserError(
                        self.env._(
                            "A referral cannot go from “%(old)s” to “%(new)s”.",
                            old=referral._state_label(referral.state),
                            new=referral._state_label(new_state),
                        )
                    )
                if referral.state == "prepared" and new_state in SHARED_STATES:
                    shared_now |= referral
        res = super().write(vals)
        today = fields.Date.context_today(self)
        for referral in shared_now:
            referral._check_consent()
            if not referral.requested_date:
                referral.requested_date = today
        if vals.get("feedback"):
            self.filtered(lambda r: not r.feedback_date).feedback_date = today
            self._close_followup_activities()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_prepared(self):
        if any(referral.state != "prepared" for referral in self):
            raise UserError(
                self.env._(
                    "Only prepared referrals can be deleted; the others are part "
                    "of the case history."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_request(self):
        """Send the request to the partner: needs a valid consent."""
        return self.write({"state": "requested"})

    def action_appointment(self):
        for referral in self:
            if not referral.first_appointment_date:
                raise UserError(
                    self.env._("Please enter the date of the first appointment first.")
                )
        return self.write({"state": "appointment"})

    def action_in_care(self):
        return self.write({"state": "in_care"})

    def action_done(self):
        return self.write({"state": "done"})

    def action_fail(self):
        for referral in self:
            if not (referral.failure_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Please enter the reason why the referral ended without "
                        "success first."
                    )
                )
        return self.write({"state": "failed"})

    def action_reject(self):
        return self.write({"state": "rejected"})

    def action_reset(self):
        return self.write({"state": "prepared"})

    def action_send_referral_email(self):
        """Open the e-mail composer with the referral letter attached."""
        self.ensure_one()
        self._check_consent()
        template = self.env.ref("fallmanagement.mail_template_fall_referral")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_print_letter(self):
        """Print the referral letter: needs a valid consent."""
        self._check_consent()
        return self.env.ref(
            "fallmanagement.action_report_fall_referral_letter"
        ).report_action(self, config=False)

    # ------------------------------------------------------------------
    # Consent and sharing
    # ------------------------------------------------------------------

    def _check_consent(self, partner=None):
        """Raise unless the client's consent covers the partner and the data."""
        Consent = self.env["fall.consent"]
        # read once for all referrals
        consents = Consent._client_consents(self.client_id)
        by_client = consents.grouped("client_id")
        for referral in self:
            Consent._check_sharing(
                referral.client_id,
                partner or referral.partner_id,
                referral.data_category_ids,
                consents=by_client.get(referral.client_id, consents.browse()),
            )
        return True

    def message_post(self, **kwargs):
        """Check the client's consent before anything leaves the association.

        As for the case file: colleagues may be notified, the county only
        with a consent for the county, outside partners only with a consent
        covering them and the data shared, other associations never.
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
        Consent = self.env["fall.consent"]
        check_message_recipients(
            self.case_id,
            partners,
            outside=lambda partner: self._check_consent(partner=partner),
            county=lambda: Consent._check_county_sharing(
                self.client_id, self.data_category_ids
            ),
            document=self,
        )

    def _close_followup_activities(self):
        self.activity_feedback(
            ["fallmanagement.mail_activity_type_fall_referral_followup"],
            feedback=self.env._("The partner's feedback has arrived."),
        )

    @api.model
    def _cron_followup_reminder(self, batch_size=CRON_BATCH_SIZE):
        """Remind counsellors of referrals whose partner has not reported back.

        In committed batches: a referral leaves the domain with its reminder.
        """
        key = "fallmanagement.referral_followup_days"
        days = get_int_setting(self.env, key, DAY_SETTINGS[key])
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_referral_followup"
        )
        domain = [
            ("state", "in", ACTIVE_STATES),
            ("requested_date", "<=", today - relativedelta(days=days)),
            ("feedback_date", "=", False),
            ("followup_date", "=", False),
        ]

        def reminders(referrals):
            for referral in referrals:
                summary = self.env._(
                    "No feedback from %(partner)s since %(date)s",
                    partner=referral.partner_id.name,
                    date=format_date(self.env, referral.requested_date),
                )
                user = referral.user_id.id or self.env.uid
                yield referral, {"summary": summary, "user_id": user}

        return remind_in_batches(
            self, domain, activity_type, reminders, "followup_date", batch_size
        )

    def _fall_sensitivity_note(self):
        self.ensure_one()
        if self.is_sensitive:
            return self.env._(
                "A referral of this case was marked as sensitive: only the "
                "counsellors of the case and the head of the association see it."
            )
        return self.env._(
            "The referral to %(partner)s is no longer marked as sensitive: every "
            "counsellor of the association sees it now.",
            partner=self.partner_id.name,
        )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]
