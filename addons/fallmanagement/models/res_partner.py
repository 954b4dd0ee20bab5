from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.actions import related_list_action

# Fields of a contact that the record rules on contacts read: a user who
# could set them would let other users see a client (``partner_share`` opens
# Odoo's multi-company rule on contacts, the counsellors of the client open
# its sensitive consents). They follow from other data only.
FALL_PARTNER_RULE_FIELDS = ("partner_share", "fall_counsellor_user_ids")
# What makes a contact a client of an association with a file: its data is
# then only for that association's counsellors.
FALL_CLIENT_DATA_FIELDS = ("fall_birthdate", "fall_customer_number", "fall_bg_number")


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
        help="Responsible and deputy counsellors of the client's active (not "
        "archived) cases; stored for the record rules on the client's sensitive "
        "consents.",
    )
    fall_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_fall_duplicate_ids",
        help="Other clients with the same name and birth date.",
    )
    # Network partners: organisations clients are referred to
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

    @api.depends(
        "fall_case_ids.user_id", "fall_case_ids.counsellor_ids", "fall_case_ids.active"
    )
    def _compute_fall_counsellor_user_ids(self):
        # The counsellors of the client's cases now: an archived case no
        # longer opens the client's sensitive consents to its counsellors.
        cases = self.env["fall.case"].search([("client_id", "in", self.ids)])
        by_client = cases.grouped("client_id")
        Case = self.env["fall.case"]
        for partner in self:
            own = by_client.get(partner, Case)
            partner.fall_counsellor_user_ids = own.user_id | own.counsellor_ids

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

    @api.model_create_multi
    def create(self, vals_list):
        """Check the client fields like those of the case management models."""
        for vals in vals_list:
            self._fall_check_input(vals, creating=True)
            self._fall_check_protected_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        """Check the client fields like those of the case management models,
        and keep clients in their association (issue 10, L2)."""
        self._fall_check_input(vals, creating=False)
        self._fall_check_protected_fields(vals, creating=False)
        if not self.env.su:
            self._fall_check_client_move(vals)
        return super().write(vals)

    def action_fall_open_cases(self):
        """Open the case files of this client."""
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallmanagement.fall_case_action",
            [("client_id", "=", self.id)],
            {"default_client_id": self.id, "default_company_id": self.company_id.id},
        )

    def action_fall_open_referrals(self):
        """Open the referrals to this network partner."""
        self.ensure_one()
        return related_list_action(
            self.env,
            "fallmanagement.fall_referral_action",
            [("partner_id", "=", self.id)],
            {"default_partner_id": self.id},
        )

    def _fall_check_client_move(self, vals):
        """Refuse moving a client to another association (or to none) and
        unmarking a client, once there is client data to protect.

        Either would show the client's case-related data to users outside
        the association: the company decides which association sees the
        contact, the client flag whether anyone outside case management
        does. Checked as superuser: the guard must see the client's case
        files, household members and consents, even those the user cannot
        read, and reveals only that there are some.
        """
        moving = "company_id" in vals
        unmarking = "fall_is_client" in vals and not vals["fall_is_client"]
        if not (moving or unmarking):
            return
        # sudo: see above, only whether there is client data comes back
        partners = self.sudo()
        if moving:
            partners = partners.filtered(
                lambda p: p.company_id.id != (vals["company_id"] or False)
            )
        clients = partners.filtered(lambda p: p._fall_has_client_data())
        if not clients:
            return
        if moving:
            raise ValidationError(
                self.env._(
                    "%(client)s is a client with case files or client data: the "
                    "contact cannot be moved to another association or made "
                    "visible to all associations.",
                    client=clients[0].display_name,
                )
            )
        raise ValidationError(
            self.env._(
                "%(client)s is a client with case files or client data: the "
                "contact cannot be unmarked as client, that would show it to "
                "everybody.",
                client=clients[0].display_name,
            )
        )

    def _fall_has_client_data(self):
        """Whether the contact (sudo) holds data only its association may see."""
        self.ensure_one()
        if not self.fall_is_client:
            return False
        return bool(
            any(self[fname] for fname in FALL_CLIENT_DATA_FIELDS)
            or self.with_context(active_test=False).fall_case_ids
            or self.fall_household_member_ids
            or self.env["fall.consent"].search_count(
                [("client_id", "=", self.id)], limit=1
            )
        )

    @api.model
    def _fall_derived_field_names(self):
        """On contacts, guard only the fields the record rules read (the
        other derived fields of contacts are Odoo's own)."""
        return super()._fall_derived_field_names() & set(FALL_PARTNER_RULE_FIELDS)

    def _fall_input_checked(self, field):
        """The fields the case management adds, and the name (stored on the
        case files and indexed: a huge name could not be saved)."""
        return field.name.startswith("fall_") or field.name == "name"

    def _fall_mail_guarded(self):
        """Clients: their followers, activities and message recipients are
        limited to the counsellors who may read them."""
        # sudo: the flag routes the check; nothing of the contact is shown
        return self.browse(self.sudo().filtered("fall_is_client").ids)
