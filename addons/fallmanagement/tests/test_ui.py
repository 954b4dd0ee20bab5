"""Web-client tour: a counsellor opens a case file for a new client."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user, tagged

from odoo.addons.fallmanagement.tests.common import FallHttpCase


def tour_user(env, company_name, prefix, login, name, groups):
    """A company of its own and a user of it."""
    company = env["res.company"].create(
        {"name": company_name, "fall_case_prefix": prefix}
    )
    user = new_test_user(
        env,
        login=login,
        # the password policy asks for 12 characters; tours log in without
        password=f"{login}-password",
        name=name,
        groups=groups,
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
    )
    return company, user


@tagged("post_install", "-at_install")
class TestFallCaseTour(FallHttpCase):
    def test_fall_case_tour(self):
        company, user = tour_user(
            self.env,
            "Tour-ALRA e.V.",
            "TOUR",
            "fm_tour_counsellor",
            "Tina Tour",
            "fallmanagement.group_fall_user",
        )
        # A barrier type of its own: the tour finds it by a name that is the
        # same in every language.
        barrier_type = self.env["fall.barrier.type"].create(
            {"name": "Tour Barrier", "code": "tour", "sequence": 1}
        )
        self.start_tour("/odoo", "fallmanagement_case_tour", login=user.login)
        case = self.env["fall.case"].search([("company_id", "=", company.id)])
        self.assertEqual(len(case), 1)
        self.assertRegex(case.name, r"^TOUR-\d{4}-0001$")
        self.assertEqual(case.user_id, user)
        self.assertEqual(case.client_id.name, "Tour Klientin")
        self.assertTrue(case.client_id.fall_is_client)
        self.assertEqual(case.client_id.company_id, company)
        self.assertEqual(case.barrier_ids.barrier_type_id, barrier_type)


@tagged("post_install", "-at_install")
class TestCountyReportTour(FallHttpCase):
    def test_county_report_tour(self):
        company, lead = tour_user(
            self.env,
            "Tour-AiA e.V.",
            "TOURB",
            "fm_tour_lead",
            "Lea Leitung",
            "fallmanagement.group_fall_manager",
        )
        client = self.env["res.partner"].create(
            {"name": "Tour Klient", "fall_is_client": True, "company_id": company.id}
        )
        # open since a year: in the wizard's default period (last quarter)
        self.env["fall.case"].with_company(company).create(
            {
                "client_id": client.id,
                "company_id": company.id,
                "user_id": lead.id,
                "opened_date": date.today() - relativedelta(years=1),
            }
        )
        self.start_tour(
            "/odoo/action-fallmanagement.fall_county_report_action",
            "fallmanagement_county_report_tour",
            login=lead.login,
        )
        export = self.env["fall.report.export"].search([("user_id", "=", lead.id)])
        self.assertEqual(len(export), 1, "the download went through the report")
        self.assertEqual(export.recipient, "internal")
        self.assertEqual(export.company_ids, company)
        self.assertEqual(export.case_count, 1)
