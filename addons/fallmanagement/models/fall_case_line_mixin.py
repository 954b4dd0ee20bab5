from odoo import fields, models


class FallCaseLineMixin(models.AbstractModel):
    """A record that belongs to a case file: referral, dealing with an authority.

    It lives in the case's association (for the multi-company rules) and
    carries the case's client and counsellor, stored for searches, grouping
    and the record rules on sensitive records.
    """

    _name = "fall.case.line.mixin"
    _description = "Belongs to a Case File"
    _fall_immutable_fields = ("case_id",)

    case_id = fields.Many2one(
        "fall.case",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )
    client_id = fields.Many2one(
        related="case_id.client_id", string="Client", store=True, index=True
    )
    user_id = fields.Many2one(
        related="case_id.user_id", string="Counsellor", store=True, index=True
    )
