from odoo import api, fields, models


class FallDataCategory(models.Model):
    _name = "fall.data.category"
    _description = "Data Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code; the referral letter decides by it which data it shows.",
    )
    sequence = fields.Integer(default=10)
    is_sensitive = fields.Boolean(
        string="Sensitive",
        help="Special category of personal data (Art. 9 and 10 GDPR): needs an "
        "explicit consent and is visible only to the counsellors of the case.",
    )
    barrier_type_ids = fields.Many2many(
        "fall.barrier.type",
        string="Barriers",
        help="Barriers whose mention falls under this category. A sensitive "
        "barrier that belongs to no category is never shared.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a data category must be unique."),
    ]

    @api.model
    def _for_barrier_types(self, barrier_types, catalogue=None):
        """Data categories under which ``barrier_types`` may be shared.

        A barrier belongs to the categories that list it; an unlisted
        non-sensitive barrier falls under the general category ``barriers``,
        an unlisted sensitive one under none.

        :param catalogue: the active categories, when the caller computes many
            barriers at once and has read them already; searched otherwise
        """
        if catalogue is None:
            categories = self.search([("barrier_type_ids", "in", barrier_types.ids)])
        else:
            # like the search above: archived barrier types count too
            categories = (
                catalogue.with_context(active_test=False)
                .filtered(lambda c: c.barrier_type_ids & barrier_types)
                .with_env(self.env)
            )
        unlisted = barrier_types.filtered(
            lambda b: not b.is_sensitive and b not in categories.barrier_type_ids
        )
        if unlisted:
            categories |= (
                self.search([("code", "=", "barriers")], limit=1)
                if catalogue is None
                else catalogue.filtered(lambda c: c.code == "barriers")[:1]
            )
        return categories
