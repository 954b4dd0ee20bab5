from odoo import http
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome


class FallAuthSignupHome(AuthSignupHome):
    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        """The public reset page tells nobody which logins exist.

        Given ``signup_email``, Odoo's page redirects to the login form with
        the login of the user who has that address filled in; the parameter
        is dropped. Unknown logins get the same answer as known ones
        (``res.users.reset_password``).
        """
        kw.pop("signup_email", None)
        request.params.pop("signup_email", None)
        return super().web_auth_reset_password(*args, **kw)
