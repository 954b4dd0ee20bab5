from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools.consent_sharing import check_sharing, stop_pending_sharing
from ..tools.cron import CRON_BATCH_SIZE, remind_in_batches
from ..tools.mail_audience import check_responsible_may_read
from ..tools.settings import get_int_setting
from .base import FALL_EARLIEST
from .res_config_settings import DAY_SETTINGS

RECIPIENT_KINDS = [
    ("partner", "One Network Partner"),
    ("partner_type", "All Partners of a Type"),
    ("county", "County (Job Centre)"),
]

CONSENT_STATES = [
    ("draft", "Not Signed Yet"),
    ("valid", "Valid"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]

# Once signed, what the client agreed to is a document: it cannot change.
SIGNED_FIELDS = {
    "client_id",
    "recipient_kind",
    "recipient_partner_id",
    "partner_type_id",
    "purpose",
    "data_category_ids",
    "signed_date",
    "valid_until",
}


class FallConsent(models.Model):
    _name = "fall.consent"
    _description = "Consent to Share Data"
    _inherit = ["fall.sensitivity.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "signed_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["client_id", "recipient_partner_id", "partner_type_id"]
    # a consent is the client's: it never moves to another client
    _fall_immutable_fields = ("client_id",)
    # signed and revoked not in the future: a revocation takes effect at once
    _fall_date_ranges = {
        "signed_date": (FALL_EARLIEST, relativedelta()),
        "valid_until": (FALL_EARLIEST, relativedelta(years=10)),
        "revoked_date": (FALL_EARLIEST, relativedelta()),
    }

    client_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain="[('fall_is_client', '=', True)]",
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="client_id.company_id",
        string="Association",
        store=True,
        index=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Gets the expiry reminder when the client has no open case.",
    )
    recipient_kind = fields.Selection(
        RECIPIENT_KINDS,
        string="Recipient",
        required=True,
        default="partner",
        tracking=True,
    )
    recipient_partner_id = fields.Many2one(
        "res.partner",
        string="Network Partner",
        tracking=True,
        index=True,
        check_company=True,
        domain="[('fall_is_client', '=', False), ('is_company', '=', True)]",
        ondelete="restrict",
    )
    partner_type_id = fields.Many2one(
        "fall.partner.type", tracking=True, ondelete="restrict"
    )
    purpose = fields.Text(
        required=True, help="What the data may be used for, in the client's words."
    )
    data_category_ids = fields.Many2many(
        "fall.data.category", string="Data Categories", required=True
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        store=True,
        index=True,
        tracking=True,
        help="Covers special categories of personal data: visible only to the "
        "counsellors of the client's cases and the head of the association.",
    )
    signed_date = fields.Date(string="Signed On", tracking=True, copy=False)
    valid_until = fields.Date(tracking=True, copy=False)
    revoked_date = fields.Date(string="Revoked On", tracking=True, copy=False)
    revocation_note = fields.Text(copy=False)
    signed_scan = fields.Binary(
        string="Signed Form",
        attachment=True,
        copy=False,
        help="Scan of the signed form.",
    )
    signed_scan_name = fields.Char(string="File Name", copy=False)
    has_signed_scan = fields.Boolean(
        string="Signed Form Attached", compute="_compute_has_signed_scan", store=True
    )
    state = fields.Selection(
        CONSENT_STATES,
        string="Status",
        compute="_compute_state",
        search="_search_state",
    )
    is_locked = fields.Boolean(
        compute="_compute_is_locked",
        help="Signed consents are documents: their content can no longer change.",
    )
    expiry_reminder_date = fields.Date(
        string="Expiry Reminder Sent On", copy=False, readonly=True
    )
    note = fields.Text()

    @api.depends("data_category_ids.is_sensitive")
    def _compute_is_sensitive(self):
        for consent in self:
            consent.is_sensitive = any(consent.data_category_ids.mapped("is_sensitive"))

    @api.depends("signed_scan")
    def _compute_has_signed_scan(self):
        for consent in self:
            consent.has_signed_scan = bool(consent.signed_scan)

    def _compute_is_locked(self):
        # Saved state, not the form's: the content is locked once signing is stored.
        for consent in self:
            consent.is_locked = bool(consent._origin.signed_date)

    @api.depends("signed_date", "has_signed_scan", "valid_until", "revoked_date")
    def _compute_state(self):
        # the same domains as the search: the status cannot say otherwise
        today = fields.Date.context_today(self)
        for state, domain in self._state_domains(today).items():
            self.filtered_domain(domain).state = state

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the consent status."))
        states = {value} if isinstance(value, str) else set(value or ())
        domains = self._state_domains(fields.Date.context_today(self))
        # no known status: OR() of nothing is the domain no record matches
        domain = expression.OR([domains[state] for state in states if state in domains])
        if operator in ("!=", "not in"):
            return ["!", *domain]
        return domain

    @api.model
    def _valid_on_domain(self, date):
        """The consents valid on ``date``, as a domain.

        The one rule of consent validity: signed on or before ``date`` with
        the signed form attached, not revoked, and not ended before ``date``
        (``valid_until`` is the last valid day). The status, its search, the
        sharing checks and the county's view of a case all use it.
        """
        return [
            ("revoked_date", "=", False),
            ("signed_date", "<=", date),
            ("has_signed_scan", "=", True),
            "|",
            ("valid_until", "=", False),
            ("valid_until", ">=", date),
        ]

    @api.model
    def _state_domains(self, date):
        """``{status: domain}`` of the consents on ``date``.

        Every consent has exactly one status: revoked; valid as
        :meth:`_valid_on_domain` says; not signed yet (no date or no signed
        form); expired: the signed ones left over.
        """
        revoked = [("revoked_date", "!=", False)]
        valid = self._valid_on_domain(date)
        draft = [
            ("revoked_date", "=", False),
            "|",
            ("signed_date", "=", False),
            ("has_signed_scan", "=", False),
        ]
        expired = ["!", *expression.OR([revoked, valid, draft])]
        return {"revoked": revoked, "valid": valid, "draft": draft, "expired": expired}

    def _is_valid_on(self, date):
        """Whether the consent is valid on ``date`` (:meth:`_valid_on_domain`)."""
        self.ensure_one()
        return bool(self.filtered_domain(self._valid_on_domain(date)))

    @api.depends(
        "client_id", "recipient_kind", "recipient_partner_id", "partner_type_id"
    )
    def _compute_display_name(self):
        for consent in self:
            consent.display_name = self.env._(
                "%(client)s → %(recipient)s",
                client=consent.client_id.name or "",
                recipient=consent._recipient_label(),
            )

    @api.constrains("user_id")
    def _check_fall_responsible_may_read(self):
        check_responsible_may_read(self)

    @api.constrains("recipient_kind", "recipient_partner_id", "partner_type_id")
    def _check_recipient(self):
        for consent in self:
            if consent.recipient_kind == "partner" and not consent.recipient_partner_id:
                raise ValidationError(
                    self.env._("Please choose the network partner the consent is for.")
                )
            if consent.recipient_kind == "partner_type" and not consent.partner_type_id:
                raise ValidationError(
                    self.env._("Please choose the partner type the consent is for.")
                )
            if consent.recipient_partner_id.fall_is_client:
                raise ValidationError(
                    self.env._("A client cannot be the recipient of a consent.")
                )

    @api.constrains("signed_date", "valid_until", "revoked_date")
    def _check_dates(self):
        # single dates: _fall_date_ranges
        for consent in self:
            if (
                consent.signed_date
                and consent.valid_until
                and consent.valid_until < consent.signed_date
            ):
                raise ValidationError(
                    self.env._(
                        "The consent cannot end (%(until)s) before it was signed "
                        "(%(signed)s).",
                        until=format_date(self.env, consent.valid_until),
                        signed=format_date(self.env, consent.signed_date),
                    )
                )
            if consent.revoked_date and (
                not consent.signed_date or consent.revoked_date < consent.signed_date
            ):
                raise ValidationError(
                    self.env._(
                        "Only a signed consent can be revoked, on or after its signing."
                    )
                )

    @api.constrains("data_category_ids")
    def _check_data_categories(self):
        for consent in self:
            if not consent.data_category_ids:
                raise ValidationError(
                    self.env._("A consent must name at least one data category.")
                )

    @api.onchange("recipient_kind")
    def _onchange_recipient_kind(self):
        if self.recipient_kind != "partner":
            self.recipient_partner_id = False
        if self.recipient_kind != "partner_type":
            self.partner_type_id = False

    def write(self, vals):
        """Keep signed consents unchanged and revocations final."""
        if SIGNED_FIELDS & vals.keys() and any(self.mapped("signed_date")):
            raise UserError(
                self.env._(
                    "A signed consent cannot be changed. If the client agrees to "
                    "something else, record a new consent."
                )
            )
        if "revoked_date" in vals and any(self.mapped("revoked_date")):
            raise UserError(self.env._("A revoked consent stays revoked."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(self.mapped("signed_date")) and not self.env.user.has_group(
            "fallmanagement.group_fall_manager"
        ):
            raise UserError(
                self.env._(
                    "A signed consent is a document of the case: revoke it instead "
                    "of deleting it. Only the head of the association can delete it."
                )
            )

    def _fall_sensitivity_case(self):
        # a consent belongs to the client: its own chatter logs the change
        return self.env["fall.case"]

    def _fall_sensitivity_cases(self):
        # a consent belongs to the client: all the client's cases count
        self.ensure_one()
        # sudo: who counsels the client decides the check; nothing is shown
        return (
            self.env["fall.case"].sudo().search([("client_id", "=", self.client_id.id)])
        )

    def _fall_widening_refused_message(self):
        return self.env._(
            "Only the responsible counsellor of the client's case and the head of "
            "the association can make a sensitive consent visible to all "
            "counsellors."
        )

    def _fall_sensitivity_note(self):
        self.ensure_one()
        if self.is_sensitive:
            return self.env._(
                "This consent was marked as sensitive: only the counsellors of the "
                "client's cases and the head of the association see it."
            )
        return self.env._(
            "This consent is no longer marked as sensitive: every counsellor of "
            "the association sees it now."
        )

    def action_revoke(self):
        """Revoke the consent today: from now on no data goes to its recipient."""
        today = fields.Date.context_today(self)
        for consent in self:
            if consent.revoked_date:
                continue
            if not consent.signed_date:
                raise UserError(
                    self.env._(
                        "The consent was never signed: delete it instead of revoking "
                        "it."
                    )
                )
            consent.revoked_date = today
            consent.message_post(
                body=self.env._(
                    "The client revoked the consent. No further data may be shared "
                    "with %(recipient)s on the basis of this consent.",
                    recipient=consent._recipient_label(),
                )
            )
            stop_pending_sharing(consent)
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _recipient_label(self):
        self.ensure_one()
        if self.recipient_kind == "partner":
            return self.recipient_partner_id.name or ""
        if self.recipient_kind == "partner_type":
            return self.env._(
                "all partners of type %(type)s", type=self.partner_type_id.name
            )
        return self.env._("the county (job centre)")

    def _covers_recipient(self, partner=None, county=False):
        """Whether the consent names ``partner`` (or the county) as recipient."""
        self.ensure_one()
        if county:
            return self.recipient_kind == "county"
        if not partner:
            return False
        organisation = partner.commercial_partner_id
        if self.recipient_kind == "partner":
            return self.recipient_partner_id == organisation
        if self.recipient_kind == "partner_type":
            return bool(
                organisation.fall_partner_type_id
                and organisation.fall_partner_type_id == self.partner_type_id
            )
        return False

    @api.model
    def _client_consents(self, clients, domain=()):
        """All consents of ``clients`` (matching ``domain``), for the checks.

        Read once by callers that check several referrals or recipients.
        """
        # sudo: a counsellor who may not read a sensitive consent must still
        # learn whether sharing is allowed; callers show no more of these
        # consents than the dates in a refusal or in the referral letter.
        return self.sudo().search([("client_id", "in", clients.ids), *domain])

    @api.model
    def _valid_consents(self, client, partner=None, county=False, date=None):
        """The client's consents valid on ``date`` for the recipient."""
        date = date or fields.Date.context_today(self)
        consents = self._client_consents(client, self._valid_on_domain(date))
        return consents.filtered(lambda c: c._covers_recipient(partner, county))

    @api.model
    def _check_sharing(self, client, partner, categories, consents=None):
        """Raise unless valid consents let ``client``'s data go to ``partner``.

        :param client: the client (res.partner) whose data is shared
        :param partner: the recipient, an organisation or one of its contacts
        :param categories: the fall.data.category records shared
        :param consents: all consents of ``client`` (sudo), if already read
        :raise UserError: in German, listing every missing piece
        """
        check_sharing(self.env, client, categories, partner=partner, consents=consents)
        return True

    @api.model
    def _check_county_sharing(self, client, categories):
        """Like :meth:`_check_sharing`, for data going to the county."""
        check_sharing(self.env, client, categories, county=True)
        return True

    def _reminder_users(self):
        """Counsellors to remind, per consent: those of the client's open cases.

        :return: ``{consent id: res.users}``, read for all consents at once
        """
        # sudo: the reminder goes to the counsellors of the client's open
        # cases of the consent's own association (the search is bounded by
        # the company), whoever runs the job; nothing is shown to the caller.
        cases = (
            self.env["fall.case"]
            .sudo()
            .search(
                [
                    ("client_id", "in", self.client_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("is_closed", "=", False),
                ]
            )
        )
        by_client = cases.grouped(lambda c: (c.client_id.id, c.company_id.id))
        return {
            consent.id: by_client.get(
                (consent.client_id.id, consent.company_id.id), cases.browse()
            ).user_id
            or consent.user_id
            or consent.create_uid
            for consent in self
        }

    @api.model
    def _cron_expiry_reminder(self, batch_size=CRON_BATCH_SIZE):
        """Remind counsellors of consents that expire within the set days.

        In committed batches: a consent leaves the domain with its reminder.
        """
        key = "fallmanagement.consent_reminder_days"
        days = get_int_setting(self.env, key, DAY_SETTINGS[key])
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_consent_expiry"
        )
        domain = [
            ("state", "=", "valid"),
            ("valid_until", "<=", today + relativedelta(days=days)),
            ("expiry_reminder_date", "=", False),
        ]

        def reminders(consents):
            users = consents._reminder_users()
            for consent in consents:
                summary = self.env._(
                    "Consent expires on %(date)s",
                    date=format_date(self.env, consent.valid_until),
                )
                for user in users[consent.id]:
                    yield consent, {"summary": summary, "user_id": user.id}

        return remind_in_batches(
            self, domain, activity_type, reminders, "expiry_reminder_date", batch_size
        )
