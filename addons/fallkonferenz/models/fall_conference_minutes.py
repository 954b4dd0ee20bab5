from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Command

# Set once by the system (_prepare_for_conference): whose minutes
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

    @api.model
    def _get_audiences(self, conference):
        """Who receives which minutes: ``{company or False: partners}``.

        An association's counsellors taking part receive the items of their
        own association; county participants (and a county organiser) the
        complete minutes. External guests receive no minutes.
        """
        counsellor_group = self.env.ref("fallmanagement.group_fall_user")
        # sudo: the items of all associations decide who gets minutes; users'
        # companies and groups are read to route them, nothing is shown.
        conference = conference.sudo()
        companies = (
            conference.association_ids | conference.agenda_item_ids.company_id
        ).sorted("name")
        people = conference.participant_user_ids | conference.user_id
        audiences = {}
        for company in companies:
            audiences[company] = people.filtered(
                lambda u, c=company: (
                    counsellor_group in u.groups_id and c in u.company_ids
                )
            ).partner_id
        county_people = people.filtered(
            lambda u: (
                counsellor_group not in u.groups_id
                and u.has_group("fallmanagement.group_fall_county")
            )
        )
        if county_people:
            audiences[False] = county_people.partner_id
        return audiences

    @api.model
    def _prepare_for_conference(self, conference):
        """Create or refresh one minutes record per audience of ``conference``.

        Returns all minutes of the conference, in the caller's environment.
        """
        conference.ensure_one()
        # sudo: the minutes records are system records; each one is readable
        # only by its audience (record rules), also for the user creating it,
        # who therefore does not follow the minutes of other audiences.
        conference = conference.sudo()
        Minutes = self.sudo().with_context(mail_create_nosubscribe=True)
        existing = {m.association_id.id: m for m in conference.minutes_ids}
        for company, partners in self._get_audiences(conference).items():
            minutes = existing.pop(company.id if company else False, None)
            values = {"partner_ids": [Command.set(partners.ids)]}
            if minutes:
                minutes.write(values)
            else:
                Minutes.create(
                    {
                        **values,
                        "conference_id": conference.id,
                        "association_id": company.id if company else False,
                    }
                )
        for obsolete in existing.values():
            if not obsolete.sent_date:
                obsolete.unlink()
        return conference.minutes_ids.sudo(False)

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
