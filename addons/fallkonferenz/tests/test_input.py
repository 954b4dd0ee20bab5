"""Bad input on conferences gets a clear German error (issue 10, 5.)."""

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.fallmanagement.tests.common_rpc import JsonRpcMixin

from .common import FallkonferenzCommon


@tagged("post_install", "-at_install")
class TestConferenceInput(JsonRpcMixin, FallkonferenzCommon, HttpCase):
    def test_agenda_item_duration(self):
        self.item.write({"duration": 8})
        for bad in (0, -1, 8.01):
            with self.assertRaisesRegex(ValidationError, "between 0 and 8 hours"):
                self.item.write({"duration": bad})
                self.item.flush_recordset()

    def test_negative_duration_over_rpc(self):
        """A negative agenda duration was accepted."""
        self.authenticate("fm_counsellor", "fm_counsellor")
        self.assertRpcRefused(
            "fall.conference.agenda.item",
            "write",
            [self.item.ids, {"duration": -1}],
            message=f"^Die für Fall {self.case.name} geplante Zeit muss zwischen 0 "
            "und 8 Stunden liegen",
        )
        self.item.invalidate_recordset()
        self.assertEqual(self.item.duration, 0.25)

    def test_conference_values(self):
        conference = self.conference
        conference.write({"videocall_url": "https://meet.example.org/" + "x" * 2000})
        with self.assertRaisesRegex(ValidationError, "Video Link: .* too long"):
            conference.write({"videocall_url": "https://" + "x" * 2041})
        with self.assertRaisesRegex(ValidationError, "plausible"):
            conference.write({"start": "9999-12-31 08:00:00"})
        with self.assertRaisesRegex(ValidationError, "not a valid date"):
            conference.write({"start": "2026-13-01 08:00:00"})
        with self.assertRaisesRegex(ValidationError, "Status"):
            conference.write({"state": "exploded"})

    def test_settings_out_of_range(self):
        """Settings out of range are refused in German."""
        Settings = self.env["res.config.settings"].with_context(lang="de_DE")
        with self.assertRaisesRegex(ValidationError, "Zugriffszeitraum.*negativ"):
            Settings.create({"fall_county_access_days": -1})
        with self.assertRaisesRegex(ValidationError, "mindestens einer Woche"):
            Settings.create({"fall_stalled_weeks": 0})
