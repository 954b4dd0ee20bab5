from odoo import api, models


class ReportFallCasePlan(models.AbstractModel):
    _name = "report.fallmanagement.report_fall_case_plan"
    _description = "Cooperation Plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Refuse cases the user may not read before rendering anything.

        A plain AccessError with the usual message, instead of an error
        raised half-way through the template.
        """
        cases = self.env["fall.case"].browse(docids)
        cases.check_access("read")
        return {"doc_ids": docids, "doc_model": "fall.case", "docs": cases}
