from odoo import models
from odoo.exceptions import UserError

from ..tools.mail_audience import (
    blind_staff,
    check_may_add_followers,
    check_staff_may_read,
    guarded_documents,
)


class MailThread(models.AbstractModel):
    """Followers and message recipients of case management records.

    Staff can only follow, or be told about, a record of the case management
    that they may read themselves (issue 10: followers, mentions and message
    recipients must not widen the audience of a record).
    """

    _inherit = "mail.thread"

    def _fall_mail_guarded(self):
        """The records of ``self`` whose followers, activities and message
        recipients are limited to the people who may read them."""
        return self if self._fall_is_guarded_model() else self.browse()

    def _fall_check_message_recipients(self, partners):
        """Raise unless each of ``partners`` may be told about the record.

        Staff only if they may read the record; outside contacts are not
        restricted here (cases and referrals add the client's consent).
        """
        self.ensure_one()
        check_staff_may_read(self, partners)

    def _fall_check_followers(self, partners):
        """Raise unless each of ``partners`` may follow the record."""
        self.ensure_one()
        if partner := blind_staff(self, partners):
            raise UserError(
                self.env._(
                    "%(name)s may not read this record (%(model)s) and therefore "
                    "cannot follow it.",
                    name=partner.name,
                    model=self.env["ir.model"]._get(self._name).display_name,
                )
            )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Only people the caller may see become followers of a guarded
        record; also the path of writing ``message_partner_ids``."""
        if partner_ids and guarded_documents(self.env, self._name, self.ids):
            partners = self.env["res.partner"].browse(partner_ids)
            # sudo: the present followers are not added anew; nothing is shown
            present = self.sudo().message_follower_ids.partner_id
            check_may_add_followers(self, partners - present)
        return super().message_subscribe(partner_ids, subtype_ids)
