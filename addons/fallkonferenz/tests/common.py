import base64
from datetime import datetime

import vobject

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.fallmanagement.tests.common import FallmanagementCommon

# Tests run frozen at NOW; the conference takes place a week later, on a
# Tuesday at 09:00 German time (08:00 UTC, winter time).
NOW = "2026-03-02 09:00:00"
CONFERENCE_START = datetime(2026, 3, 10, 8, 0)


class FallkonferenzCommon(FallmanagementCommon):
    """Conference fixtures on top of the case-file fixtures of fallmanagement.

    One county conference with county staff, an ALRA and an AiA counsellor and
    an external guest; ``self.case`` (ALRA) and ``self.case_aia`` (AiA) are on
    its agenda.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "fallkonferenz.county_access_days", "30"
        )
        cls.user_county_other = new_test_user(
            cls.env,
            login="fm_county_other",
            name="Gerd Landkreis",
            groups="fallmanagement.group_fall_county",
            company_id=cls.company_county.id,
            company_ids=[Command.set(cls.company_county.ids)],
            email="fm_county_other@example.org",
            tz="Europe/Berlin",
        )
        cls.guest = cls.env["res.partner"].create(
            {"name": "Sabine Schuldnerberatung", "email": "guest@example.org"}
        )
        cls.conference = cls._create_conference(
            cls.user_county,
            participant_user_ids=[
                Command.set((cls.user_counsellor | cls.user_counsellor_aia).ids)
            ],
            guest_partner_ids=[Command.set(cls.guest.ids)],
        )
        cls.item = cls._add_item(cls.conference, cls.case, cls.user_counsellor)
        cls.item_aia = cls._add_item(
            cls.conference, cls.case_aia, cls.user_counsellor_aia
        )

    @classmethod
    def _create_conference(cls, user, **vals):
        return (
            cls.env["fall.conference"]
            .with_user(user)
            .create(
                {
                    "name": "Fallkonferenz März",
                    "start": CONFERENCE_START,
                    "duration": 2.0,
                    "location": "Kreishaus Westerstede",
                    **vals,
                }
            )
            .with_user(cls.env.user)
        )

    @classmethod
    def _add_item(cls, conference, case, user, **vals):
        return (
            cls.env["fall.conference.agenda.item"]
            .with_user(user)
            .create(
                {
                    "conference_id": conference.id,
                    "case_id": case.id,
                    "question": "Ist eine Schuldnerberatung sinnvoll?",
                    **vals,
                }
            )
            .with_user(cls.env.user)
        )

    @classmethod
    def _grant_county_consent(cls, client, codes, **vals):
        """A signed, valid consent of ``client`` for the county."""
        categories = cls.env["fall.data.category"].search([("code", "in", codes)])
        return cls.env["fall.consent"].create(
            {
                "client_id": client.id,
                "recipient_kind": "county",
                "purpose": "Fallkonferenz mit dem Landkreis",
                "data_category_ids": [Command.set(categories.ids)],
                "signed_date": "2026-02-01",
                "signed_scan": base64.b64encode(b"%PDF-1.4 Einwilligung"),
                "signed_scan_name": "einwilligung.pdf",
                **vals,
            }
        )

    # ICS helpers -------------------------------------------------------

    @staticmethod
    def _parse_ics(raw):
        if isinstance(raw, bytes):
            raw = raw.decode()
        return vobject.readOne(raw)

    def _ics_of(self, conference):
        """The ICS the calendar would attach for the conference's event."""
        meeting = conference.meeting_id.sudo()
        return self._parse_ics(meeting._get_ics_file()[meeting.id])

    def _sent_ics(self, conference, since_id=0):
        """ICS files mailed for the conference's event since message ``since_id``.

        :return: list of ``(recipient partners, parsed calendar)``
        """
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "calendar.event"),
                    ("res_id", "=", conference.meeting_id.id),
                    ("id", ">", since_id),
                ],
                order="id",
            )
        )
        result = []
        for message in messages:
            for attachment in message.attachment_ids:
                if attachment.mimetype == "text/calendar":
                    result.append(
                        (
                            message.partner_ids,
                            self._parse_ics(base64.b64decode(attachment.datas)),
                        )
                    )
        return result

    def _last_message_id(self):
        return self.env["mail.message"].sudo().search([], order="id desc", limit=1).id
