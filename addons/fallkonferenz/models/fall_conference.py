from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.fallmanagement.models.base import FALL_EARLIEST
from odoo.addons.fallmanagement.tools.actions import related_list_action
from odoo.addons.fallmanagement.tools.settings import get_int_setting

from .fall_conference_calendar_mixin import CONFERENCE_TZ, MEETING_SOURCE_FIELDS

DEFAULT_COUNTY_ACCESS_DAYS = 30

CONFERENCE_STATES = [
    ("planned", "Planned"),
    ("invited", "Invited"),
    ("done", "Held"),
    ("minutes_sent", "Minutes Sent"),
    ("cancelled", "Cancelled"),
]

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
    # the calendar event, invitations and series: fall_conference_calendar_mixin.py
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "fall.conference.calendar.mixin",
    ]
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
        series_changed = self._check_series_write(vals)
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
        self._write_system_fields({"state": "done"})
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

    def action_open_tasks(self):
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallkonferenz.fall_conference_task_action",
            [("conference_id", "=", self.id)],
            {"search_default_group_item": 1},
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _write_system_fields(self, vals):
        """Write the system fields (``CONFERENCE_SYSTEM_FIELDS``) of the
        conference's own actions: state, calendar event, UID and sequence."""
        # sudo: users may not write these fields (_fall_check_protected_fields).
        # Only the conference's own actions call this, on conferences the
        # user has just acted on, with values they derive themselves; nothing
        # of the caller's input reaches these fields.
        if not self:  # as when assigning a field: no record, no write()
            return True
        return self.sudo().write(vals)

    def _get_local_start(self):
        self.ensure_one()
        return pytz.utc.localize(self.start).astimezone(pytz.timezone(CONFERENCE_TZ))

    def _get_visible_items(self):
        """Agenda items of the conferences the current user may read.

        Searched, not read through ``agenda_item_ids``: a one2many value in
        the cache may have been loaded by privileged code in the same request.
        """
        return self.env["fall.conference.agenda.item"].search(
            [("conference_id", "in", self.ids)], order="conference_id, sequence, id"
        )

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
                conference._write_system_fields({"state": "minutes_sent"})
