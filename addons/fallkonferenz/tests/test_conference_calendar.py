from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import CONFERENCE_START, NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestConferenceCalendar(FallkonferenzCommon):
    def _attendee_emails(self, vevent):
        return {
            attendee.value.lower().removeprefix("mailto:")
            for attendee in vevent.contents.get("attendee", [])
        }

    def test_meeting_created_and_private(self):
        meeting = self.conference.meeting_id.sudo()
        self.assertTrue(meeting)
        self.assertEqual(meeting.name, "Fallkonferenz März")
        self.assertEqual(meeting.start, CONFERENCE_START)
        self.assertEqual(meeting.stop, CONFERENCE_START + timedelta(hours=2))
        self.assertEqual(meeting.location, "Kreishaus Westerstede")
        self.assertEqual(meeting.privacy, "private")
        self.assertEqual(meeting.res_model, "fall.conference")
        self.assertEqual(meeting.res_id, self.conference.id)
        self.assertEqual(
            meeting.partner_ids,
            (
                self.user_county | self.user_counsellor | self.user_counsellor_aia
            ).partner_id
            | self.guest,
        )

    def test_agenda_in_calendar_shows_case_numbers_only(self):
        description = self.conference.meeting_id.sudo().description
        self.assertIn(self.case.name, description)
        self.assertIn(self.case_aia.name, description)
        self.assertIn("09:00–09:15", description)
        for secret in (self.client.name, self.client_aia.name, "Schuldnerberatung"):
            self.assertNotIn(secret, description)
        ics = self._ics_of(self.conference).serialize()
        for secret in (self.client.name, self.client_aia.name, "K-1001"):
            self.assertNotIn(secret, ics)

    def test_nothing_sent_before_invitation(self):
        self.assertEqual(self.conference.state, "planned")
        self.assertFalse(self._sent_ics(self.conference))

    def test_invitation_ics(self):
        self.conference.with_user(self.user_county).action_send_invitations()
        self.assertEqual(self.conference.state, "invited")
        sent = self._sent_ics(self.conference)
        recipients = self.env["res.partner"].union(*(partners for partners, _c in sent))
        # everybody but the sender (the organiser) gets an invitation
        self.assertEqual(
            recipients,
            (self.user_counsellor | self.user_counsellor_aia).partner_id | self.guest,
        )
        cal = sent[0][1]
        self.assertEqual(cal.method.value, "REQUEST")
        self.assertEqual(cal.vtimezone.tzid.value, "Europe/Berlin")
        vevent = cal.vevent
        self.assertEqual(
            vevent.dtstart.params["X-VOBJ-ORIGINAL-TZID"], ["Europe/Berlin"]
        )
        self.assertIn("DTSTART;TZID=Europe/Berlin:20260310T090000", cal.serialize())
        self.assertEqual(vevent.dtstart.value.hour, 9)
        self.assertEqual(vevent.dtend.value.hour, 11)
        self.assertEqual(vevent.uid.value, self.conference.ics_uid)
        self.assertTrue(
            vevent.uid.value.startswith(f"fall-conference-{self.conference.id}-")
        )
        self.assertEqual(vevent.sequence.value, "0")
        self.assertEqual(vevent.status.value, "CONFIRMED")
        self.assertEqual(vevent.location.value, "Kreishaus Westerstede")
        self.assertEqual(vevent.organizer.value, "mailto:fm_county@example.org")
        self.assertEqual(
            self._attendee_emails(vevent),
            {
                "fm_county@example.org",
                "fm_counsellor@example.org",
                "fm_counsellor_aia@example.org",
                "guest@example.org",
            },
        )
        self.assertNotIn("rrule", vevent.contents)

    def test_time_change_updates_with_same_uid_and_higher_sequence(self):
        self.conference.with_user(self.user_county).action_send_invitations()
        uid = self._ics_of(self.conference).vevent.uid.value
        since = self._last_message_id()
        self.conference.with_user(self.user_county).start = (
            CONFERENCE_START + timedelta(hours=1)
        )
        self.assertEqual(self.conference.ics_sequence, 1)
        self.assertEqual(self.conference.meeting_id.sudo().start, self.conference.start)
        sent = self._sent_ics(self.conference, since)
        self.assertEqual(len(sent), 3, "one update per attendee but the organiser")
        for _partners, cal in sent:
            self.assertEqual(cal.method.value, "REQUEST")
            self.assertEqual(cal.vevent.uid.value, uid)
            self.assertEqual(cal.vevent.sequence.value, "1")
            self.assertIn("DTSTART;TZID=Europe/Berlin:20260310T100000", cal.serialize())

    def test_location_change_increases_sequence(self):
        self.conference.action_send_invitations()
        self.conference.write(
            {"location": False, "videocall_url": "https://video.example.org/fk"}
        )
        vevent = self._ics_of(self.conference).vevent
        self.assertEqual(vevent.sequence.value, "1")
        self.assertEqual(vevent.location.value, "https://video.example.org/fk")
        self.assertEqual(vevent.url.value, "https://video.example.org/fk")

    def test_agenda_change_keeps_sequence_and_sends_nothing(self):
        self.conference.action_send_invitations()
        since = self._last_message_id()
        case = self._create_other_case(self.user_counsellor)
        self._add_item(self.conference, case, self.user_counsellor)
        self.assertEqual(self.conference.ics_sequence, 0)
        self.assertIn(case.name, self.conference.meeting_id.sudo().description)
        self.assertFalse(self._sent_ics(self.conference, since))
        # "Send Update" sends the current agenda to everybody
        self.conference.action_send_invitations()
        sent = self._sent_ics(self.conference, since)
        self.assertTrue(sent)
        self.assertIn(case.name, sent[0][1].vevent.description.value)

    def test_new_participant_invited_removed_participant_cancelled(self):
        self.conference.with_user(self.user_county).action_send_invitations()
        since = self._last_message_id()
        self.conference.with_user(self.user_county).participant_user_ids = [
            Command.unlink(self.user_counsellor_aia.id),
            Command.link(self.user_colleague.id),
        ]
        sent = self._sent_ics(self.conference, since)
        by_partner = {}
        for partners, cal in sent:
            for partner in partners:
                by_partner.setdefault(partner, []).append(cal)
        removed = by_partner[self.user_counsellor_aia.partner_id][0]
        self.assertEqual(removed.method.value, "CANCEL")
        self.assertEqual(removed.vevent.status.value, "CANCELLED")
        self.assertEqual(
            self._attendee_emails(removed.vevent), {"fm_counsellor_aia@example.org"}
        )
        added = by_partner[self.user_colleague.partner_id][0]
        self.assertEqual(added.method.value, "REQUEST")
        self.assertIn("fm_colleague@example.org", self._attendee_emails(added.vevent))
        kept = by_partner[self.user_counsellor.partner_id][0]
        self.assertEqual(kept.method.value, "REQUEST")
        self.assertEqual(kept.vevent.sequence.value, "1")
        self.assertNotIn(
            "fm_counsellor_aia@example.org", self._attendee_emails(kept.vevent)
        )
        self.assertNotIn(
            self.user_counsellor_aia.partner_id,
            self.conference.meeting_id.sudo().partner_ids,
        )

    def test_cancellation(self):
        self.conference.with_user(self.user_county).action_send_invitations()
        uid = self.conference.ics_uid
        since = self._last_message_id()
        self.conference.with_user(self.user_county).action_cancel()
        self.assertEqual(self.conference.state, "cancelled")
        sent = self._sent_ics(self.conference, since)
        self.assertEqual(len(sent), 3)
        for _partners, cal in sent:
            self.assertEqual(cal.method.value, "CANCEL")
            self.assertEqual(cal.vevent.status.value, "CANCELLED")
            self.assertEqual(cal.vevent.uid.value, uid)
            self.assertEqual(cal.vevent.sequence.value, "1")
        self.assertFalse(self.conference.meeting_id.sudo().active)
        # planned again: new invitations are needed, the UID stays
        self.conference.action_reset_to_planned()
        self.assertEqual(self.conference.state, "planned")
        self.assertTrue(self.conference.meeting_id.sudo().active)
        self.assertEqual(self._ics_of(self.conference).vevent.uid.value, uid)
        self.assertEqual(self.conference.ics_sequence, 2)

    def test_cancel_planned_conference_sends_nothing(self):
        self.conference.action_cancel()
        self.assertFalse(self._sent_ics(self.conference))
        self.assertFalse(self.conference.meeting_id.sudo().active)

    def test_monthly_series(self):
        series = self._create_conference(
            self.user_county,
            name="Monatliche Fallkonferenz",
            recurrency=True,
            series_count=4,
            participant_user_ids=[Command.set(self.user_counsellor.ids)],
        )
        meeting = series.meeting_id.sudo()
        events = meeting.recurrence_id.calendar_event_ids.sorted("start")
        self.assertEqual(len(events), 4)
        # second Tuesday of each month, 09:00 German time (summer time in April)
        self.assertEqual(
            events.mapped("start"),
            [
                datetime(2026, 3, 10, 8, 0),
                datetime(2026, 4, 14, 7, 0),
                datetime(2026, 5, 12, 7, 0),
                datetime(2026, 6, 9, 7, 0),
            ],
        )
        cal = self._ics_of(series)
        self.assertEqual(
            cal.vevent.rrule.value, "FREQ=MONTHLY;INTERVAL=1;COUNT=4;BYDAY=+2TU"
        )
        occurrences = list(cal.vevent.getrruleset())
        self.assertEqual(len(occurrences), 4)
        self.assertTrue(all(o.hour == 9 for o in occurrences))
        self.assertEqual(occurrences[1].date().isoformat(), "2026-04-14")

    def test_series_next_meeting_uses_recurrence_id(self):
        series = self._create_conference(
            self.user_county,
            recurrency=True,
            series_count=3,
            participant_user_ids=[Command.set(self.user_counsellor.ids)],
        )
        series.action_send_invitations()
        action = series.action_plan_next_meeting()
        follow_up = self.env["fall.conference"].browse(action["res_id"])
        self.assertEqual(follow_up.series_id, series)
        self.assertEqual(follow_up.start, datetime(2026, 4, 14, 7, 0))
        self.assertIn(
            follow_up.meeting_id,
            series.meeting_id.sudo().recurrence_id.calendar_event_ids,
        )
        self._add_item(follow_up, self.case, self.user_counsellor)
        follow_up.action_send_invitations()
        vevent = self._ics_of(follow_up).vevent
        self.assertEqual(vevent.uid.value, series.ics_uid)
        self.assertNotIn("rrule", vevent.contents)
        self.assertIn(
            "RECURRENCE-ID;TZID=Europe/Berlin:20260414T090000",
            self._ics_of(follow_up).serialize(),
        )
        self.assertIn(self.case.name, vevent.description.value)
        # moving the single meeting keeps its RECURRENCE-ID
        follow_up.start = datetime(2026, 4, 15, 7, 0)
        serialized = self._ics_of(follow_up).serialize()
        self.assertIn("RECURRENCE-ID;TZID=Europe/Berlin:20260414T090000", serialized)
        self.assertIn("DTSTART;TZID=Europe/Berlin:20260415T090000", serialized)
        with self.assertRaises(UserError):
            series.start = datetime(2026, 3, 11, 8, 0)

    def test_answers_through_calendar(self):
        self.conference.action_send_invitations()
        attendee = self.conference.attendee_ids.filtered(
            lambda a: a.partner_id == self.user_counsellor.partner_id
        )
        attendee.with_user(self.user_counsellor).do_accept()
        guest = self.conference.attendee_ids.filtered(
            lambda a: a.partner_id == self.guest
        )
        guest.sudo().do_decline()
        partstat = {
            a.value.removeprefix("mailto:"): a.params["PARTSTAT"][0]
            for a in self._ics_of(self.conference).vevent.attendee_list
        }
        self.assertEqual(partstat["fm_counsellor@example.org"], "ACCEPTED")
        self.assertEqual(partstat["guest@example.org"], "DECLINED")
        self.assertEqual(partstat["fm_counsellor_aia@example.org"], "NEEDS-ACTION")
        self.assertEqual(guest.mail_tz, "Europe/Berlin")

    def test_guests_are_never_clients(self):
        with self.assertRaises(ValidationError):
            self.conference.guest_partner_ids = [Command.link(self.client.id)]

    def test_unlink(self):
        conference = self._create_conference(self.user_county)
        meeting = conference.meeting_id
        conference.with_user(self.user_county).unlink()
        self.assertFalse(meeting.exists())
        self.conference.action_send_invitations()
        with self.assertRaises(UserError):
            self.conference.unlink()

    def test_series_changed_before_invitation(self):
        conference = self._create_conference(self.user_county)
        single = conference.meeting_id
        uid = conference.ics_uid
        conference.write({"recurrency": True, "series_count": 3})
        self.assertFalse(single.exists())
        events = conference.meeting_id.sudo().recurrence_id.calendar_event_ids
        self.assertEqual(len(events), 3)
        self.assertEqual(conference.ics_uid, uid)
        self.assertIn("COUNT=3", self._ics_of(conference).vevent.rrule.value)
        conference.series_count = 2
        self.assertFalse(events.exists())
        self.assertEqual(
            len(conference.meeting_id.sudo().recurrence_id.calendar_event_ids), 2
        )
        conference.recurrency = False
        self.assertFalse(conference.meeting_id.sudo().recurrence_id)
        self.assertNotIn("rrule", self._ics_of(conference).vevent.contents)
        conference.action_send_invitations()
        with self.assertRaises(UserError):
            conference.recurrency = True

    def test_copy(self):
        copy = self.conference.copy()
        self.assertEqual(copy.name, "Fallkonferenz März (copy)")
        self.assertEqual(
            copy.participant_user_ids, self.conference.participant_user_ids
        )
        self.assertFalse(copy.agenda_item_ids)
        self.assertNotEqual(copy.meeting_id, self.conference.meeting_id)
        self.assertNotEqual(copy.ics_uid, self.conference.ics_uid)

    def test_default_start_is_next_week_at_nine(self):
        start = self.env["fall.conference"]._default_start()
        self.assertEqual(start, datetime(2026, 3, 9, 8, 0))

    def test_event_changes_only_through_the_conference(self):
        meeting = self.conference.meeting_id.with_user(self.user_county)
        with self.assertRaises(UserError):
            meeting.write({"start": CONFERENCE_START + timedelta(days=1)})
        with self.assertRaises(UserError):
            meeting.write({"partner_ids": [Command.link(self.user_lead.partner_id.id)]})
        attendee = meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.user_county.partner_id
        )
        attendee.do_tentative()
        self.assertEqual(attendee.state, "tentative")
