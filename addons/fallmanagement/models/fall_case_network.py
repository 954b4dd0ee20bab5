from odoo import api, fields, models


class FallCase(models.Model):
    """Referrals, consents and dealings with authorities of a case."""

    _inherit = "fall.case"

    referral_ids = fields.One2many("fall.referral", "case_id", string="Referrals")
    referral_count = fields.Integer(compute="_compute_referral_count")
    authority_matter_ids = fields.One2many(
        "fall.authority.matter", "case_id", string="Authority Matters"
    )
    authority_matter_count = fields.Integer(compute="_compute_authority_matter_count")
    consent_count = fields.Integer(compute="_compute_consent_count")

    @api.depends_context("uid")
    @api.depends("referral_ids")
    def _compute_referral_count(self):
        # The one2many applies the same record rules as a search; the form
        # loads it anyway, so the count costs no query of its own there.
        for case in self:
            case.referral_count = len(case.referral_ids)

    @api.depends_context("uid")
    @api.depends("authority_matter_ids")
    def _compute_authority_matter_count(self):
        for case in self:
            case.authority_matter_count = len(case.authority_matter_ids)

    @api.depends_context("uid")
    def _compute_consent_count(self):
        groups = self.env["fall.consent"]._read_group(
            [("client_id", "in", self.client_id.ids)], ["client_id"], ["__count"]
        )
        counts = {client.id: count for client, count in groups}
        for case in self:
            case.consent_count = counts.get(case.client_id.id, 0)

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
