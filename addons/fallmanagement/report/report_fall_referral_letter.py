from odoo import api, models


class ReportFallReferralLetter(models.AbstractModel):
    _name = "report.fallmanagement.report_fall_referral_letter"
    _description = "Referral Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Render only referrals whose sharing the client's consent covers.

        Every way to the letter (print menu, button, e-mail template, RPC)
        renders through here, so the consent check cannot be bypassed.
        """
        referrals = self.env["fall.referral"].browse(docids)
        referrals.check_access("read")
        referrals._check_consent()
        return {
            "doc_ids": docids,
            "doc_model": "fall.referral",
            "docs": referrals,
        }
