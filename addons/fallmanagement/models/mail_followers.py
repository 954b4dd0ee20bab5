from odoo import api, models
from odoo.osv import expression

from ..tools.mail_audience import (
    forbid_hidden,
    guarded_documents,
    readable_documents_domain,
)


class MailFollowers(models.Model):
    """Followers of case management records: only people who may read the
    record follow it, and only those who may read it see its followers."""

    _inherit = "mail.followers"

    @api.constrains("res_model", "res_id", "partner_id")
    def _check_fall_follower_may_read(self):
        for follower in self:
            if not follower.res_id:
                continue
            document = guarded_documents(self.env, follower.res_model, follower.res_id)
            if document:
                document._fall_check_followers(follower.partner_id)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Followers of a guarded record are visible to its readers only."""
        if not self.env.su:
            domain = expression.AND([domain, readable_documents_domain(self.env)])
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        """Reading followers of a guarded record needs read access to it."""
        return forbid_hidden(self, operation, super()._check_access(operation))
