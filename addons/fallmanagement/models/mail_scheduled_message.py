from odoo import api, models

from ..tools.mail_audience import check_recipients


class MailScheduledMessage(models.Model):
    """Scheduled messages of case management records pass the recipient
    check when they are scheduled, not only when the cron posts them."""

    _inherit = "mail.scheduled.message"

    @api.constrains("model", "res_id", "partner_ids")
    def _check_fall_recipients(self):
        # sudo: the recipients route the check; nothing is shown
        for scheduled in self.sudo():
            check_recipients(
                self.env, scheduled.model, scheduled.res_id, scheduled.partner_ids
            )
