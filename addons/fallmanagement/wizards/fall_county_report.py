from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..models.base import FALL_EARLIEST
from ..models.fall_report_export import RECIPIENTS
from ..report.county_statistics import check_period, check_report_access
from ..tools.settings import get_int_setting

DEFAULT_MIN_CELL = 3
MIN_CELL_PARAM = "fallmanagement.report_min_cell"


class FallCountyReport(models.TransientModel):
    """The parameters of the county's workbook and the export button.

    The workbook itself, its figures and its export log are the report's
    (``report/report_fall_county_xlsx.py``).
    """

    _name = "fall.county.report"
    _description = "County Report"
    _fall_date_ranges = {
        "date_from": (FALL_EARLIEST, relativedelta(years=1)),
        "date_to": (FALL_EARLIEST, relativedelta(years=1)),
    }

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return quarter_start - relativedelta(months=3)

    @api.model
    def _default_date_to(self):
        return self._default_date_from() + relativedelta(months=3, days=-1)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    company_ids = fields.Many2many(
        "res.company",
        string="Associations",
        required=True,
        default=lambda self: self.env.company,
        help="Offered are the associations you belong to.",
    )
    recipient = fields.Selection(
        RECIPIENTS,
        required=True,
        default="county",
        help="Workbooks for the county show aggregated values below the "
        "threshold of the settings as '<3'.",
    )
    include_case_list = fields.Boolean(
        string="Case List",
        default=True,
        help="A sheet with one line per case, with only the fields the county may see.",
    )
    min_cell = fields.Integer(
        string="Small-Cell Threshold",
        compute="_compute_min_cell",
        help="Aggregated values from 1 up to this number minus one appear as "
        "'<N' (0: no suppression).",
    )

    @api.depends("recipient")
    def _compute_min_cell(self):
        threshold = get_int_setting(
            self.env, MIN_CELL_PARAM, DEFAULT_MIN_CELL, minimum=0
        )
        for wizard in self:
            wizard.min_cell = threshold if wizard.recipient == "county" else 0

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        """The period runs forwards and spans at most MAX_PERIOD_YEARS (its
        first and last day: ``_fall_date_ranges``)."""
        for wizard in self:
            check_period(self.env, wizard.date_from, wizard.date_to)

    def action_export_xlsx(self):
        check_report_access(self)
        # config=False: no document layout configurator before a workbook
        return self.env.ref(
            "fallmanagement.action_report_fall_county_xlsx"
        ).report_action(self, config=False)
