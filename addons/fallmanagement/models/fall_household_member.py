from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools.cron import CRON_BATCH_SIZE, run_in_batches


class FallHouseholdMember(models.Model):
    _name = "fall.household.member"
    _description = "Household Member"
    _order = "birthdate, id"
    _check_company_auto = True
    _fall_immutable_fields = ("client_id",)
    # born (FALL_DATE_MIN at the earliest), not to be born
    _fall_date_ranges = {"birthdate": (None, relativedelta())}

    client_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="cascade",
        index=True,
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
    birthdate = fields.Date(string="Birth Date", index=True)
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

    @api.model
    def _cron_childcare_age_limit(self, window_days=7, batch_size=CRON_BATCH_SIZE):
        """Children who turned 12 in the last days no longer need childcare.

        Only birthdays within the window are looked at (a missed run is
        caught up), so a flag set by hand later on, e.g. for a disabled
        teenager, stays.
        """
        limit = fields.Date.context_today(self) - relativedelta(years=12)
        domain = [
            ("relation", "=", "child"),
            ("needs_childcare", "=", True),
            ("birthdate", "<=", limit),
            ("birthdate", ">", limit - relativedelta(days=window_days)),
        ]
        return run_in_batches(
            self,
            domain,
            lambda members: members.write({"needs_childcare": False}),
            batch_size,
        )
