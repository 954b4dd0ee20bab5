"""The printed documents come out as real PDFs in German (wkhtmltopdf)."""

import io

from PyPDF2 import PdfReader

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common_network import FallNetworkCommon

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"
# Debian's wkhtmltopdf is built on an unpatched Qt: it prints, but says so on
# every run (no repeated header and footer, text drawn as outlines). The
# official odoo:18.0 image ships the patched build. Any other message fails.
UNPATCHED_QT = "is not support using unpatched qt"


@tagged("post_install", "-at_install")
class TestPdfReports(FallNetworkCommon, HttpCase):
    """Plan, referral letter and consent form rendered through wkhtmltopdf,
    not the HTML Odoo hands out in test mode.

    An ``HttpCase``: wkhtmltopdf fetches the report's assets from the running
    server, which must see the test's transaction. The German text is read
    from the HTML that was turned into the PDF (Debian's wkhtmltopdf draws
    the text as outlines, so it cannot be read back from the PDF itself).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.client.lang = "de_DE"
        cls.goal = cls._create_goal(cls.case, name="Schulden in den Griff bekommen")
        cls._create_step(cls.goal, name="Termin bei der Schuldnerberatung")

    def _render(self, report, records, *texts):
        """Render ``report`` as PDF and HTML in German, check both."""
        Report = self.env["ir.actions.report"].with_context(
            force_report_rendering=True, lang="de_DE"
        )
        with self.assertLogs(REPORT_LOGGER, "DEBUG") as logs:
            pdf, report_type = Report._render_qweb_pdf(report, records.ids)
        unexpected = [
            line
            for line in logs.output
            if line.startswith(("WARNING", "ERROR")) and UNPATCHED_QT not in line
        ]
        self.assertFalse(unexpected)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), "a real PDF, not HTML")
        reader = PdfReader(io.BytesIO(pdf))
        self.assertGreaterEqual(len(reader.pages), len(records))
        self.assertIn("Qt", reader.metadata.get("/Producer", ""), "wkhtmltopdf")
        html = Report._render_qweb_html(report, records.ids)[0].decode()
        for text in texts:
            self.assertIn(text, html)

    def test_cooperation_plan(self):
        self._render(
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
        self._render(
            "fallmanagement.action_report_fall_referral_letter",
            referral,
            "Klaus Testmann",
            "Test-Schuldnerberatung",
        )

    def test_consent_form(self):
        consent = self._create_consent(self.cat_contact | self.cat_addiction)
        self._render(
            "fallmanagement.action_report_fall_consent",
            consent,
            "Einwilligung",
            "Klaus Testmann",
            "jederzeit",
        )
