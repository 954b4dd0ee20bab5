from odoo import fields, models
from odoo.exceptions import AccessError


class FallConferenceProposalLine(models.TransientModel):
    _name = "fall.conference.proposal.line"
    _description = "Proposed Case for a Case Conference"
    _order = "id"

    proposal_id = fields.Many2one(
        "fall.conference.proposal", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Accept")
    case_id = fields.Many2one(
        "fall.case", required=True, domain="[('is_closed', '=', False)]"
    )
    # compute_sudo=False: the line shows what the user reads in the case itself
    user_id = fields.Many2one(
        related="case_id.user_id", string="Counsellor", compute_sudo=False
    )
    stage_id = fields.Many2one(
        related="case_id.stage_id", string="Phase", compute_sudo=False
    )
    reasons = fields.Char(string="Proposed Because")
    question = fields.Text(string="Question to the Conference")

    def _fall_check_protected_fields(self, vals, creating):
        """A line names only a case the user may read (issue 10, L6).

        Otherwise the line would read number, counsellor and phase of any
        case back to its creator.
        """
        res = super()._fall_check_protected_fields(vals, creating)
        if self.env.su:
            return res
        if vals.get("proposal_id"):
            # the proposal (a wizard) is readable by its creator only
            proposal = self.env["fall.conference.proposal"].browse(vals["proposal_id"])
            if not proposal.exists() or not proposal.has_access("read"):
                raise AccessError(
                    self.env._("Only your own proposals can be filled in.")
                )
        if not vals.get("case_id"):
            return res
        case = self.env["fall.case"].browse(vals["case_id"])
        if not case.exists() or not case.has_access("read"):
            raise AccessError(
                self.env._("Only cases you may read can be proposed for the agenda.")
            )
        return res
