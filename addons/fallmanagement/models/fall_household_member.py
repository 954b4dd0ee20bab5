from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class FallHouseholdMember(models.Model):
    _name = "fall.household.member"
    _description = "Household Member"
    _order = "birthdate, id"

    client_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="client_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    relation = fields.Selection(
        [
            ("partner", "Partner"),
            ("child", "Child"),
            ("parent", "Parent"),
            ("other", "Other"),
        ],
        required=True,
        default="child",
    )
    birthdate = fields.Date(string="Birth Date")
    age = fields.Integer(compute="_compute_age")
    needs_childcare = fields.Boolean(
        compute="_compute_needs_childcare",
        store=True,
        readonly=False,
        help="Set automatically for children under 12; can be changed by hand.",
    )
    needs_care = fields.Boolean(
        help="Relative in need of care (Pflege von Angehörigen)."
    )

    @api.depends("birthdate")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.age = (
                relativedelta(today, member.birthdate).years if member.birthdate else 0
            )

    @api.depends("birthdate", "relation")
    def _compute_needs_childcare(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.needs_childcare = bool(
                member.relation == "child"
                and member.birthdate
                and relativedelta(today, member.birthdate).years < 12
            )
