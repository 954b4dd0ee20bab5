"""Web-client tour: a counsellor opens a case file for a new client."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFallCaseTour(HttpCase):
    def test_fall_case_tour(self):
        company = self.env["res.company"].create(
            {"name": "Tour-ALRA e.V.", "fall_case_prefix": "TOUR"}
        )
        user = new_test_user(
            self.env,
            login="fm_tour_counsellor",
            password="fm_tour_counsellor",
            name="Tina Tour",
            groups="fallmanagement.group_fall_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
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
