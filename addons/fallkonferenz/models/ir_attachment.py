from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _fall_hidden_event_query(self):
        """The private events whose details the current user may not see."""
        # sudo: to find the events to exclude, including archived (cancelled)
        # ones; the domain is evaluated for the current user (uid).
        Event = self.env["calendar.event"]
        return (
            Event.sudo()
            .with_context(active_test=False)
            ._search(Event._fall_hidden_event_domain())
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Files of other people's private events are not found.

        Odoo lets every internal user read an event's attachments, private or
        not; the invitation files (ICS) of a case conference carry its agenda
        and its attendees' addresses. They belong to the event's organiser
        and attendees only.
        """
        if not self.env.su:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        ("res_model", "!=", "calendar.event"),
                        ("res_id", "not in", self._fall_hidden_event_query()),
                    ],
                ]
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def check(self, mode, values=None):
        """Files of private events: organiser and attendees only (see _search)."""
        res = super().check(mode, values=values)
        if self.env.su:
            return res
        event_ids = {
            attachment.res_id
            # sudo: only where the files are attached is read
            for attachment in self.sudo()
            if attachment.res_model == "calendar.event" and attachment.res_id
        }
        if values and values.get("res_model") == "calendar.event":
            event_ids.add(values.get("res_id"))
        # sudo: the events' privacy and attendees decide, for the current uid
        events = self.env["calendar.event"].sudo().browse(event_ids - {None, 0})
        if any(event._check_private_event_conditions() for event in events.exists()):
            raise AccessError(
                self.env._(
                    "This file belongs to a private calendar entry: only its "
                    "organiser and attendees may open it."
                )
            )
        return res
