from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Network partners: organisations clients are referred to."""

    _inherit = "res.partner"

    fall_partner_type_id = fields.Many2one(
        "fall.partner.type",
        string="Network Partner Type",
        index=True,
        ondelete="restrict",
        help="Set on organisations of the network the counsellors refer clients "
        "to; their contact persons are the child contacts.",
    )
    fall_referral_note = fields.Text(
        string="Opening Hours and How to Refer",
        help="Opening hours, how to book a first appointment, what the partner "
        "needs with a referral.",
    )
    fall_referral_count = fields.Integer(
        string="Referral Count",
        compute="_compute_fall_referral_count",
        groups="fallmanagement.group_fall_user",
    )

    @api.depends_context("uid")
    def _compute_fall_referral_count(self):
        if not self.env["fall.referral"].has_access("read"):
            self.fall_referral_count = 0
            return
        groups = self.env["fall.referral"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.fall_referral_count = counts.get(partner.id, 0)

    @api.constrains("fall_partner_type_id", "fall_is_client")
    def _check_fall_partner_not_client(self):
        for partner in self:
            if partner.fall_partner_type_id and partner.fall_is_client:
                raise ValidationError(
                    self.env._(
                        "%(name)s is a client and cannot be a network partner "
                        "at the same time.",
                        name=partner.display_name,
                    )
                )

    def action_fall_open_referrals(self):
        """Open the referrals to this network partner."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fallmanagement.fall_referral_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
