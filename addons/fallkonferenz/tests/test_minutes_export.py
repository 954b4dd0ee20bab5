import base64
import io

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestMinutesAndExport(FallkonferenzCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item.write(
            {
                "result": "Schuldnerberatung einschalten",
                "decision": "Vermittlung bis Ende März",
                "task_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Termin vereinbaren",
                            "user_id": cls.user_counsellor.id,
                            "date_deadline": "2026-03-24",
                        },
                    )
                ],
            }
        )
        cls.item.action_record_decision()
        cls.item_aia.write({"state": "noted", "result": "Zur Kenntnis genommen"})
        cls.conference.minutes_note = "<p>Anwesend: alle Eingeladenen.</p>"
        cls._grant_county_consent(cls.client, ["customer_number"])

    def _render_minutes(self, user, conference):
        # a new request: nothing read by privileged code is in the cache
        self.env.invalidate_all()
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(
                "fallkonferenz.action_report_fall_conference_minutes", conference.ids
            )
        )
        return html.decode()

    def test_minutes_show_only_what_the_reader_may_see(self):
        county = self._render_minutes(self.user_county, self.conference)
        self.assertIn(self.case.name, county)
        self.assertIn(self.case_aia.name, county)
        self.assertIn("Vermittlung bis Ende März", county)
        self.assertIn("Termin vereinbaren", county)
        alra = self._render_minutes(self.user_counsellor, self.conference)
        self.assertIn(self.case.name, alra)
        self.assertNotIn(self.case_aia.name, alra)
        self.assertNotIn("Zur Kenntnis genommen", alra)
        for html in (county, alra):
            self.assertNotIn(self.client.name, html)
            self.assertNotIn(self.client_aia.name, html)

    def test_send_minutes_per_audience(self):
        conference = self.conference.with_user(self.user_county)
        with self.assertRaises(UserError):
            conference.action_send_minutes()
        conference.action_done()
        action = conference.action_send_minutes()
        self.assertEqual(action["res_model"], "mail.compose.message")
        minutes = self.env["fall.conference.minutes"].browse(
            action["context"]["default_res_ids"]
        )
        self.assertEqual(len(minutes), 3, "ALRA, AiA and the county")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.user_county)
            .with_context(**action["context"])
        ).save()
        composer._action_send_mail()
        self.assertEqual(self.conference.state, "minutes_sent")
        by_company = {m.association_id: m for m in minutes}
        alra = by_company[self.company_alra]
        aia = by_company[self.company_aia]
        county = by_company[self.env["res.company"]]
        self.assertEqual(alra.partner_ids, self.user_counsellor.partner_id)
        self.assertEqual(aia.partner_ids, self.user_counsellor_aia.partner_id)
        self.assertEqual(county.partner_ids, self.user_county.partner_id)
        self.assertNotIn(self.guest, minutes.partner_ids)

        def sent_pdf(record):
            message = record.message_ids.filtered("attachment_ids")[:1]
            self.assertEqual(message.partner_ids, record.partner_ids)
            attachment = message.attachment_ids
            self.assertEqual(attachment.res_model, "fall.conference.minutes")
            return base64.b64decode(attachment.datas).decode()

        alra_pdf = sent_pdf(alra)
        self.assertIn(self.case.name, alra_pdf)
        self.assertNotIn(self.case_aia.name, alra_pdf)
        aia_pdf = sent_pdf(aia)
        self.assertIn(self.case_aia.name, aia_pdf)
        self.assertNotIn(self.case.name, aia_pdf)
        county_pdf = sent_pdf(county)
        self.assertIn(self.case.name, county_pdf)
        self.assertIn(self.case_aia.name, county_pdf)

        # an ALRA counsellor reads neither the AiA nor the county minutes
        Minutes = self.env["fall.conference.minutes"].with_user(self.user_counsellor)
        self.assertEqual(Minutes.search([]), alra)
        Attachment = self.env["ir.attachment"].with_user(self.user_counsellor)
        self.assertEqual(
            Attachment.search([("res_model", "=", "fall.conference.minutes")]),
            alra.message_ids.attachment_ids,
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Attachment.browse(aia.message_ids.attachment_ids.ids).read(["datas"])

    def test_counsellor_sends_own_association_minutes(self):
        self.conference.action_done()
        action = self.conference.with_user(self.user_counsellor).action_send_minutes()
        minutes = self.env["fall.conference.minutes"].browse(
            action["context"]["default_res_ids"]
        )
        self.assertEqual(minutes.association_id, self.company_alra)

    def _xlsx(self, user, lang="en_US"):
        self.env.invalidate_all()
        content, report_format = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang=lang)
            ._render("fallkonferenz.conference_xlsx", self.conference.ids, {})
        )
        self.assertEqual(report_format, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return sheet, rows

    def test_xlsx_for_the_county(self):
        sheet, rows = self._xlsx(self.user_county)
        self.assertEqual(sheet.title, "2026-03-10")
        self.assertEqual(rows[0][0], "Fallkonferenz März")
        self.assertEqual(rows[1][1], "10.03.2026 09:00")
        header = rows[6]
        self.assertIn("Case Number", header)
        self.assertIn("Customer Number", header)
        agenda = {row[header.index("Case Number")]: row for row in rows[7:]}
        self.assertEqual(set(agenda), {self.case.name, self.case_aia.name})
        alra = agenda[self.case.name]
        self.assertEqual(alra[header.index("Time")], "09:00–09:15")
        self.assertEqual(alra[header.index("Decisions")], "Vermittlung bis Ende März")
        self.assertIn("Termin vereinbaren", alra[header.index("Tasks")])
        self.assertEqual(alra[header.index("Customer Number")], "K-1001")
        self.assertEqual(alra[header.index("Counsellor")], "Anna Beraterin")
        everything = str(rows)
        self.assertNotIn(self.client.name, everything)
        self.assertNotIn(self.client_aia.name, everything)

    def test_not_shared_is_not_zero(self):
        """Without the client's consent the county reads "not shared", not
        an empty customer number or 00:00 hours."""
        item_aia = self.item_aia.with_user(self.user_county)
        self.assertTrue(item_aia.case_info_visible)
        self.assertFalse(item_aia.case_contact_hours_shared)
        self.assertFalse(item_aia.case_customer_number_shared)
        item = self.item.with_user(self.user_county)
        self.assertTrue(item.case_contact_hours_shared)
        self.assertTrue(item.case_customer_number_shared)
        _sheet, rows = self._xlsx(self.user_county)
        header = rows[6]
        aia = next(row for row in rows[7:] if row[2] == self.case_aia.name)
        self.assertEqual(aia[header.index("Customer Number")], "not shared")

    def test_xlsx_after_the_access_period(self):
        with freeze_time("2026-05-01 08:00:00"):
            _sheet, rows = self._xlsx(self.user_county)
        header = rows[6]
        alra = next(row for row in rows[7:] if row[2] == self.case.name)
        self.assertEqual(alra[header.index("Decisions")], "Vermittlung bis Ende März")
        self.assertFalse(alra[header.index("Customer Number")])
        self.assertFalse(alra[header.index("Phase")])

    def test_xlsx_for_a_counsellor(self):
        _sheet, rows = self._xlsx(self.user_counsellor)
        self.assertEqual([row[2] for row in rows[7:]], [self.case.name])

    def test_xlsx_headers_in_german(self):
        if not self.env["res.lang"]._lang_get("de_DE"):
            self.skipTest("German is not installed")
        _sheet, rows = self._xlsx(self.user_county, lang="de_DE")
        self.assertIn("Fallnummer", rows[6])
        self.assertIn("Frage an die Fallkonferenz", rows[6])
