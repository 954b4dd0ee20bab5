from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..tools.mail_audience import check_responsible_may_read
from .base import FALL_EARLIEST

CONTACT_KINDS = [
    ("in_person", "In Person"),
    ("phone", "Phone"),
    ("video", "Video Call"),
    ("home_visit", "Home Visit"),
    ("accompaniment", "Accompaniment to an Authority"),
    ("email", "E-mail / Letter"),
    ("group", "Group Session"),
]


class FallContact(models.Model):
    _name = "fall.contact"
    _inherit = ["fall.sensitivity.mixin", "fall.case.line.mixin"]
    _description = "Counselling Contact"
    _order = "date desc, id desc"
    _check_company_auto = True
    _fall_sensitivity_field = "is_confidential"
    _fall_sensitivity_derived = False
    # not in the future: a contact is recorded once it took place
    _fall_date_ranges = {"date": (FALL_EARLIEST, relativedelta())}

    # the case's counsellor, stored for the record rules (a direct column
    # instead of a subquery on the case files)
    case_user_id = fields.Many2one(
        related="case_id.user_id",
        string="Counsellor of the Case",
        store=True,
        index=True,
    )
    client_id = fields.Many2one(related="case_id.client_id", string="Client")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(CONTACT_KINDS, required=True, default="in_person")
    duration = fields.Float(
        string="Duration (Hours)", required=True, default=1.0, aggregator="sum"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Counsellor",
        default=lambda self: self.env.user,
        check_company=True,
    )
    note = fields.Text(string="Short Note")
    is_confidential = fields.Boolean(
        string="Confidential",
        help="Only the counsellors of the case and the head of the association "
        "can see a confidential note.",
    )

    def _fall_widening_refused_message(self):
        self.ensure_one()
        return self.env._(
            "Only the responsible counsellor of case %(case)s and the head of the "
            "association can make a confidential note visible to all counsellors.",
            # sudo: only the case number is named, which whoever may write
            # the contact sees on it anyway
            case=self.sudo().case_id.name,
        )

    def _fall_sensitivity_note(self):
        self.ensure_one()
        date = format_date(self.env, self.date)
        if self.is_confidential:
            return self.env._(
                "The counselling contact of %(date)s was marked as confidential: "
                "only the counsellors of the case and the head of the association "
                "see its note.",
                date=date,
            )
        return self.env._(
            "The counselling contact of %(date)s is no longer confidential: every "
            "counsellor of the association sees its note now.",
            date=date,
        )

    @api.constrains("user_id")
    def _check_fall_responsible_may_read(self):
        check_responsible_may_read(self)

    @api.constrains("duration")
    def _check_duration(self):
        for contact in self:
            if contact.duration <= 0 or contact.duration > 24:
                raise ValidationError(
                    self.env._(
                        "The duration of a counselling contact must lie between "
                        "0 and 24 hours (entered: %(duration)s).",
                        duration=contact.duration,
                    )
                )
