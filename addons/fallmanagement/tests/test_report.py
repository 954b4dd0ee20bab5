"""The cooperation plan handed to the client."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import FallmanagementContentCommon

REPORT = "fallmanagement.action_report_fall_case_plan"


@tagged("post_install", "-at_install")
class TestCooperationPlanReport(FallmanagementContentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The plan speaks the client's language.
        cls.client.lang = "en_US"
        cls.goal_done = cls._create_goal(
            cls.case, name="Obtain a driving licence", state="achieved"
        )
        cls.step_cancelled = cls._create_step(
            cls.goal, name="Visit the pawnshop", state="cancelled"
        )
        cls.service = cls.env["res.partner"].create(
            {"name": "Diakonie Schuldnerberatung", "is_company": True}
        )
        cls.step_partner = cls._create_step(
            cls.goal,
            name="Draw up a debt plan",
            owner="partner",
            partner_id=cls.service.id,
        )

    def _render(self, user, case):
        html, report_type = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(REPORT, case.ids)
        )
        self.assertEqual(report_type, "html")
        return html.decode()

    def test_plan_shows_open_goals_and_their_steps(self):
        html = self._render(self.user_counsellor, self.case)
        for text in (
            "Our Cooperation Plan",
            self.case.name,
            "Klaus Testmann",
            "Anna Beraterin",
            "Get the debts under control",
            "Appointment at debt counselling",
            "Draw up a debt plan",
            "Diakonie Schuldnerberatung",
        ):
            self.assertIn(text, html)
        self.assertNotIn(
            "Obtain a driving licence", html, "achieved goals are left out"
        )
        self.assertNotIn("Visit the pawnshop", html, "cancelled steps are left out")

    def test_plan_shows_no_barriers_or_confidential_notes(self):
        html = self._render(self.user_lead, self.case)
        self.assertIn("Get the debts under control", html)
        for text in (
            "Addiction",
            "Alcohol, in treatment since 2025",
            "Relapse after the divorce",
            "Talked about the CV",
            "K-1001",
        ):
            self.assertNotIn(text, html)

    def test_plan_without_open_goals(self):
        self.goal.state = "dropped"
        html = self._render(self.user_counsellor, self.case)
        self.assertIn("There are no open goals at the moment.", html)
        self.assertNotIn("Get the debts under control", html)

    def test_plan_in_the_language_of_the_client(self):
        if not self.env["res.lang"]._lang_get("de_DE").active:
            self.env["res.lang"]._activate_lang("de_DE")
            self.env["ir.module.module"]._load_module_terms(
                ["fallmanagement"], ["de_DE"]
            )
        self.client.lang = "de_DE"
        html = self._render(self.user_counsellor, self.case)
        self.assertIn("Unser Kooperationsplan", html)
        self.assertNotIn("Our Cooperation Plan", html)
        self.assertIn("Get the debts under control", html)

    def test_colleague_prints_plan_of_own_association(self):
        html = self._render(self.user_colleague, self.case)
        self.assertIn("Get the debts under control", html)

    def _assert_render_refused(self, user, case):
        """The report refuses the case before rendering: a plain AccessError."""
        with self.assertRaises(AccessError) as error:
            self._render(user, case)
        self.assertNotIsInstance(error.exception, QWebException)

    def test_other_association_cannot_print_plan(self):
        for user in (self.user_counsellor_aia, self.user_lead_aia):
            with self.subTest(user=user.login):
                self._assert_render_refused(user, self.case)
        # ... but prints its own
        html = self._render(self.user_counsellor_aia, self.case_aia)
        self.assertIn("Find an apprenticeship", html)

    def test_county_cannot_print_plan(self):
        self._assert_render_refused(self.user_county, self.case)
