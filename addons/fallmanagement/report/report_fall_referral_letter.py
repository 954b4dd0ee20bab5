from odoo import api, models


class ReportFallReferralLetter(models.AbstractModel):
    """The referral letter: what it may tell the partner is decided here.

    Only the data categories that the referral shares and a valid consent of
    the client for the partner covers go into the letter.
    """

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
            "letter": self,
        }

    @api.model
    def _letter_content(self, referral):
        """What the letter for ``referral`` may say, read once per letter.

        :return: dict with ``consents``: the valid consents the letter relies
            on (for their dates); ``shared``: the codes of the data categories
            the partner may receive, shared and consented; ``barriers``: the
            addressed barriers the letter may name; ``matters``: the case's
            dealings with authorities the letter may list.
        """
        env = referral.env  # the letter's language (t-lang), as the template
        consents = env["fall.consent"]._valid_consents(
            referral.client_id, partner=referral.partner_id
        )
        shared = referral.data_category_ids & consents.data_category_ids
        codes = set(shared.mapped("code"))
        Category = env["fall.data.category"]
        barriers = referral.barrier_ids.filtered(
            lambda b: Category._for_barrier_types(b.barrier_type_id) & shared
        )
        matters = env["fall.authority.matter"]
        if "applications" in codes:
            matters = referral.case_id.authority_matter_ids
            if "health" not in codes:
                matters = matters.filtered(lambda m: not m.is_sensitive)
        return {
            "consents": consents,
            "shared": codes,
            "barriers": barriers,
            "matters": matters,
        }
