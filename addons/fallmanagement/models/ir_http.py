from odoo import api, models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _authenticate(cls, endpoint):
        """End an idle session before the request is served.

        OCA ``auth_session_timeout`` logs an idle session out only after the
        request has been authenticated as its user, so the first request after
        the timeout would still be served with the user's rights. As Odoo does
        for a session it finds invalid, the request is authenticated once more
        without a user: refused on routes for users, anonymous on public ones.
        """
        user_before = request.session.uid if request else None
        result = super()._authenticate(endpoint)
        if user_before and not request.session.uid:
            request.env = api.Environment(request.env.cr, None, request.session.context)
            result = super()._authenticate(endpoint)
        return result
