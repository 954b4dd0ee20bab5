from odoo import models

from .county_conferences import conferences_sheet


class ReportFallCountyXlsx(models.AbstractModel):
    """The county's workbook with a sheet of the case conferences."""

    _inherit = "report.fallmanagement.county_report_xlsx"

    def _statistics_sheets(self, scope):
        sheets = super()._statistics_sheets(scope)
        sheets.append(conferences_sheet(scope))
        return sheets
