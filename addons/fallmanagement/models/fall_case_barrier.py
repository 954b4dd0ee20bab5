from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .base import FALL_EARLIEST

SEVERITIES = [
    ("0", "None"),
    ("1", "Low"),
    ("2", "Medium"),
    ("3", "High"),
]


class FallCaseBarrier(models.Model):
    _name = "fall.case.barrier"
    _inherit = ["fall.sensitivity.mixin", "fall.case.line.mixin"]
    _description = "Barrier of a Case"
    _order = "sequence, id"
    _rec_name = "barrier_type_id"
    _check_company_auto = True
    # a barrier may go back long before the case, but not into the future
    _fall_date_ranges = {
        "since_date": (None, relativedelta()),
        "resolved_date": (FALL_EARLIEST, relativedelta()),
    }

    # the case's counsellor, stored for the record rules (a direct column
    # instead of a subquery on the case files)
    case_user_id = fields.Many2one(
        related="case_id.user_id",
        string="Counsellor of the Case",
        store=True,
        index=True,
    )
    barrier_type_id = fields.Many2one(
        "fall.barrier.type", string="Barrier", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="barrier_type_id.sequence", store=True)
    is_sensitive = fields.Boolean(
        related="barrier_type_id.is_sensitive", store=True, index=True
    )
    severity_intake = fields.Selection(
        SEVERITIES, string="Severity at Intake", required=True, default="2"
    )
    severity_current = fields.Selection(
        SEVERITIES, string="Current Severity", required=True, default="2"
    )
    since_date = fields.Date(string="Since")
    resolved_date = fields.Date(string="Resolved On")
    is_reduced = fields.Boolean(
        string="Reduced",
        compute="_compute_is_reduced",
        store=True,
        help="The barrier is less severe now than at intake.",
    )
    # 0/1 figures, summed up by the pivot views and the county report
    intake_count = fields.Integer(
        string="Present at Intake",
        compute="_compute_counts",
        store=True,
        aggregator="sum",
    )
    current_count = fields.Integer(
        string="Present Now", compute="_compute_counts", store=True, aggregator="sum"
    )
    reduced_count = fields.Integer(
        string="Reduced (Number)",
        compute="_compute_counts",
        store=True,
        aggregator="sum",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "case_barrier_uniq",
            "unique(case_id, barrier_type_id)",
            "Each barrier can be recorded only once per case.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # before the case and barrier type are read from vals
            self._fall_check_input(vals, creating=True)
        self._check_sensitive_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        """Change a barrier's type or case under the same guard as create."""
        if {"barrier_type_id", "case_id"} & vals.keys():
            self._check_sensitive_create(
                [
                    {
                        "case_id": vals.get("case_id", barrier.case_id.id),
                        "barrier_type_id": vals.get(
                            "barrier_type_id", barrier.barrier_type_id.id
                        ),
                    }
                    for barrier in self
                ]
            )
        return super().write(vals)

    @api.model
    def _check_sensitive_create(self, vals_list):
        """Only the counsellors of a case record its sensitive barriers.

        Checked before the insert or update: the record rule would refuse the
        barrier only afterwards, and a barrier already recorded (invisible to
        the colleague) would first show up as a duplicate – revealing it.
        """
        user = self.env.user
        if self.env.su or user.has_group("fallmanagement.group_fall_manager"):
            return
        types = self.env["fall.barrier.type"].browse(
            {
                vals["barrier_type_id"]
                for vals in vals_list
                if vals.get("barrier_type_id")
            }
        )
        sensitive = set(types.filtered("is_sensitive").ids)
        cases = self.env["fall.case"].browse(
            {vals["case_id"] for vals in vals_list if vals.get("case_id")}
        )
        cases.fetch(["name", "user_id", "counsellor_ids"])  # one read for all
        for vals in vals_list:
            if vals.get("barrier_type_id") not in sensitive or not vals.get("case_id"):
                continue
            case = cases.browse(vals["case_id"])
            if user != case.user_id and user not in case.counsellor_ids:
                raise AccessError(
                    self.env._(
                        "Only the counsellors of case %(case)s and the head of the "
                        "association can record a sensitive barrier such as "
                        "%(barrier)s.",
                        case=case.name,
                        barrier=types.browse(vals["barrier_type_id"]).name,
                    )
                )

    def _fall_sensitivity_note(self):
        self.ensure_one()
        if self.is_sensitive:
            return self.env._(
                "A barrier of this case was marked as sensitive: only the "
                "counsellors of the case and the head of the association see it."
            )
        return self.env._(
            "The barrier “%(barrier)s” is no longer marked as sensitive: every "
            "counsellor of the association sees it now.",
            barrier=self.barrier_type_id.name,
        )

    @api.depends("severity_intake", "severity_current")
    def _compute_is_reduced(self):
        for barrier in self:
            barrier.is_reduced = int(barrier.severity_current or 0) < int(
                barrier.severity_intake or 0
            )

    @api.depends("severity_intake", "severity_current")
    def _compute_counts(self):
        for barrier in self:
            intake = int(barrier.severity_intake or 0)
            current = int(barrier.severity_current or 0)
            barrier.intake_count = int(intake > 0)
            barrier.current_count = int(current > 0)
            barrier.reduced_count = int(current < intake)

    @api.constrains("since_date", "resolved_date")
    def _check_dates(self):
        for barrier in self:
            if (
                barrier.since_date
                and barrier.resolved_date
                and barrier.resolved_date < barrier.since_date
            ):
                raise ValidationError(
                    self.env._(
                        "Barrier %(barrier)s: it cannot be resolved (%(resolved)s) "
                        "before it began (%(since)s).",
                        barrier=barrier.barrier_type_id.name,
                        resolved=barrier.resolved_date,
                        since=barrier.since_date,
                    )
                )

    @api.onchange("resolved_date")
    def _onchange_resolved_date(self):
        if self.resolved_date:
            self.severity_current = "0"
