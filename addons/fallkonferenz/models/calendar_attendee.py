from odoo import models

from .fall_conference_calendar_mixin import CONFERENCE_TZ


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _compute_mail_tz(self):
        """Show conference times in German time to guests without a time zone."""
        res = super()._compute_mail_tz()
        for attendee in self:
            if (
                not attendee.mail_tz
                and attendee.event_id.res_model == "fall.conference"
            ):
                attendee.mail_tz = CONFERENCE_TZ
        return res
