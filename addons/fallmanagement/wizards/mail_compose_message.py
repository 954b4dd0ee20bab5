from odoo import models
from odoo.exceptions import UserError


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail_mass_mail(self, res_ids, auto_commit=False):
        """Refuse mass mailings of referrals and case files.

        A mass mailing bypasses ``message_post`` and with it the consent check
        of each recipient; referrals go out one by one from their chatter.
        """
        if self.model == "fall.referral":
            raise UserError(
                self.env._(
                    "Referrals cannot be sent as a mass mailing: send each referral "
                    "from its own form, where the client's consent is checked."
                )
            )
        if self.model == "fall.case":
            raise UserError(
                self.env._(
                    "Case files cannot be sent as a mass mailing: write from the "
                    "chatter of each case, where the client's consent is checked."
                )
            )
        return super()._action_send_mail_mass_mail(res_ids, auto_commit=auto_commit)
