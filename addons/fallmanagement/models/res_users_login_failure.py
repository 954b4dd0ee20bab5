from odoo import fields, models


class ResUsersLoginFailure(models.TransientModel):
    """A failed login, counted by login name for the login cooldown.

    Kept in the database (not in the memory of one server process like
    Odoo's own counter per remote address) so that every worker and every
    login path counts alike; transient, like Odoo's
    ``auth.totp.rate.limit.log``: the cooldown only looks at recent failures.
    """

    _name = "res.users.login.failure"
    _description = "Failed Login"
    _order = "create_date desc, id desc"

    login = fields.Char(required=True, readonly=True, index=True)
    remote_addr = fields.Char(string="Remote Address", readonly=True)
