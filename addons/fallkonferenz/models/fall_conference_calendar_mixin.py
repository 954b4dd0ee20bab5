from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

CONFERENCE_TZ = "Europe/Berlin"

# Changes of these conference fields are mirrored into the calendar event.
MEETING_SOURCE_FIELDS = {
    "name",
    "start",
    "duration",
    "location",
    "videocall_url",
    "user_id",
    "participant_user_ids",
    "guest_partner_ids",
    "recurrency",
    "series_count",
}
# Calendar fields whose change is significant for the participants (RFC 5545:
# the organizer increments SEQUENCE and sends an update).
SIGNIFICANT_MEETING_FIELDS = {
    "start",
    "stop",
    "location",
    "videocall_location",
    "partner_ids",
}


class FallConferenceCalendarMixin(models.AbstractModel):
    """The calendar side of a case conference: its event, invitations, series.

    A conference owns a private ``calendar.event`` (``meeting_id``) and keeps
    it in step (``_sync_meeting``); the invitations go out through the
    calendar as an organizer under RFC 5545 (stable UID, SEQUENCE, updates and
    cancellations); a monthly series is one recurrent event whose further
    meetings are planned as conferences of their own. The ICS file itself is
    built in ``calendar.event._get_ics_file``.

    Inherited by ``fall.conference`` only, which provides the conference's
    fields (name, time, place, people, agenda, state), ``_get_local_start``
    and ``_write_system_fields``.
    """

    _name = "fall.conference.calendar.mixin"
    _description = "Calendar Event and Invitations of a Case Conference"

    # Series
    recurrency = fields.Boolean(
        string="Monthly Series",
        copy=False,
        help="The conference repeats every month on the same weekday "
        "(e.g. every second Tuesday).",
    )
    series_count = fields.Integer(string="Number of Meetings", default=12, copy=False)
    series_id = fields.Many2one(
        "fall.conference",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="First conference of the monthly series this meeting belongs to.",
    )
    series_conference_ids = fields.One2many(
        "fall.conference", "series_id", string="Further Meetings"
    )
    series_occurrence_start = fields.Datetime(
        readonly=True,
        copy=False,
        help="Original date of this meeting in the series (RECURRENCE-ID).",
    )
    # Calendar
    meeting_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    # compute_sudo=False: the answers of the attendees are shown to the
    # attendees and the organiser only (see the rule on calendar.attendee)
    attendee_ids = fields.One2many(
        related="meeting_id.attendee_ids",
        string="Responses",
        readonly=True,
        compute_sudo=False,
    )
    ics_uid = fields.Char(string="Calendar UID", readonly=True, copy=False)
    ics_sequence = fields.Integer(
        string="Calendar Revision",
        readonly=True,
        copy=False,
        help="SEQUENCE of the invitation: increased with each change of time, "
        "place or participants.",
    )

    @api.constrains("recurrency", "series_count", "series_id")
    def _check_series(self):
        for conference in self:
            if conference.recurrency and conference.series_id:
                raise ValidationError(
                    self.env._(
                        "A meeting of a series cannot start a series of its own."
                    )
                )
            if conference.recurrency and not 2 <= conference.series_count <= 36:
                raise ValidationError(
                    self.env._("A monthly series has between 2 and 36 meetings.")
                )

    def _check_series_write(self, vals):
        """Refuse ``vals`` that would change a series already under way.

        Returns the conferences whose series (on/off, number of meetings)
        changes: their not yet sent event is built again after the write.
        """
        if {"start", "duration"} & vals.keys() and self.filtered(
            lambda c: c.recurrency and c.series_conference_ids
        ):
            raise UserError(
                self.env._(
                    "Further meetings of this series are already planned: move "
                    "single meetings instead of the whole series."
                )
            )
        if not {"recurrency", "series_count"} & vals.keys():
            return self.browse()
        if self.filtered(lambda c: c.state != "planned" or c.series_conference_ids):
            raise UserError(
                self.env._(
                    "The series can only be changed before the invitations "
                    "are sent and before further meetings are planned."
                )
            )
        return self.filtered(
            lambda c: (
                c.recurrency != vals.get("recurrency", c.recurrency)
                or c.series_count != vals.get("series_count", c.series_count)
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_send_invitations(self):
        """Send the calendar invitation (ICS) to every participant.

        Sending again after changes of the agenda sends the current state.
        """
        for conference in self:
            if conference.state not in ("planned", "invited"):
                raise UserError(
                    self.env._("Only planned conferences can be sent as invitations.")
                )
            if not conference.meeting_id:
                conference._sync_meeting()
            conference._write_system_fields({"state": "invited"})
            # sudo: the event is private to its attendees; the invitation is
            # the conference's own and goes to its participants only.
            attendees = conference.meeting_id.sudo().attendee_ids
            attendees._send_invitation_emails()
            conference.message_post(
                body=self.env._(
                    "Invitations sent to %(names)s.",
                    names=", ".join(attendees.mapped("common_name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cancel(self):
        """Cancel the conference and withdraw the invitations (METHOD:CANCEL).

        Cancelling the first conference of a series cancels the whole series.
        """
        if self.filtered(lambda c: c.state in ("done", "minutes_sent")):
            raise UserError(
                self.env._("A conference that has taken place cannot be cancelled.")
            )
        for conference in self.filtered(lambda c: c.state != "cancelled"):
            conference._cancel(notify=True)
            if conference.recurrency:
                conference.series_conference_ids.filtered(
                    lambda c: c.state in ("planned", "invited")
                )._cancel(notify=False)
        return True

    def action_reset_to_planned(self):
        """Plan a cancelled conference again (new invitations are needed)."""
        for conference in self.filtered(lambda c: c.state == "cancelled"):
            conference._write_system_fields(
                {"state": "planned", "ics_sequence": conference.ics_sequence + 1}
            )
            if conference.meeting_id:
                # sudo: the conference's own private event, archived when it
                # was cancelled; it is shown again unchanged.
                conference.meeting_id.sudo().with_context(
                    no_mail_to_attendees=True
                ).write({"active": True})
            conference._sync_meeting()
        return True

    def action_plan_next_meeting(self):
        """Plan the next meeting of the monthly series as its own conference."""
        self.ensure_one()
        head = self.series_id or self
        if not head.recurrency or not head.meeting_id.recurrence_id:
            raise UserError(
                self.env._("This conference is not part of a monthly series.")
            )
        taken = (head | head.series_conference_ids).meeting_id
        # sudo: the occurrences are the private events of this series.
        occurrences = head.meeting_id.sudo().recurrence_id.calendar_event_ids
        free = (occurrences - taken).filtered("active").sorted("start")
        if not free:
            raise UserError(self.env._("All meetings of this series are planned."))
        occurrence = free[0]
        head.check_access("write")
        # sudo: the system fields (the series' event, its UID) are set here
        # only, for a meeting of a series the user may change (checked above).
        conference = self.sudo().create(
            {
                "name": head.name,
                "organiser_company_id": head.organiser_company_id.id,
                "user_id": head.user_id.id,
                "start": occurrence.start,
                "duration": head.duration,
                "location": head.location,
                "videocall_url": head.videocall_url,
                "participant_user_ids": [Command.set(head.participant_user_ids.ids)],
                "guest_partner_ids": [Command.set(head.guest_partner_ids.ids)],
                "association_ids": [Command.set(head.association_ids.ids)],
                "series_id": head.id,
                "series_occurrence_start": occurrence.start,
                "meeting_id": occurrence.id,
                "ics_uid": head.ics_uid,
            }
        )
        occurrence.write({"res_id": conference.id})
        conference = conference.sudo(False)
        return {
            "type": "ir.actions.act_window",
            "res_model": "fall.conference",
            "res_id": conference.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Calendar
    # ------------------------------------------------------------------

    def _get_own_events(self):
        """The calendar events of these conferences, with a series' meetings."""
        # sudo: the private events of these conferences only.
        meetings = self.sudo().meeting_id
        return (
            meetings | meetings.filtered("recurrency").recurrence_id.calendar_event_ids
        )

    def _remove_meeting(self):
        """Drop the (not yet sent) events; _sync_meeting builds them again."""
        events = self._get_own_events()
        self._write_system_fields({"meeting_id": False})
        events.with_context(no_mail_to_attendees=True).unlink()

    def _cancel(self, notify=True):
        for conference in self:
            was_invited = conference.state == "invited"
            conference._write_system_fields(
                {"state": "cancelled", "ics_sequence": conference.ics_sequence + 1}
            )
            # sudo: the private event of this conference, see _sync_meeting
            meeting = conference.meeting_id.sudo()
            if not meeting:
                continue
            if notify and was_invited and meeting.start > fields.Datetime.now():
                meeting.attendee_ids._send_mail_to_attendees(
                    self.env.ref("fallkonferenz.mail_template_conference_cancelled"),
                    force_send=True,
                )
            events = meeting
            if conference.recurrency and meeting.recurrence_id:
                events |= meeting.recurrence_id.calendar_event_ids
            events.with_context(no_mail_to_attendees=True).write({"active": False})

    def _get_attendee_partners(self):
        self.ensure_one()
        return (
            self.user_id.partner_id
            | self.participant_user_ids.partner_id
            | self.guest_partner_ids
        )

    def _get_agenda_lines(self):
        """Agenda as text lines for invitations: case numbers only, no names.

        Questions and results are never part of a calendar entry: they may
        contain social data.
        """
        self.ensure_one()
        # sudo: the agenda of the whole conference, reduced to case numbers
        # and time slots, is what every participant receives.
        items = self.sudo().agenda_item_ids.sorted(
            self.env["fall.conference.agenda.item"]._agenda_order
        )
        return [
            self.env._(
                "%(number)s. %(slot)s – Case %(case)s",
                number=index,
                slot=item.time_slot,
                case=item.case_name,
            )
            for index, item in enumerate(items, start=1)
        ]

    def _get_meeting_description(self):
        self.ensure_one()
        lines = self._get_agenda_lines()
        header = self.env._(
            "Agenda of the case conference on %(date)s:",
            date=self._get_local_start().strftime("%d.%m.%Y"),
        )
        if not lines:
            lines = [self.env._("The agenda follows.")]
        body = Markup("<br/>").join(lines)
        return Markup("<p>%s</p><p>%s</p>") % (header, body)

    def _prepare_meeting_values(self):
        """Values of the calendar event, derived from the conference only."""
        self.ensure_one()
        return {
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "user_id": self.user_id.id,
            "location": self.location or False,
            "videocall_location": self.videocall_url or False,
            "description": self._get_meeting_description(),
            "partner_ids": self._get_attendee_partners(),
            "privacy": "private",
            "show_as": "busy",
        }

    def _prepare_meeting_recurrence_values(self):
        """Calendar recurrence of a monthly series: same weekday of the month."""
        self.ensure_one()
        params = self.env["calendar.event"]._get_recurrence_params_by_date(
            self._get_local_start().date()
        )
        return {
            "recurrency": True,
            "rrule_type": "monthly",
            "interval": 1,
            "month_by": "day",
            "weekday": params["weekday"],
            "byday": params["byday"],
            "end_type": "count",
            "count": self.series_count,
            "event_tz": CONFERENCE_TZ,
        }

    def _get_meeting_changes(self, meeting, values):
        """Subset of ``values`` that differs from the current event."""
        changes = {}
        for fname, value in values.items():
            current = meeting[fname]
            if meeting._fields[fname].type == "many2one":
                current = current.id
            if fname == "partner_ids":
                if current != value:
                    changes[fname] = [Command.set(value.ids)]
            elif fname == "description":
                if (current or "") != (value or ""):
                    changes[fname] = value
            elif current != value:
                changes[fname] = value
        return changes

    def _sync_meeting(self):
        """Create or update the calendar event owned by each conference.

        The conference is the source: time, place, participants and the agenda
        (case numbers only) are written into its event. Odoo's calendar sends
        nothing by itself here; once the invitations are out, significant
        changes increase the ICS SEQUENCE and the participants receive an
        update, new participants an invitation, removed ones a cancellation.
        """
        now = fields.Datetime.now()
        # sudo: the event is private to its attendees and may be written by
        # any user allowed to change the conference (e.g. a counsellor adding
        # a case); its content comes from the conference only.
        Meeting = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                mail_create_nosubscribe=True,
                fall_conference_sync=True,
            )
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for conference in self:
            if conference.state == "cancelled" or not conference.start:
                continue
            values = conference._prepare_meeting_values()
            # sudo: the conference's own private event, as Meeting above
            meeting = conference.meeting_id.sudo()
            if not meeting:
                create_values = {
                    **values,
                    "partner_ids": [Command.set(values["partner_ids"].ids)],
                    "res_model_id": model_id,
                    "res_id": conference.id,
                }
                if conference.recurrency:
                    create_values.update(
                        conference._prepare_meeting_recurrence_values()
                    )
                meeting = Meeting.create(create_values)
                conference._write_system_fields(
                    {"meeting_id": meeting.id, "ics_uid": conference._new_ics_uid()}
                )
                continue
            changes = conference._get_meeting_changes(meeting, values)
            if not changes:
                continue
            significant = bool(SIGNIFICANT_MEETING_FIELDS & changes.keys())
            notify = (
                significant
                and conference.state == "invited"
                and (conference.start > now)
            )
            if significant:
                conference._write_system_fields(
                    {"ics_sequence": conference.ics_sequence + 1}
                )
            previous_attendees = meeting.attendee_ids
            if notify and "partner_ids" in changes:
                removed = previous_attendees.filtered(
                    lambda att, partners=values["partner_ids"]: (
                        att.partner_id not in partners
                    )
                )
                removed.with_context(
                    fall_ics_cancel_attendee_ids=removed.ids
                )._send_mail_to_attendees(
                    self.env.ref("fallkonferenz.mail_template_conference_cancelled"),
                    force_send=True,
                )
            if {"start", "stop"} & changes.keys() and meeting.recurrence_id:
                changes["recurrence_update"] = (
                    "all_events" if conference.recurrency else "self_only"
                )
            meeting.with_context(
                no_mail_to_attendees=True, fall_conference_sync=True
            ).write(changes)
            if notify:
                current = meeting.attendee_ids
                (current - previous_attendees)._send_invitation_emails()
                (current & previous_attendees)._send_mail_to_attendees(
                    self.env.ref("fallkonferenz.mail_template_conference_updated"),
                    force_send=True,
                )

    def _new_ics_uid(self):
        """Stable UID of the invitation: conference and database, never reused."""
        self.ensure_one()
        # sudo: the database uuid is not secret, but only admins may read it.
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        return f"fall-conference-{self.id}-{dbuuid}@fallkonferenz"

    def _get_ics_attendee_partstat(self, attendee):
        return {
            "accepted": "ACCEPTED",
            "declined": "DECLINED",
            "tentative": "TENTATIVE",
        }.get(attendee.state, "NEEDS-ACTION")
