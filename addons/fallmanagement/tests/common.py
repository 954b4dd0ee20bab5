import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import HttpCase, TransactionCase
from odoo.tools import file_open, file_path
from odoo.tools.translate import CodeTranslations, code_translations

SCAN = base64.b64encode(b"%PDF-1.4 signed consent form")


class TwoFactorLoginMixin:
    """Test logins in a database that enforces two-factor authentication.

    ``HttpCase.authenticate`` (also the login of tours) logs a user in
    without checking the password. With ``auth_totp_mail_enforce`` internal
    users may log in without the browser with an API key only, and that check
    sits above the one Odoo's helper skips: it is skipped the same way, for
    the test login only. The setting itself stays on.
    """

    def authenticate(self, user, password, browser=None):
        Users = self.registry["res.users"]  # the class of the registry
        with patch.object(Users, "_rpc_api_keys_only", lambda self: False):
            return super().authenticate(user, password, browser=browser)


class FallHttpCase(TwoFactorLoginMixin, HttpCase):
    """``HttpCase`` for the case management addons (see the mixin)."""


class FallmanagementCommon(TwoFactorLoginMixin, TransactionCase):
    """Two associations, one test user per role, and small factories.

    Tests build their own data here and never rely on demo records.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        Company = cls.env["res.company"]
        cls.company_alra = Company.create(
            {"name": "Test-ALRA e.V.", "fall_case_prefix": "TALRA"}
        )
        cls.company_aia = Company.create(
            {"name": "Test-AiA e.V.", "fall_case_prefix": "TAIA"}
        )
        cls.company_county = Company.create({"name": "Test-Landkreis"})

        def user(login, groups, company, name):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=groups,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                email=f"{login}@example.org",
                # the password policy asks for 12 characters
                password=f"{login}-password",
                tz="Europe/Berlin",
                # fixed, whatever language the database defaults to
                lang="en_US",
            )

        # Export rights as the default user template grants them to new users:
        # the export tests must reach the record rules behind them.
        counsellor = "fallmanagement.group_fall_user,base.group_allow_export"
        lead = "fallmanagement.group_fall_manager,base.group_allow_export"
        cls.user_counsellor = user(
            "fm_counsellor", counsellor, cls.company_alra, "Anna Beraterin"
        )
        cls.user_colleague = user(
            "fm_colleague", counsellor, cls.company_alra, "Bernd Kollege"
        )
        cls.user_lead = user("fm_lead", lead, cls.company_alra, "Clara Leitung")
        cls.user_counsellor_aia = user(
            "fm_counsellor_aia", counsellor, cls.company_aia, "Dirk Berater"
        )
        cls.user_lead_aia = user("fm_lead_aia", lead, cls.company_aia, "Eva Leitung")
        cls.user_county = user(
            "fm_county",
            "fallmanagement.group_fall_county",
            cls.company_county,
            "Frank Landkreis",
        )
        cls.user_admin = user(
            "fm_admin",
            "fallmanagement.group_fall_admin,base.group_system",
            cls.company_alra,
            "Gabi Admin",
        )
        cls.user_internal = user(
            "fm_internal", "base.group_user", cls.company_alra, "Heinz Intern"
        )

        cls.stage_intake = cls.env.ref("fallmanagement.fall_case_stage_intake")
        cls.stage_planning = cls.env.ref("fallmanagement.fall_case_stage_planning")
        cls.stage_closed = cls.env.ref("fallmanagement.fall_case_stage_closed")
        cls.barrier_debts = cls.env.ref("fallmanagement.fall_barrier_type_debts")
        cls.barrier_addiction = cls.env.ref(
            "fallmanagement.fall_barrier_type_addiction"
        )

        cls.client = cls._create_client(
            cls.company_alra, name="Klaus Testmann", fall_customer_number="K-1001"
        )
        cls.case = cls._create_case(cls.client, cls.user_counsellor)
        cls.client_aia = cls._create_client(cls.company_aia, name="Petra Probe")
        cls.case_aia = cls._create_case(cls.client_aia, cls.user_counsellor_aia)

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """Like Odoo's ``assertRaises``, roll back what the failed call wrote.

        A failed RPC call rolls back its transaction; the savepoint does the
        same here, so that the test can check that nothing was half-written.
        Only the context-manager form is supported.
        """
        with (
            super().assertRaisesRegex(expected_exception, expected_regex) as context,
            self.env.cr.savepoint(),
        ):
            yield context

    @classmethod
    def _create_barrier(cls, case, barrier_type, **vals):
        return cls.env["fall.case.barrier"].create(
            {"case_id": case.id, "barrier_type_id": barrier_type.id, **vals}
        )

    @classmethod
    def _create_goal(cls, case, name="Stable daily structure", **vals):
        return cls.env["fall.goal"].create({"case_id": case.id, "name": name, **vals})

    @classmethod
    def _create_step(cls, goal, name="Call the debt counselling service", **vals):
        return cls.env["fall.goal.step"].create(
            {"goal_id": goal.id, "name": name, **vals}
        )

    @classmethod
    def _create_contact(cls, case, **vals):
        return cls.env["fall.contact"].create(
            {
                "case_id": case.id,
                "date": "2026-02-02",
                "duration": 1.0,
                "user_id": case.user_id.id,
                **vals,
            }
        )

    @classmethod
    def _create_client(cls, company, **vals):
        return (
            cls.env["res.partner"]
            .with_company(company)
            .create(
                {
                    "name": "Test Client",
                    "fall_is_client": True,
                    "company_id": company.id,
                    "fall_birthdate": "1980-05-17",
                    **vals,
                }
            )
        )

    @classmethod
    def _create_case(cls, client, user, **vals):
        return (
            cls.env["fall.case"]
            .with_company(client.company_id)
            .create(
                {
                    "client_id": client.id,
                    "company_id": client.company_id.id,
                    "user_id": user.id,
                    "opened_date": "2026-01-15",
                    **vals,
                }
            )
        )

    @classmethod
    def _create_other_case(cls, user, company=None, **vals):
        """An open case of a new client: a client has one open case at most."""
        company = company or user.company_id
        cls._other_clients = getattr(cls, "_other_clients", 0) + 1
        client = cls._create_client(
            company, name=f"Weitere Klientin {cls._other_clients}"
        )
        return cls._create_case(client, user, **vals)


class FallmanagementContentCommon(FallmanagementCommon):
    """The ALRA case of ``FallmanagementCommon`` with content on every tab.

    One record of each kind hangs on the ALRA case (``cls.case``) so that the
    access tests can check every path to it; the AiA case gets the same
    kinds of records to check the opposite direction.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_barrier_debts = cls._create_barrier(
            cls.case, cls.barrier_debts, severity_intake="3", severity_current="2"
        )
        cls.case_barrier_addiction = cls._create_barrier(
            cls.case,
            cls.barrier_addiction,
            note="Alcohol, in treatment since 2025",
        )
        cls.goal = cls._create_goal(cls.case, name="Get the debts under control")
        cls.step = cls._create_step(cls.goal, name="Appointment at debt counselling")
        cls.contact = cls._create_contact(cls.case, note="Talked about the CV")
        cls.contact_confidential = cls._create_contact(
            cls.case,
            duration=0.5,
            note="Relapse after the divorce",
            is_confidential=True,
        )
        cls.household_member = cls.env["fall.household.member"].create(
            {"client_id": cls.client.id, "name": "Lena Testmann", "relation": "child"}
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "Bescheid Jobcenter.pdf",
                "res_model": "fall.case",
                "res_id": cls.case.id,
                "raw": b"%PDF-1.4 social data",
            }
        )
        cls.message = cls.case.message_post(
            body="Client reported a new decision notice.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.goal_aia = cls._create_goal(cls.case_aia, name="Find an apprenticeship")
        cls.barrier_aia = cls._create_barrier(cls.case_aia, cls.barrier_debts)


class FallNetworkCommon(FallmanagementCommon):
    """Network partners, barriers and factories for referrals, consents and
    dealings with authorities. Time stands still on Tuesday, 10 March 2026.
    """

    freeze_time = "2026-03-10 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests read English texts and dates whatever languages the database
        # has loaded; German is tested on purpose (see _use_german).
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        for name in ("client", "client_aia", "case", "case_aia"):
            setattr(cls, name, getattr(cls, name).with_env(cls.env))
        (cls.client | cls.client_aia).lang = "en_US"
        ref = cls.env.ref
        cls.type_debt = ref("fallmanagement.fall_partner_type_debt")
        cls.type_addiction = ref("fallmanagement.fall_partner_type_addiction")
        cls.type_housing = ref("fallmanagement.fall_partner_type_housing")
        cls.cat_contact = ref("fallmanagement.fall_data_category_contact")
        cls.cat_customer = ref("fallmanagement.fall_data_category_customer_number")
        cls.cat_household = ref("fallmanagement.fall_data_category_household")
        cls.cat_barriers = ref("fallmanagement.fall_data_category_barriers")
        cls.cat_debts = ref("fallmanagement.fall_data_category_debts")
        cls.cat_health = ref("fallmanagement.fall_data_category_health")
        cls.cat_addiction = ref("fallmanagement.fall_data_category_addiction")
        cls.cat_notes = ref("fallmanagement.fall_data_category_notes")
        cls.cat_applications = ref("fallmanagement.fall_data_category_applications")

        Partner = cls.env["res.partner"].with_context(default_lang="en_US")
        cls.partner_debt = Partner.create(
            {
                "name": "Test-Schuldnerberatung",
                "is_company": True,
                "email": "sb@example.org",
                "fall_partner_type_id": cls.type_debt.id,
            }
        )
        cls.partner_debt_contact = Partner.create(
            {
                "name": "Sven Schuldnerberater",
                "parent_id": cls.partner_debt.id,
                "email": "sven@example.org",
            }
        )
        cls.partner_addiction = Partner.create(
            {
                "name": "Test-Suchtberatung",
                "is_company": True,
                "email": "sucht@example.org",
                "fall_partner_type_id": cls.type_addiction.id,
            }
        )
        cls.partner_addiction_other = Partner.create(
            {
                "name": "Andere Suchtberatung",
                "is_company": True,
                "fall_partner_type_id": cls.type_addiction.id,
            }
        )
        cls.partner_housing = Partner.create(
            {
                "name": "Test-Wohnungshilfe",
                "is_company": True,
                "fall_partner_type_id": cls.type_housing.id,
            }
        )
        cls.authority = Partner.create({"name": "Test-Jobcenter", "is_company": True})

        Barrier = cls.env["fall.case.barrier"]
        cls.case_barrier_debts = Barrier.create(
            {"case_id": cls.case.id, "barrier_type_id": cls.barrier_debts.id}
        )
        cls.case_barrier_addiction = Barrier.create(
            {"case_id": cls.case.id, "barrier_type_id": cls.barrier_addiction.id}
        )

    @classmethod
    def _create_consent(cls, categories, client=None, **vals):
        client = client or cls.client
        values = {
            "client_id": client.id,
            "recipient_kind": "partner",
            "recipient_partner_id": cls.partner_debt.id,
            "purpose": "Termin bei der Schuldnerberatung",
            "data_category_ids": [Command.set(categories.ids)],
            "signed_date": "2026-02-01",
            "valid_until": "2026-12-31",
            "signed_scan": SCAN,
            "signed_scan_name": "einwilligung.pdf",
        }
        values.update(vals)
        return cls.env["fall.consent"].create(values)

    @classmethod
    def _create_referral(cls, case=None, partner=None, **vals):
        case = case or cls.case
        values = {
            "case_id": case.id,
            "partner_id": (partner or cls.partner_debt).id,
        }
        values.update(vals)
        return cls.env["fall.referral"].create(values)

    @classmethod
    def _create_matter(cls, case=None, **vals):
        values = {
            "name": "Weiterbewilligungsantrag",
            "case_id": (case or cls.case).id,
            "authority_id": cls.authority.id,
            "kind": "citizen_benefit",
        }
        values.update(vals)
        return cls.env["fall.authority.matter"].create(values)

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Like Odoo's ``assertRaises``: roll back what the failed call wrote."""
        with self._assertRaises(exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    def _use_german(self):
        """Switch to German with this module's German code translations.

        They come from ``i18n/de.po``; the issue-4 fragment waiting to be
        merged into it (``i18n/issue4_de.po.part``) is read on top.
        """
        self.env["res.lang"]._activate_lang("de_DE")
        key = ("fallmanagement", "de_DE")
        translations = dict(code_translations.get_python_translations(*key))
        try:
            part = file_path("fallmanagement/i18n/issue4_de.po.part")
        except FileNotFoundError:
            part = None
        if part:
            with file_open(part, "rb") as fileobj:
                translations.update(
                    CodeTranslations._read_code_translations_file(
                        fileobj,
                        lambda row: (
                            row.get("value") and "odoo-python" in row["comments"]
                        ),
                    )
                )
        patcher = patch.dict(code_translations.python_translations, {key: translations})
        patcher.start()
        self.addCleanup(patcher.stop)
        return self.env(context=dict(self.env.context, lang="de_DE"))

    def _set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(key, value)
