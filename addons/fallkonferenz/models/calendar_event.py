import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import html2plaintext

from .fall_conference_calendar_mixin import CONFERENCE_TZ

# What the conference decides for its event: changed only through it.
CONFERENCE_OWNED_FIELDS = {
    "name",
    "start",
    "stop",
    "allday",
    "duration",
    "location",
    "videocall_location",
    "description",
    "partner_ids",
    "attendee_ids",
    "privacy",
}

try:
    import vobject
except ImportError:  # pragma: no cover - vobject is a dependency of calendar
    vobject = None


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Other people's private events are not found by their hidden content.

        Odoo hides name, description, location, ... of a private event from
        users who neither organise nor attend it, but a search on these fields
        would still answer yes/no questions about them (e.g. whether a case
        number is on a conference's agenda). Such searches only look at the
        events the user may read in full. Attendees and times stay searchable:
        colleagues' calendars show private events as "busy".
        """
        if not self.env.su and self._fall_domain_uses(
            domain, self._fall_private_fields()
        ):
            domain = expression.AND([domain, self._fall_readable_private_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _fall_private_fields(self):
        """Fields Odoo hides for private events of others (see _fetch_query)."""
        return (
            set(self._fields)
            - self._get_public_fields()
            - {
                "partner_ids",
                "attendee_ids",
            }
        )

    @api.model
    def _fall_domain_uses(self, domain, fnames):
        return any(
            isinstance(leaf, (list, tuple))
            and isinstance(leaf[0], str)
            and leaf[0].split(".", 1)[0] in fnames
            for leaf in domain or []
        )

    @api.model
    def _fall_private_owner_ids(self):
        """Users whose events without privacy are private by their default."""
        # sudo: the users' calendar privacy settings, read to hide events.
        settings = (
            self.env["res.users.settings"]
            .sudo()
            .search([("calendar_default_privacy", "=", "private")])
        )
        return settings.user_id.ids

    @api.model
    def _fall_hidden_event_domain(self):
        """Events whose details the current user may not see (the domain form
        of ``_check_private_event_conditions``)."""
        return [
            "|",
            ("privacy", "=", "private"),
            "&",
            ("privacy", "=", False),
            ("user_id", "in", self._fall_private_owner_ids()),
            ("user_id", "!=", self.env.uid),
            ("partner_ids", "not in", self.env.user.partner_id.ids),
        ]

    @api.model
    def _fall_readable_private_domain(self):
        return ["!", *expression.normalize_domain(self._fall_hidden_event_domain())]

    def write(self, vals):
        """Events of case conferences change only through their conference.

        Otherwise the calendar and the conference (and the ICS sent from it)
        would drift apart; answers of attendees are not affected.
        """
        if (
            CONFERENCE_OWNED_FIELDS & vals.keys()
            and not self.env.su
            and not self.env.context.get("fall_conference_sync")
            and any(event.res_model == "fall.conference" for event in self)
        ):
            raise UserError(
                self.env._(
                    "This calendar entry belongs to a case conference: change "
                    "the conference instead (Fallkonferenzen)."
                )
            )
        return super().write(vals)

    def _get_activity_excluded_models(self):
        """A conference owns its event: no extra 'meeting' activity on it."""
        return super()._get_activity_excluded_models() + ["fall.conference"]

    def _get_ics_file(self):
        """Invitations of case conferences carry a complete iCalendar object.

        Odoo's own file has no METHOD, a new UID for each mail, no SEQUENCE and
        UTC times only. For events owned by a conference we build it here:
        METHOD REQUEST or CANCEL, a stable UID, the conference's SEQUENCE,
        DTSTART/DTEND with TZID Europe/Berlin (and its VTIMEZONE), the monthly
        RRULE of a series or the RECURRENCE-ID of one of its meetings, STATUS,
        organizer and attendees with their answers.
        """
        result = {}
        if not self or vobject is None:
            return super()._get_ics_file()
        # sudo: the ICS is built for attendees chosen by the calendar; the
        # conference is only read to describe its own event.
        conferences = (
            self.env["fall.conference"]
            .sudo()
            .with_context(active_test=False)
            .search([("meeting_id", "in", self.ids)])
        )
        by_event = {conference.meeting_id.id: conference for conference in conferences}
        others = self.filtered(lambda event: event.id not in by_event)
        if others:
            result.update(super(CalendarEvent, others)._get_ics_file())
        for event in self - others:
            conference = by_event[event.id]
            result[event.id] = event._fall_conference_ics(conference)
        return result

    def _fall_conference_ics(self, conference):
        """Serialized iCalendar object of the conference owning this event."""
        self.ensure_one()
        tz = pytz.timezone(CONFERENCE_TZ)
        cancel_attendee_ids = self.env.context.get("fall_ics_cancel_attendee_ids")
        cancelled = conference.state == "cancelled" or bool(cancel_attendee_ids)

        def local(value):
            return pytz.utc.localize(value).astimezone(tz)

        cal = vobject.iCalendar()
        cal.add("prodid").value = "-//Ammerland//Fallkonferenz 18.0//DE"
        cal.add("method").value = "CANCEL" if cancelled else "REQUEST"
        vevent = cal.add("vevent")
        vevent.add("uid").value = conference.ics_uid or conference._new_ics_uid()
        vevent.add("sequence").value = str(conference.ics_sequence)
        vevent.add("dtstamp").value = pytz.utc.localize(fields.Datetime.now())
        vevent.add("dtstart").value = local(self.start)
        vevent.add("dtend").value = local(self.stop)
        if conference.series_id and conference.series_occurrence_start:
            vevent.add("recurrence-id").value = local(
                conference.series_occurrence_start
            )
        elif conference.recurrency and self.recurrence_id:
            vevent.add("rrule").value = self._fall_conference_rrule(conference)
        vevent.add("summary").value = self.name or conference.name
        description = html2plaintext(self.description or "")
        if description:
            vevent.add("description").value = description
        location = self.location or self.videocall_location
        if location:
            vevent.add("location").value = location
        if self.videocall_location:
            vevent.add("url").value = self.videocall_location
        vevent.add("status").value = "CANCELLED" if cancelled else "CONFIRMED"
        vevent.add("class").value = "PRIVATE"
        organizer = self.user_id.partner_id
        if organizer.email:
            node = vevent.add("organizer")
            node.value = f"mailto:{organizer.email}"
            node.params["CN"] = [organizer.name.replace('"', "'")]
        attendees = self.attendee_ids
        if cancel_attendee_ids:
            attendees = attendees.filtered(lambda a: a.id in cancel_attendee_ids)
        for attendee in attendees.filtered("email"):
            node = vevent.add("attendee")
            node.value = f"mailto:{attendee.email}"
            node.params["CN"] = [(attendee.common_name or "").replace('"', "'")]
            node.params["ROLE"] = ["REQ-PARTICIPANT"]
            node.params["PARTSTAT"] = [conference._get_ics_attendee_partstat(attendee)]
            node.params["RSVP"] = ["TRUE"]
        return cal.serialize().encode("utf-8")

    def _fall_conference_rrule(self, conference):
        recurrence = self.recurrence_id
        weekday = (recurrence.weekday or "")[:2]
        byday = int(recurrence.byday or 1)
        return (
            f"FREQ=MONTHLY;INTERVAL={recurrence.interval or 1};"
            f"COUNT={recurrence.count or conference.series_count};"
            f"BYDAY={byday:+d}{weekday}"
        )
