from odoo import api, models


class ReportFallConsent(models.AbstractModel):
    _name = "report.fallmanagement.report_fall_consent"
    _description = "Consent Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Refuse consents the user may not read before rendering anything."""
        consents = self.env["fall.consent"].browse(docids)
        consents.check_access("read")
        return {"doc_ids": docids, "doc_model": "fall.consent", "docs": consents}
