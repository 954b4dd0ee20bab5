from datetime import timedelta

from odoo import api, fields, models


class ResUsersLoginFailure(models.Model):
    """A failed login, counted by login name for the login cooldown.

    Kept in the database (not in the memory of one server process like
    Odoo's own counter per remote address) so that every worker and every
    login path counts alike. A successful login of the same name clears its
    failures; the rest is removed after a day. Administrators can read them.
    """

    _name = "res.users.login.failure"
    _description = "Failed Login"
    _order = "create_date desc, id desc"

    login = fields.Char(required=True, readonly=True, index=True)
    remote_addr = fields.Char(string="Remote Address", readonly=True)

    @api.autovacuum
    def _gc_login_failures(self):
        """Forget failures older than a day."""
        limit = fields.Datetime.now() - timedelta(days=1)
        self.search([("create_date", "<", limit)]).unlink()
