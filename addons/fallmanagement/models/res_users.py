import contextlib
import logging

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessDenied, UserError
from odoo.http import request

_logger = logging.getLogger(__name__)


class LoginCooldown(AccessDenied):
    """A login attempt refused unchecked because its login is on cooldown."""


class ResUsers(models.Model):
    _inherit = "res.users"

    # Login cooldown on every path (issue 10). Odoo's own cooldown
    # (``_assert_can_auth``) counts failures per remote address in the memory
    # of one server process, and only while a request is exposed: XML-RPC and
    # JSON-RPC calls run inside ``odoo.http.dispatch_rpc``, which hides the
    # request, so ``common.authenticate`` and ``object.execute_kw`` were never
    # throttled. Here failures are counted per login in the database, for
    # ``/web/login``, ``/web/session/authenticate``, ``/xmlrpc``, ``/jsonrpc``
    # and the password check of every RPC call alike; Odoo's settings
    # ``base.login_cooldown_after`` and ``base.login_cooldown_duration`` apply.

    @classmethod
    def _login(cls, db, credential, user_agent_env):
        try:
            return super()._login(db, credential, user_agent_env)
        except LoginCooldown:
            raise
        except AccessDenied:
            cls._fall_record_login_failure(credential.get("login"))
            raise

    @classmethod
    def check(cls, db, uid, passwd):
        try:
            return super().check(db, uid, passwd)
        except LoginCooldown:
            raise
        except AccessDenied:
            cls._fall_record_login_failure(uid)
            raise

    @classmethod
    def _fall_record_login_failure(cls, user):
        """Count a failed login, in a transaction of its own: the login's
        transaction is rolled back with the refusal."""
        with cls.pool.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            login = env["res.users"]._fall_login_name(user)
            if login:
                remote_addr = request.httprequest.remote_addr if request else False
                env["res.users.login.failure"].create(
                    {"login": login, "remote_addr": remote_addr}
                )

    def _fall_login_name(self, user):
        """The login name of ``user``, given as login or as user id."""
        if isinstance(user, int):
            # sudo: asked before anyone is logged in; only the login of this
            # id is read, to count its failures
            return self.sudo().browse(user).exists().login
        return user if isinstance(user, str) else False

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Refuse the attempt unchecked while its login is on cooldown."""
        login = self._fall_login_name(user)
        # sudo: the failures are nobody's records; only their count is used
        failures = self.env["res.users.login.failure"].sudo()
        if login:
            failures = failures.search([("login", "=", login)])
        previous = max(failures.mapped("create_date"), default=None)
        if failures and self._on_login_cooldown(len(failures), previous):
            _logger.warning(
                "Login attempt ignored for login %r on %s: %d failures since "
                "the last success, the last at %s.",
                login,
                self.env.cr.dbname,
                len(failures),
                previous,
            )
            raise LoginCooldown(
                self.env._(
                    "Too many login failures, please wait a bit before trying again."
                )
            )
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(super()._assert_can_auth(user=user))
            except AccessDenied as error:
                # Odoo's own cooldown per remote address: not a new failure
                raise LoginCooldown(*error.args) from error
            yield
        failures.unlink()

    def reset_password(self, login):
        """The same answer for every login on the public reset page.

        Odoo's refuses an unknown or ambiguous login ("No account found for
        this login") and shows mail errors for a known one, which tells
        anyone which logins exist. Here nothing is said: the reset is only
        logged when it cannot be done.
        """
        users = self.search(self._get_login_domain(login)) or self.search(
            self._get_email_domain(login)
        )
        if len(users) != 1:
            _logger.info("Password reset not sent: %d users for %r", len(users), login)
            return False
        try:
            return super().reset_password(login)
        except UserError as error:
            _logger.warning("Password reset for %r not sent: %s", login, error)
            return False
