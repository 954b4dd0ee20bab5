from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from odoo.addons.fallmanagement.models.base import FALL_EARLIEST
from odoo.addons.fallmanagement.tools.actions import related_list_action
from odoo.addons.fallmanagement.tools.settings import get_int_setting

CONFERENCE_TZ = "Europe/Berlin"
DEFAULT_COUNTY_ACCESS_DAYS = 30

CONFERENCE_STATES = [
    ("planned", "Planned"),
    ("invited", "Invited"),
    ("done", "Held"),
    ("minutes_sent", "Minutes Sent"),
    ("cancelled", "Cancelled"),
]

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
# Set by the conference's own actions only: the calendar event it owns, the
# invitation's identity, the series and the workflow state. A user writing
# ``meeting_id`` would take over (and overwrite) somebody else's event.
CONFERENCE_SYSTEM_FIELDS = {
    "meeting_id",
    "ics_uid",
    "ics_sequence",
    "series_id",
    "series_occurrence_start",
    "state",
}


class FallConference(models.Model):
    _name = "fall.conference"
    _description = "Case Conference"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    # a monthly series of up to 36 meetings is planned at most years ahead
    _fall_date_ranges = {
        "start": (FALL_EARLIEST, relativedelta(years=5)),
        "series_occurrence_start": (FALL_EARLIEST, relativedelta(years=5)),
    }
    # links of video conference services can be long
    _fall_max_lengths = {"videocall_url": 2048}

    @api.model
    def _default_start(self):
        """Next week, same weekday, 09:00 German time."""
        tz = pytz.timezone(CONFERENCE_TZ)
        day = fields.Date.context_today(self) + timedelta(days=7)
        local = tz.localize(datetime.combine(day, time(9, 0)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    name = fields.Char(string="Title", required=True, tracking=True)
    # Deliberately not ``company_id``: a conference is shared by the county
    # and the associations, so Odoo's multi-company mechanisms (rules, mail
    # alias domains) must not treat it as owned by one company.
    organiser_company_id = fields.Many2one(
        "res.company",
        string="Organised By",
        required=True,
        default=lambda self: self.env.company,
        help="The county or the association that organises the conference; "
        "its letterhead is used for the minutes. Who sees the conference is "
        "decided by its participants and associations.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Organiser",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        CONFERENCE_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        copy=False,
    )
    color = fields.Integer()
    # Time and place
    start = fields.Datetime(
        string="Date and Time", required=True, tracking=True, default=_default_start
    )
    duration = fields.Float(string="Duration (Hours)", required=True, default=2.0)
    stop = fields.Datetime(string="End", compute="_compute_stop", store=True)
    location = fields.Char(tracking=True)
    videocall_url = fields.Char(string="Video Link", tracking=True)
    # People
    participant_user_ids = fields.Many2many(
        "res.users",
        "fall_conference_participant_rel",
        "conference_id",
        "user_id",
        string="Participants",
        domain="[('share', '=', False)]",
        help="County staff and counsellors taking part. Participants see the "
        "conference; county staff see the cases on its agenda for a limited time.",
    )
    guest_partner_ids = fields.Many2many(
        "res.partner",
        "fall_conference_guest_rel",
        "conference_id",
        "partner_id",
        string="External Guests",
        domain="[('fall_is_client', '=', False), ('email', '!=', False)]",
        help="Guests invited by e-mail. They receive the calendar invitation "
        "(case numbers only), but no access to cases and no minutes.",
    )
    association_ids = fields.Many2many(
        "res.company",
        "fall_conference_association_rel",
        "conference_id",
        "company_id",
        string="Associations",
        compute="_compute_association_ids",
        store=True,
        readonly=False,
        help="Associations taking part: their counsellors see the conference "
        "and can put their own cases on the agenda.",
    )
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
    # Agenda and minutes
    agenda_item_ids = fields.One2many(
        "fall.conference.agenda.item", "conference_id", string="Agenda", copy=False
    )
    agenda_item_count = fields.Integer(compute="_compute_agenda_item_count")
    task_ids = fields.One2many("fall.conference.task", "conference_id", copy=False)
    minutes_note = fields.Html(
        string="General Minutes",
        help="Attendance and general topics. Sent to every participant: "
        "no client names or case details here.",
    )
    minutes_ids = fields.One2many(
        "fall.conference.minutes", "conference_id", copy=False
    )
    can_edit_agenda = fields.Boolean(
        compute="_compute_can_edit_agenda",
        help="Counsellors put cases on the agenda of a conference not yet held.",
    )
    county_access_until = fields.Date(
        compute="_compute_county_access_until",
        help="Until this day, county participants see the cases on the agenda.",
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0 AND duration <= 24)",
            "A conference lasts between a few minutes and 24 hours.",
        ),
    ]

    @api.depends("start", "duration")
    def _compute_stop(self):
        for conference in self:
            conference.stop = (
                conference.start + timedelta(hours=conference.duration)
                if conference.start
                else False
            )

    @api.depends(
        "participant_user_ids.company_ids",
        "participant_user_ids.groups_id",
        "agenda_item_ids.company_id",
    )
    def _compute_association_ids(self):
        counsellor_group = self.env.ref("fallmanagement.group_fall_user")
        for conference in self:
            counsellors = conference.participant_user_ids.filtered(
                lambda user, group=counsellor_group: group in user.groups_id
            )
            conference.association_ids = (
                conference.association_ids
                | counsellors.company_id
                | conference.agenda_item_ids.company_id
            )

    @api.depends("agenda_item_ids")
    def _compute_agenda_item_count(self):
        for conference in self:
            conference.agenda_item_count = len(conference.agenda_item_ids)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_edit_agenda(self):
        is_counsellor = self.env.user.has_group("fallmanagement.group_fall_user")
        for conference in self:
            conference.can_edit_agenda = is_counsellor and conference.state in (
                "planned",
                "invited",
            )

    @api.depends("start")
    def _compute_county_access_until(self):
        days = get_int_setting(
            self.env, "fallkonferenz.county_access_days", DEFAULT_COUNTY_ACCESS_DAYS
        )
        for conference in self:
            conference.county_access_until = (
                conference._get_local_start().date() + timedelta(days=days)
                if conference.start
                else False
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

    @api.constrains("guest_partner_ids")
    def _check_guests(self):
        for conference in self:
            # sudo: clients are hidden from most users; a hidden client among
            # the guests must still be refused.
            guests = conference.sudo().guest_partner_ids
            if any(guests.mapped("fall_is_client")):
                raise ValidationError(
                    self.env._(
                        "Clients cannot be invited to a case conference as guests."
                    )
                )
            if any(not guest.email for guest in guests):
                raise ValidationError(
                    self.env._(
                        "External guests are invited by e-mail: enter an address."
                    )
                )

    def _fall_check_protected_fields(self, vals, creating):
        """System fields are written by the conference's actions only."""
        res = super()._fall_check_protected_fields(vals, creating)
        fields_ = CONFERENCE_SYSTEM_FIELDS & vals.keys()
        if creating and vals.get("state") in (None, False, "planned"):
            fields_.discard("state")
        if fields_ and not self.env.su:
            raise AccessError(
                self.env._(
                    "The calendar entry, the invitation and the status of a case "
                    "conference are set by its actions (send invitations, mark as "
                    "held, cancel), not directly."
                )
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """Create the calendar event of each new conference."""
        conferences = super().create(vals_list)
        conferences._sync_meeting()
        return conferences

    def write(self, vals):
        """Keep the calendar event in step with the conference."""
        if {"start", "duration"} & vals.keys() and self.filtered(
            lambda c: c.recurrency and c.series_conference_ids
        ):
            raise UserError(
                self.env._(
                    "Further meetings of this series are already planned: move "
                    "single meetings instead of the whole series."
                )
            )
        series_changed = self.browse()
        if {"recurrency", "series_count"} & vals.keys():
            if self.filtered(lambda c: c.state != "planned" or c.series_conference_ids):
                raise UserError(
                    self.env._(
                        "The series can only be changed before the invitations "
                        "are sent and before further meetings are planned."
                    )
                )
            series_changed = self.filtered(
                lambda c: (
                    c.recurrency != vals.get("recurrency", c.recurrency)
                    or c.series_count != vals.get("series_count", c.series_count)
                )
            )
        res = super().write(vals)
        # nothing was sent yet: the event is simply built again
        series_changed._remove_meeting()
        if MEETING_SOURCE_FIELDS & vals.keys():
            self._sync_meeting()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invited(self):
        if self.filtered(lambda c: c.state in ("invited", "done", "minutes_sent")):
            raise UserError(
                self.env._(
                    "Invitations for this conference were sent: cancel it instead "
                    "of deleting it."
                )
            )
        if self.series_conference_ids - self:
            raise UserError(
                self.env._("Delete the further meetings of the series first.")
            )

    def unlink(self):
        """Remove the calendar events of the conferences too."""
        meetings = self._get_own_events()
        res = super().unlink()
        meetings.with_context(no_mail_to_attendees=True).unlink()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "name" not in (default or {}):
            for conference, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%s (copy)", conference.name)
        return vals_list

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
            conference.sudo().state = "invited"
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
            conference.sudo().write(
                {"state": "planned", "ics_sequence": conference.ics_sequence + 1}
            )
            if conference.meeting_id:
                conference.meeting_id.sudo().with_context(
                    no_mail_to_attendees=True
                ).write({"active": True})
            conference._sync_meeting()
        return True

    def action_done(self):
        """Mark the conference as held: every agenda item needs a result."""
        for conference in self:
            if conference.state not in ("planned", "invited"):
                raise UserError(
                    self.env._("Only a planned conference can be marked as held.")
                )
            # sudo: every item counts, also those of associations the current
            # user does not see; only the readable ones are named.
            open_items = conference.sudo().agenda_item_ids.filtered(
                lambda item: item.state == "open"
            )
            if open_items:
                readable = open_items.sudo(False)._filtered_access("read")
                raise UserError(
                    self.env._(
                        "The conference cannot be closed: %(count)s agenda item(s) "
                        "still have no result (%(cases)s).",
                        count=len(open_items),
                        cases=", ".join(readable.mapped("case_name")) or "…",
                    )
                )
        self.sudo().write({"state": "done"})
        return True

    def action_propose_items(self):
        """Open the proposals of cases for the agenda of this conference."""
        self.ensure_one()
        if self.state not in ("planned", "invited"):
            raise UserError(
                self.env._("The agenda of a past conference cannot be changed.")
            )
        if not self.env.user.has_group("fallmanagement.group_fall_user"):
            raise UserError(
                self.env._(
                    "Only counsellors can put cases of their association on the agenda."
                )
            )
        proposal = self.env["fall.conference.proposal"].create(
            {"conference_id": self.id}
        )
        proposal._load_candidates()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposed Cases"),
            "res_model": "fall.conference.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send_minutes(self):
        """Open the mail composer for the minutes, one mail per audience.

        Each association receives the items of its own cases only; the county
        receives the complete minutes. The current user sends the minutes of
        the audiences they may read.
        """
        self.ensure_one()
        if self.state not in ("done", "minutes_sent"):
            raise UserError(
                self.env._("Mark the conference as held before sending minutes.")
            )
        minutes = self._prepare_minutes()._filtered_access("read")
        if not minutes:
            raise UserError(
                self.env._("There are no minutes you may send for this conference.")
            )
        template = self.env.ref("fallkonferenz.mail_template_conference_minutes")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "fall.conference.minutes",
                "default_res_ids": minutes.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "fall_mark_minutes_sent": True,
                "force_email": True,
            },
        }

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

    def action_open_tasks(self):
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallkonferenz.fall_conference_task_action",
            [("conference_id", "=", self.id)],
            {"search_default_group_item": 1},
        )

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
        self.sudo().meeting_id = False
        events.with_context(no_mail_to_attendees=True).unlink()

    def _cancel(self, notify=True):
        for conference in self:
            was_invited = conference.state == "invited"
            conference.sudo().write(
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

    def _get_local_start(self):
        self.ensure_one()
        return pytz.utc.localize(self.start).astimezone(pytz.timezone(CONFERENCE_TZ))

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
                conference.sudo().write(
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
                conference.sudo().ics_sequence += 1
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

    def _get_visible_items(self):
        """Agenda items of the conferences the current user may read.

        Searched, not read through ``agenda_item_ids``: a one2many value in
        the cache may have been loaded by privileged code in the same request.
        """
        return self.env["fall.conference.agenda.item"].search(
            [("conference_id", "in", self.ids)], order="conference_id, sequence, id"
        )

    def _get_ics_attendee_partstat(self, attendee):
        return {
            "accepted": "ACCEPTED",
            "declined": "DECLINED",
            "tentative": "TENTATIVE",
        }.get(attendee.state, "NEEDS-ACTION")

    # ------------------------------------------------------------------
    # Minutes
    # ------------------------------------------------------------------

    def _prepare_minutes(self):
        """Create or refresh one minutes record per audience (see
        ``fall.conference.minutes._prepare_for_conference``)."""
        self.ensure_one()
        return self.env["fall.conference.minutes"]._prepare_for_conference(self)

    def _update_minutes_state(self):
        for conference in self:
            # sudo: the state depends on all audiences, not only the readable
            minutes = conference.sudo().minutes_ids
            if (
                conference.state == "done"
                and minutes
                and all(minutes.mapped("sent_date"))
            ):
                conference.sudo().state = "minutes_sent"
