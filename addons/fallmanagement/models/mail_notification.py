from odoo import api, models

from ..tools.mail_audience import check_recipients


class MailNotification(models.Model):
    """A notification lets its partner read the message: for messages of
    case management records, only partners the record's recipient check
    allows get one."""

    _inherit = "mail.notification"

    @api.constrains("mail_message_id", "res_partner_id")
    def _check_fall_recipient(self):
        # sudo: the message and partner route the check; nothing is shown
        for notification in self.sudo():
            message = notification.mail_message_id
            check_recipients(
                self.env, message.model, message.res_id, notification.res_partner_id
            )
