from odoo import fields, models


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    fall_sensitive = fields.Boolean(
        string="Recorded While Sensitive",
        readonly=True,
        help="The change was tracked while its record was sensitive: only those "
        "who may see the record's sensitive data see the old and new values.",
    )
