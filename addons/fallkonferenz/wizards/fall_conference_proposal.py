from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class FallConferenceProposal(models.TransientModel):
    _name = "fall.conference.proposal"
    _description = "Proposed Cases for a Case Conference"

    conference_id = fields.Many2one(
        "fall.conference", required=True, ondelete="cascade"
    )
    line_ids = fields.One2many(
        "fall.conference.proposal.line", "proposal_id", string="Proposed Cases"
    )

    def _fall_check_protected_fields(self, vals, creating):
        """A proposal is made for a conference the user may read (issue 10).

        Otherwise its lines would put cases on the agenda of a conference
        hidden from the user.
        """
        res = super()._fall_check_protected_fields(vals, creating)
        if self.env.su or not vals.get("conference_id"):
            return res
        conference = self.env["fall.conference"].browse(vals["conference_id"])
        if not conference.exists() or not conference.has_access("read"):
            raise AccessError(
                self.env._("Cases can only be proposed for conferences you may read.")
            )
        return res

    def _load_candidates(self):
        """Fill the proposals: cases of the user's association only."""
        self.ensure_one()
        candidates = self.env["fall.case"]._fall_conference_candidates(
            self.conference_id
        )
        self.line_ids = [
            fields.Command.create(
                {
                    "case_id": case.id,
                    "reasons": "; ".join(label for _code, label in reasons),
                    "question": case.fall_conference_question,
                    "selected": case.fall_conference_flag,
                }
            )
            for case, reasons in candidates
        ]

    def action_accept(self):
        """Put the selected cases on the agenda."""
        self.ensure_one()
        lines = self.line_ids.filtered("selected")
        if not lines:
            raise UserError(
                self.env._("Select at least one case to put on the agenda.")
            )
        last = max(self.conference_id.agenda_item_ids.mapped("sequence") or [0])
        self.env["fall.conference.agenda.item"].create(
            [
                {
                    "conference_id": self.conference_id.id,
                    "case_id": line.case_id.id,
                    "question": line.question,
                    "proposal_reason": line.reasons,
                    "sequence": last + index,
                }
                for index, line in enumerate(lines, start=1)
            ]
        )
        return {"type": "ir.actions.act_window_close"}
