from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # clients of the case management are between 14 and 100 years old
    _fall_date_ranges = {
        "fall_birthdate": (relativedelta(years=-100), relativedelta(years=-14))
    }

    fall_is_client = fields.Boolean(
        string="Is Client",
        index=True,
        copy=False,
        help="A client of the case management: visible only to the counsellors "
        "of the association the contact belongs to.",
    )
    fall_birthdate = fields.Date(string="Birth Date")
    fall_customer_number = fields.Char(
        string="Customer Number", help="Kundennummer of the county's job centre."
    )
    fall_bg_number = fields.Char(
        string="BG Number", help="Number of the Bedarfsgemeinschaft (household)."
    )
    fall_preferred_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("post", "Letter"),
            ("in_person", "In Person"),
            ("messenger", "Messenger"),
        ],
        string="Preferred Contact Channel",
    )
    fall_household_member_ids = fields.One2many(
        "fall.household.member", "client_id", string="Household Members"
    )
    fall_needs_childcare = fields.Boolean(
        string="Childcare Needed",
        compute="_compute_fall_needs_childcare",
        search="_search_fall_needs_childcare",
    )
    fall_case_ids = fields.One2many("fall.case", "client_id", string="Case Files")
    fall_case_count = fields.Integer(
        string="Case Count", compute="_compute_fall_case_count"
    )
    fall_counsellor_user_ids = fields.Many2many(
        "res.users",
        "res_partner_fall_counsellor_rel",
        "partner_id",
        "user_id",
        string="Counsellors of the Client",
        compute="_compute_fall_counsellor_user_ids",
        store=True,
        compute_sudo=True,
        help="Responsible and deputy counsellors of the client's cases; "
        "stored for the record rules on the client's sensitive consents.",
    )
    fall_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_fall_duplicate_ids",
        help="Other clients with the same name and birth date.",
    )

    @api.depends("fall_household_member_ids.needs_childcare")
    def _compute_fall_needs_childcare(self):
        for partner in self:
            partner.fall_needs_childcare = any(
                partner.fall_household_member_ids.mapped("needs_childcare")
            )

    def _search_fall_needs_childcare(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on childcare need."))
        positive = (operator == "=") == value
        domain_op = "any" if positive else "not any"
        return [
            ("fall_household_member_ids", domain_op, [("needs_childcare", "=", True)])
        ]

    @api.depends("fall_case_ids.user_id", "fall_case_ids.counsellor_ids")
    def _compute_fall_counsellor_user_ids(self):
        for partner in self:
            cases = partner.fall_case_ids
            partner.fall_counsellor_user_ids = cases.user_id | cases.counsellor_ids

    def _compute_fall_case_count(self):
        groups = self.env["fall.case"]._read_group(
            [("client_id", "in", self.ids)], ["client_id"], ["__count"]
        )
        counts = {client.id: count for client, count in groups}
        for partner in self:
            partner.fall_case_count = counts.get(partner.id, 0)

    @api.depends("name", "fall_birthdate", "fall_is_client")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_fall_duplicate_ids(self):
        clients = self.filtered(
            lambda p: p.fall_is_client and p.fall_birthdate and p.name
        )
        (self - clients).fall_duplicate_ids = False
        for partner in clients:
            # Searched with the user's rights: only duplicates the user may see.
            partner.fall_duplicate_ids = self.search(
                [
                    ("fall_is_client", "=", True),
                    ("fall_birthdate", "=", partner.fall_birthdate),
                    ("name", "=ilike", partner.name.strip()),
                    ("id", "!=", partner._origin.id or 0),
                ]
            )

    @api.constrains("fall_is_client", "company_id")
    def _check_fall_client_company(self):
        for partner in self:
            if partner.fall_is_client and not partner.company_id:
                raise ValidationError(
                    self.env._(
                        "The client %(name)s must belong to an association "
                        "(company): client data may not be shared.",
                        name=partner.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        """Check the client fields like those of the case management models."""
        for vals in vals_list:
            self._fall_check_input(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        """Check the client fields like those of the case management models."""
        self._fall_check_input(vals, creating=False)
        return super().write(vals)

    def _fall_input_checked(self, field):
        """The fields the case management adds, and the name (stored on the
        case files and indexed: a huge name could not be saved)."""
        return field.name.startswith("fall_") or field.name == "name"

    def action_fall_open_cases(self):
        """Open the case files of this client."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fallmanagement.fall_case_action"
        )
        action["domain"] = [("client_id", "=", self.id)]
        action["context"] = {
            "default_client_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    # Network partners: organisations clients are referred to.

    fall_partner_type_id = fields.Many2one(
        "fall.partner.type",
        string="Network Partner Type",
        index=True,
        ondelete="restrict",
        help="Set on organisations of the network the counsellors refer clients "
        "to; their contact persons are the child contacts.",
    )
    fall_referral_note = fields.Text(
        string="Opening Hours and How to Refer",
        help="Opening hours, how to book a first appointment, what the partner "
        "needs with a referral.",
    )
    fall_referral_count = fields.Integer(
        string="Referral Count",
        compute="_compute_fall_referral_count",
        groups="fallmanagement.group_fall_user",
    )

    @api.depends_context("uid")
    def _compute_fall_referral_count(self):
        if not self.env["fall.referral"].has_access("read"):
            self.fall_referral_count = 0
            return
        groups = self.env["fall.referral"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.fall_referral_count = counts.get(partner.id, 0)

    @api.constrains("fall_partner_type_id", "fall_is_client")
    def _check_fall_partner_not_client(self):
        for partner in self:
            if partner.fall_partner_type_id and partner.fall_is_client:
                raise ValidationError(
                    self.env._(
                        "%(name)s is a client and cannot be a network partner "
                        "at the same time.",
                        name=partner.display_name,
                    )
                )

    def action_fall_open_referrals(self):
        """Open the referrals to this network partner."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fallmanagement.fall_referral_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
