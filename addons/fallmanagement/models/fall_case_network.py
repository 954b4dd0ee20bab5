from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.mail_recipients import check_message_recipients, message_recipients

# What a message from the case file tells its recipient about the client.
CASE_MESSAGE_CATEGORIES = ("contact", "notes")


class FallCase(models.Model):
    """Referrals, consents and dealings with authorities of a case."""

    _inherit = "fall.case"

    referral_ids = fields.One2many("fall.referral", "case_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_network_counts")
    authority_matter_ids = fields.One2many(
        "fall.authority.matter", "case_id", string="Authority Matters"
    )
    authority_matter_count = fields.Integer(compute="_compute_network_counts")
    consent_count = fields.Integer(compute="_compute_network_counts")

    @api.depends("referral_ids", "authority_matter_ids", "client_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_network_counts(self):
        """Referrals, dealings with authorities and consents the user may see.

        Counted with the user's record rules (each ``_search`` applies them),
        in one round trip for the three stat buttons of the case form. Not
        taken from the one2many fields: their cache may hold them as another
        user (or sudo) read them.
        """
        saved = self.filtered("id")
        counts = {"referral": {}, "matter": {}, "consent": {}}
        if saved:
            referrals = self.env["fall.referral"]._search(
                [("case_id", "in", saved.ids)]
            )
            matters = self.env["fall.authority.matter"]._search(
                [("case_id", "in", saved.ids)]
            )
            consents = self.env["fall.consent"]._search(
                [("client_id", "in", saved.client_id.ids)]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT 'referral', key, COUNT(*) FROM (%s) r(key) GROUP BY key
                    UNION ALL
                    SELECT 'matter', key, COUNT(*) FROM (%s) m(key) GROUP BY key
                    UNION ALL
                    SELECT 'consent', key, COUNT(*) FROM (%s) c(key) GROUP BY key
                    """,
                    referrals.select(SQL.identifier("fall_referral", "case_id")),
                    matters.select(SQL.identifier("fall_authority_matter", "case_id")),
                    consents.select(SQL.identifier("fall_consent", "client_id")),
                )
            )
            for kind, key, count in self.env.cr.fetchall():
                counts[kind][key] = count
        for case in self:
            case.referral_count = counts["referral"].get(case.id, 0)
            case.authority_matter_count = counts["matter"].get(case.id, 0)
            case.consent_count = counts["consent"].get(case.client_id.id, 0)

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

    def _action_for(self, xmlid, domain, context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context
        return action

    def action_open_referrals(self):
        """Open the referrals of this case."""
        return self._action_for(
            "fallmanagement.fall_referral_action",
            [("case_id", "=", self.id)],
            {"default_case_id": self.id},
        )

    def action_open_authority_matters(self):
        """Open the dealings with authorities of this case."""
        return self._action_for(
            "fallmanagement.fall_authority_matter_action",
            [("case_id", "=", self.id)],
            {"default_case_id": self.id},
        )

    def action_open_consents(self):
        """Open the consents of the case's client."""
        return self._action_for(
            "fallmanagement.fall_consent_action",
            [("client_id", "=", self.client_id.id)],
            {"default_client_id": self.client_id.id},
        )
