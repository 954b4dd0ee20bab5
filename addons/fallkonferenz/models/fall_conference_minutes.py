from odoo import api, fields, models
from odoo.exceptions import AccessError

# Set once by the system (fall.conference._prepare_minutes): whose minutes
# these are and who receives them. Changed by a user, they would hand one
# audience's minutes (chatter and PDF) to another.
MINUTES_SYSTEM_FIELDS = {
    "conference_id",
    "association_id",
    "partner_ids",
    "sent_date",
    "name",
    "audience",
}


class FallConferenceMinutes(models.Model):
    """The minutes of a conference as sent to one audience.

    Each association receives the agenda items of its own cases, the county
    the complete minutes. The mail with the PDF is posted here, so the record
    rules of the audience also protect the message and its attachment.
    """

    _name = "fall.conference.minutes"
    _description = "Minutes of a Case Conference for One Audience"
    _inherit = ["mail.thread"]
    _order = "conference_id, association_id, id"

    conference_id = fields.Many2one(
        "fall.conference", required=True, ondelete="cascade", index=True
    )
    # Not ``company_id``: the county sends and reads the minutes of every
    # association, see fall.conference.organiser_company_id.
    association_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty for the complete minutes of the county.",
    )
    name = fields.Char(compute="_compute_name", store=True)
    audience = fields.Char(compute="_compute_name", store=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "fall_conference_minutes_partner_rel",
        "minutes_id",
        "partner_id",
        string="Recipients",
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "conference_company_uniq",
            "unique(conference_id, association_id)",
            "There is one set of minutes per conference and association.",
        ),
    ]

    @api.depends("conference_id.name", "association_id.name")
    def _compute_name(self):
        for minutes in self:
            minutes.audience = minutes.association_id.name or self.env._(
                "County (complete)"
            )
            minutes.name = self.env._(
                "Minutes %(conference)s – %(audience)s",
                conference=minutes.conference_id.name or "",
                audience=minutes.audience,
            )

    def _fall_check_protected_fields(self, vals, creating):
        """Only the system sets whose minutes these are (issue 10, L10)."""
        res = super()._fall_check_protected_fields(vals, creating)
        if not self.env.su and MINUTES_SYSTEM_FIELDS & vals.keys():
            raise AccessError(
                self.env._(
                    "Minutes of a case conference are kept by the system: their "
                    "conference, association and recipients cannot be changed."
                )
            )
        return res

    def _get_report_items(self):
        """Agenda items of these minutes, read with the user's access rights."""
        self.ensure_one()
        items = self.conference_id._get_visible_items()
        if self.association_id:
            items = items.filtered(lambda item: item.company_id == self.association_id)
        return items

    def message_post(self, **kwargs):
        """Mark the minutes as sent when posted from the minutes composer."""
        message = super().message_post(**kwargs)
        if self.env.context.get("fall_mark_minutes_sent"):
            # sudo: technical fields of the minutes just sent by the user.
            self.sudo().sent_date = fields.Datetime.now()
            self.conference_id._update_minutes_state()
        return message
