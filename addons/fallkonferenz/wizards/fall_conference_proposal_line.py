from odoo import fields, models


class FallConferenceProposalLine(models.TransientModel):
    _name = "fall.conference.proposal.line"
    _description = "Proposed Case for a Case Conference"
    _order = "id"

    proposal_id = fields.Many2one(
        "fall.conference.proposal", required=True, ondelete="cascade"
    )
    selected = fields.Boolean(string="Accept")
    case_id = fields.Many2one("fall.case", required=True)
    user_id = fields.Many2one(related="case_id.user_id", string="Counsellor")
    stage_id = fields.Many2one(related="case_id.stage_id", string="Phase")
    reason_codes = fields.Char()
    reasons = fields.Char(string="Proposed Because")
    question = fields.Text(string="Question to the Conference")
