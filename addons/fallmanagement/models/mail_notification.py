from odoo import api, models
from odoo.osv import expression

from ..tools.mail_audience import (
    check_recipients,
    forbid_hidden,
    readable_documents_domain,
)


class MailNotification(models.Model):
    """A notification lets its partner read the message: for messages of
    case management records, only partners the record's recipient check
    allows get one. Notifications of those messages are read only by their
    recipient and by the readers of the record (Odoo lets every employee
    read every notification: case numbers and counsellors' names)."""

    _inherit = "mail.notification"

    @api.constrains("mail_message_id", "res_partner_id")
    def _check_fall_recipient(self):
        # sudo: the message and partner route the check; nothing is shown
        for notification in self.sudo():
            message = notification.mail_message_id
            check_recipients(
                self.env, message.model, message.res_id, notification.res_partner_id
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            # sudo: builds the subquery only; the documents' part of it
            # carries the current user's record rules
            messages = (
                self.env["mail.message"]
                .sudo()
                ._search(readable_documents_domain(self.env, "model", "res_id"))
            )
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("res_partner_id", "=", self.env.user.partner_id.id),
                        ("mail_message_id", "in", messages),
                    ],
                ]
            )
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        return forbid_hidden(self, operation, super()._check_access(operation))
