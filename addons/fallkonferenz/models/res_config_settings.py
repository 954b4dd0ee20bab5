from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .fall_case import DEFAULT_STALLED_WEEKS
from .fall_conference import DEFAULT_COUNTY_ACCESS_DAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fall_county_access_days = fields.Integer(
        string="County Access (Days After the Conference)",
        config_parameter="fallkonferenz.county_access_days",
        default=DEFAULT_COUNTY_ACCESS_DAYS,
        help="County participants see the cases on a conference's agenda from "
        "the moment they are put on it until this many days after the conference.",
    )
    fall_stalled_weeks = fields.Integer(
        string="Stalled After (Weeks)",
        config_parameter="fallkonferenz.stalled_weeks",
        default=DEFAULT_STALLED_WEEKS,
        help="Open cases without any change (case, contacts, plan steps) for this "
        "many weeks are proposed for the next conference.",
    )

    @api.constrains("fall_county_access_days", "fall_stalled_weeks")
    def _check_fall_conference_settings(self):
        # the readers fall back to the default for values out of range; the
        # form says so at once instead of silently keeping the default
        for settings in self:
            if settings.fall_county_access_days < 0:
                raise ValidationError(
                    self.env._("The county access period cannot be negative.")
                )
            if settings.fall_stalled_weeks < 1:
                raise ValidationError(
                    self.env._(
                        "A case can only count as stalled after at least one week."
                    )
                )
