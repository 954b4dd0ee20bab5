"""Render a report through wkhtmltopdf in a test (not the HTML of test mode)."""

import io

from PyPDF2 import PdfReader

from odoo.tests import HttpCase

REPORT_LOGGER = "odoo.addons.base.models.ir_actions_report"
# Debian's wkhtmltopdf is built on an unpatched Qt: it prints, but says so on
# every run (no repeated header and footer, text drawn as outlines). The
# official odoo:18.0 image ships the patched build. Any other message fails.
UNPATCHED_QT = "is not support using unpatched qt"


class PdfReportCase(HttpCase):
    """An ``HttpCase``: wkhtmltopdf fetches the report's assets from the
    running server, which must see the test's transaction.

    The German text is read from the HTML that is turned into the PDF:
    Debian's wkhtmltopdf draws the text as outlines, so it cannot be read
    back from the PDF itself.
    """

    def assertPdfReport(self, report, records, *texts, lang="de_DE"):
        """Render ``report`` as a real PDF in ``lang`` and check its HTML
        holds ``texts``; return the PDF."""
        Report = self.env["ir.actions.report"].with_context(
            force_report_rendering=True, lang=lang
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
        return pdf
