from odoo import api, models
from odoo.osv import expression

from ..tools.mail_audience import (
    check_recipients,
    forbid_hidden,
    readable_documents_domain,
)


class MailMessage(models.Model):
    """Recipients of messages of case management records.

    A partner named as recipient reads the message, whatever the record's
    rules say. So every path that names recipients (``message_post``,
    ``/mail/message/update_content``, mentions, ``message_notify``, direct
    create or write) passes the record's recipient check, not only
    ``message_post``.

    Messages of a guarded record are read only by those who may read the
    record: Odoo also lets the author and the notified partners read them,
    e.g. a tracking message that a conference action wrote in the name of a
    counsellor on a record of the other association.
    """

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # sudo: the recipients route the check; nothing is shown
        for message in messages.sudo():
            if message.partner_ids:
                check_recipients(
                    self.env, message.model, message.res_id, message.partner_ids
                )
        return messages

    def write(self, vals):
        if not {"partner_ids", "model", "res_id"} & vals.keys():
            return super().write(vals)
        # sudo: the recipients before and after the write route the check
        before = {message.id: message.sudo().partner_ids for message in self}
        res = super().write(vals)
        moved = {"model", "res_id"} & vals.keys()
        # sudo: as above, the recipients after the write
        for message in self.sudo():
            partners = message.partner_ids
            if not moved:
                partners -= before[message.id]
            if partners:
                check_recipients(self.env, message.model, message.res_id, partners)
        return res

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Messages of a guarded record are visible to its readers only,
        also to their author and recipients."""
        if not self.env.su:
            domain = expression.AND(
                [domain, readable_documents_domain(self.env, "model", "res_id")]
            )
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        """Reading a message of a guarded record needs read access to the
        record, also for its author and recipients."""
        return forbid_hidden(self, operation, super()._check_access(operation))
