"""The minutes come out as a real PDF in German (wkhtmltopdf)."""

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.fallmanagement.tests.common_pdf import PdfReportCase

from .common import NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestMinutesPdf(FallkonferenzCommon, PdfReportCase):
    def test_minutes_pdf(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.item.write({"result": "Schuldnerberatung einschalten"})
        self.assertPdfReport(
            "fallkonferenz.action_report_fall_conference_minutes",
            self.conference,
            "Protokoll der Fallkonferenz",
            self.case.name,
            "Schuldnerberatung einschalten",
        )
