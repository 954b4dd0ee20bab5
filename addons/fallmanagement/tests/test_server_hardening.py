"""Server and login hardening (issue 10), tried from outside over HTTP.

The reproductions of the issue: the database manager and ``db.list`` with
the database listing off, brute force over XML-RPC/JSON-RPC, public sign-up,
a password reset page that tells known from unknown logins, logins without a
second factor, short passwords, idle sessions, and Odoo's online services
(partner autocomplete and the company "enrich" on the administrator's login).
"""

import os
import re
import time
import xmlrpc.client
from datetime import datetime, timedelta
from unittest.mock import patch

from passlib.hash import pbkdf2_sha512

import odoo
from odoo.exceptions import UserError
from odoo.tests import get_db_name, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import FallHttpCase

PASSWORD = "fm-security-password"

# what Odoo logs when it refuses, or when a test fails a login on purpose
REFUSAL_LOGGERS = (
    "odoo.addons.base.models.res_users",
    "odoo.addons.fallmanagement.models.res_users",
    "odoo.addons.web.controllers.database",
    "odoo.service.db",
    "odoo.http",
)


class HardeningCase(FallHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="fm_security",
            password=PASSWORD,
            groups="fallmanagement.group_fall_user",
            # not the login: the page must not give the login away
            email="anna.sicher@example.org",
        )

    def _csrf_token(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@tagged("post_install", "-at_install")
class TestDatabaseManager(HardeningCase):
    """With ``list_db = False`` (every shipped config) nothing lists, dumps
    or manages databases, not even with the right master password."""

    def setUp(self):
        super().setUp()
        options = {
            "list_db": False,
            "admin_passwd": pbkdf2_sha512.hash("master-secret"),
        }
        patcher = patch.dict(odoo.tools.config.options, options)
        patcher.start()
        self.addCleanup(patcher.stop)

    @mute_logger(*REFUSAL_LOGGERS)
    def test_backup_refused(self):
        response = self.url_open(
            "/web/database/backup",
            data={
                "master_pwd": "master-secret",
                "name": get_db_name(),
                "backup_format": "zip",
            },
        )
        self.assertNotIn("attachment", response.headers.get("Content-Disposition", ""))
        self.assertFalse(response.content.startswith(b"PK"), "a zip file came back")
        self.assertIn("text/html", response.headers["Content-Type"])

    @mute_logger(*REFUSAL_LOGGERS)
    def test_db_service_refused(self):
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_db.list()
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_db.dump("master-secret", get_db_name(), "zip")
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_db.duplicate_database(
                "master-secret", get_db_name(), "fm_copy_refused"
            )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/web/database/list")

    @mute_logger(*REFUSAL_LOGGERS)
    def test_manager_page_disabled(self):
        page = self.url_open("/web/database/manager").text
        self.assertIn("database manager has been disabled", page)


@tagged("post_install", "-at_install")
class TestLoginCooldown(HardeningCase):
    """Wrong passwords over XML-RPC and JSON-RPC put the login on cooldown:
    then even the right credential (an API key: internal users cannot log in
    over RPC with their password) is refused until the cooldown is over."""

    def setUp(self):
        super().setUp()
        self.api_key = (
            self.env["res.users.apikeys"]
            .with_user(self.user)
            ._generate(None, "Test", datetime.now() + timedelta(days=30))
        )
        params = self.env["ir.config_parameter"].sudo()
        self.after = int(params.get_param("base.login_cooldown_after"))
        self.duration = int(params.get_param("base.login_cooldown_duration"))
        self.assertGreater(self.after, 0, "the login cooldown is off")

    def _jsonrpc_authenticate(self, password):
        return self.make_jsonrpc_request(
            "/jsonrpc",
            {
                "service": "common",
                "method": "authenticate",
                "args": [get_db_name(), self.user.login, password, {}],
            },
        )

    def _read_over_rpc(self, password):
        """Whether ``execute_kw`` with ``password`` is served.

        Not ``assertRaises``: Odoo's rolls the test transaction back to a
        savepoint, and with it the failures the server counted meanwhile.
        """
        try:
            self.xmlrpc_object.execute_kw(
                get_db_name(),
                self.user.id,
                password,
                "res.users",
                "read",
                [[self.user.id], ["login"]],
            )
        except xmlrpc.client.Fault:
            return False
        return True

    def _authenticate(self, password):
        return self.xmlrpc_common.authenticate(
            get_db_name(), self.user.login, password, {}
        )

    @mute_logger(*REFUSAL_LOGGERS)
    def test_rpc_login_cooldown(self):
        self.assertEqual(self._authenticate(self.api_key), self.user.id)
        for attempt in range(self.after):
            login = self._authenticate if attempt % 2 else self._jsonrpc_authenticate
            self.assertFalse(login(f"wrong password {attempt}"))
        Failure = self.env["res.users.login.failure"]
        failures = Failure.search([("login", "=", self.user.login)])
        self.assertEqual(len(failures), self.after)

        # on cooldown: the right key is refused unchecked, on every path
        self.assertFalse(self._authenticate(self.api_key))
        self.assertFalse(self._jsonrpc_authenticate(self.api_key))
        self.assertFalse(self._read_over_rpc(self.api_key))
        self.assertEqual(len(failures.exists()), self.after, "refusals extend nothing")

        # cooldown over: the key works, the failures are forgotten
        self.env.cr.execute(
            "UPDATE res_users_login_failure SET create_date = create_date - %s "
            "WHERE login = %s",
            (timedelta(seconds=self.duration + 1), self.user.login),
        )
        self.assertEqual(self._authenticate(self.api_key), self.user.id)
        self.assertFalse(Failure.search([("login", "=", self.user.login)]))

    @mute_logger(*REFUSAL_LOGGERS)
    def test_object_calls_count_too(self):
        """Guessing through the password check of ``execute_kw`` counts."""
        self.assertTrue(self._read_over_rpc(self.api_key))
        for attempt in range(self.after):
            self.assertFalse(self._read_over_rpc(f"guess {attempt}"))
        self.assertFalse(self._authenticate(self.api_key))

    @mute_logger(*REFUSAL_LOGGERS)
    def test_web_login_cooldown(self):
        """The web login counts by login as well, not only per address."""
        # Odoo's own counter per address lives in the registry: forget it
        self.addCleanup(lambda: getattr(self.registry, "_login_failures", {}).clear())
        for attempt in range(self.after):
            self._web_login(f"wrong password {attempt}")
        response = self._web_login(PASSWORD)
        self.assertIn("/web/login", response.url)
        self.assertNotIn("/web/login/totp", response.url)

    def _web_login(self, password):
        return self.url_open(
            "/web/login",
            data={
                "login": self.user.login,
                "password": password,
                "csrf_token": self._csrf_token("/web/login"),
            },
        )


@tagged("post_install", "-at_install")
class TestAccounts(HardeningCase):
    """Sign-up, password reset, second factor, password policy, idle
    sessions: as they are after installation."""

    def test_signup_by_invitation_only(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_signup.invitation_scope"), "b2b")
        self.assertEqual(self.url_open("/web/signup").status_code, 404)

    @mute_logger("odoo.addons.auth_signup.controllers.main")
    def test_reset_password_tells_nothing(self):
        """Known and unknown logins get the same page."""
        answers = {}
        for login in (self.user.login, "nobody-here", self.user.email):
            response = self.url_open(
                "/web/reset_password",
                data={
                    "login": login,
                    "csrf_token": self._csrf_token("/web/reset_password"),
                },
            )
            self.assertEqual(response.status_code, 200)
            answers[login] = re.findall(
                r'<p class="alert[^"]*"[^>]*>(.*?)</p>', response.text, re.DOTALL
            )
        self.assertEqual(len(set(map(str, answers.values()))), 1, answers)
        self.assertNotIn("alert-danger", str(answers))

    def test_reset_password_does_not_reveal_login_by_email(self):
        """Odoo redirects a known e-mail address to the login form with its
        login filled in."""
        # sudo: as the user (the log's author) without the rights of an admin
        self.env["res.users.log"].with_user(self.user).sudo().create({})
        response = self.url_open(
            f"/web/reset_password?signup_email={self.user.email}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.user.login, response.text)

    @mute_logger(*REFUSAL_LOGGERS)
    def test_second_factor_for_internal_users(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_totp.policy"), "employee_required")
        self.assertEqual(self.user._mfa_type(), "totp_mail")
        # the right password leads to the second step, not into the client
        response = self.url_open(
            "/web/login",
            data={
                "login": self.user.login,
                "password": PASSWORD,
                "csrf_token": self._csrf_token("/web/login"),
            },
        )
        self.assertIn("/web/login/totp", response.url)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/web/session/get_session_info")
        # over RPC, a password alone opens nothing
        self.assertFalse(
            self.xmlrpc_common.authenticate(
                get_db_name(), self.user.login, PASSWORD, {}
            )
        )

    @mute_logger("odoo.http")
    def test_password_policy(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("auth_password_policy.minlength"), "12")
        self.authenticate(self.user.login, PASSWORD)
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/res.users/change_password",
                {
                    "model": "res.users",
                    "method": "change_password",
                    "args": [PASSWORD, "elevenchars"],
                    "kwargs": {},
                },
            )
        with self.assertRaises(UserError):
            self.user.password = "elevenchars"

    def test_idle_session_ends(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("inactive_session_time_out_delay"), "1800")
        self.authenticate(self.user.login, PASSWORD)
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertEqual(info["uid"], self.user.id)
        # 31 minutes without a request: the very next one is refused
        path = odoo.http.root.session_store.get_session_filename(self.session.sid)
        idle = time.time() - 31 * 60
        os.utime(path, (idle, idle))
        with self.assertRaisesRegex(JsonRpcException, "SessionExpired"):
            self.make_jsonrpc_request("/web/session/get_session_info")
        with self.assertRaisesRegex(JsonRpcException, "SessionExpired"):
            self.make_jsonrpc_request("/web/session/get_session_info")


@tagged("post_install", "-at_install")
class TestOnlineServices(HardeningCase):
    """No personal data to Odoo's online services (IAP): none of those
    modules is installed, none can be installed."""

    def test_no_online_service_installed(self):
        iap = self.env.ref("base.module_iap")
        installed = (
            iap + iap.downstream_dependencies(exclude_states=("uninstallable",))
        ).filtered(lambda module: module.state not in ("uninstalled", "uninstallable"))
        self.assertFalse(installed.mapped("name"))
        for name in ("partner_autocomplete", "iap_mail", "sms", "snailmail"):
            self.assertNotIn(name, self.env.registry._init_modules, name)

    def test_no_update_notification(self):
        """Odoo's weekly "update notification" sends the database's address,
        user counts and the association's contact data to Odoo S.A."""
        cron = self.env.ref("mail.ir_cron_module_update_notification")
        self.assertFalse(cron.active)

    def test_install_refused(self):
        module = self.env.ref("base.module_partner_autocomplete")
        with self.assertRaises(UserError) as caught:
            module.button_install()
        self.assertIn("partner_autocomplete", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(module.state, "uninstalled")

    def test_no_enrich_on_login(self):
        """The administrator's login used to start an "enrich" of the company
        towards Odoo's partner autocomplete service."""
        self.authenticate("admin", "admin")
        info = self.make_jsonrpc_request("/web/session/get_session_info")
        self.assertNotIn("iap_company_enrich", info)
        self.assertFalse(hasattr(self.env["res.company"], "iap_enrich_auto"))
