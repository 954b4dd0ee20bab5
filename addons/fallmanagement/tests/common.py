from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class FallmanagementCommon(TransactionCase):
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
                tz="Europe/Berlin",
            )

        counsellor = "fallmanagement.group_fall_user"
        lead = "fallmanagement.group_fall_manager"
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
