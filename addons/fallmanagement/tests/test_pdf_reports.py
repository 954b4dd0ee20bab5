"""The printed documents come out as real PDFs in German (wkhtmltopdf)."""

from odoo import Command
from odoo.tests import tagged

from .common import FallNetworkCommon
from .common_pdf import PdfReportCase


@tagged("post_install", "-at_install")
class TestPdfReports(FallNetworkCommon, PdfReportCase):
    """Plan, referral letter and consent form through wkhtmltopdf, in German."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.client.lang = "de_DE"
        cls.goal = cls._create_goal(cls.case, name="Schulden in den Griff bekommen")
        cls._create_step(cls.goal, name="Termin bei der Schuldnerberatung")

    def test_cooperation_plan(self):
        self.assertPdfReport(
            "fallmanagement.action_report_fall_case_plan",
            self.case,
            "Unser Kooperationsplan",
            "Klaus Testmann",
            "Schulden in den Griff bekommen",
            "Termin bei der Schuldnerberatung",
        )

    def test_referral_letter(self):
        self._create_consent(self.cat_contact | self.cat_debts)
        referral = self._create_referral(
            data_category_ids=[Command.set((self.cat_contact | self.cat_debts).ids)],
        )
        self.assertPdfReport(
            "fallmanagement.action_report_fall_referral_letter",
            referral,
            "Klaus Testmann",
            "Test-Schuldnerberatung",
        )

    def test_consent_form(self):
        consent = self._create_consent(self.cat_contact | self.cat_addiction)
        self.assertPdfReport(
            "fallmanagement.action_report_fall_consent",
            consent,
            "Einwilligung",
            "Klaus Testmann",
            "jederzeit",
        )
