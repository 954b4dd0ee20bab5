from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.settings import get_int_setting

# Default number of days per setting (ir.config_parameter key).
DAY_SETTINGS = {
    "fallmanagement.referral_followup_days": 14,
    "fallmanagement.consent_reminder_days": 30,
    "fallmanagement.notification_days": 4,
    "fallmanagement.deadline_reminder_days": 7,
}


def get_days_setting(env, key):
    """The number of days configured under ``key``, or its default."""
    return get_int_setting(env, key, DAY_SETTINGS[key], minimum=0)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fall_referral_followup_days = fields.Integer(
        string="Referral Follow-up (Days)",
        config_parameter="fallmanagement.referral_followup_days",
        default=DAY_SETTINGS["fallmanagement.referral_followup_days"],
        help="The counsellor gets a follow-up activity when a network partner "
        "has sent no feedback this many days after the request.",
    )
    fall_consent_reminder_days = fields.Integer(
        string="Consent Expiry Reminder (Days)",
        config_parameter="fallmanagement.consent_reminder_days",
        default=DAY_SETTINGS["fallmanagement.consent_reminder_days"],
        help="The counsellor is reminded this many days before a consent expires.",
    )
    fall_notification_days = fields.Integer(
        string="Notification by Post (Days)",
        config_parameter="fallmanagement.notification_days",
        default=DAY_SETTINGS["fallmanagement.notification_days"],
        help="A decision sent by post counts as notified this many days after "
        "posting (§ 37 (2) SGB X: four days since 2025; letters posted before "
        "2025 keep three days).",
    )
    fall_deadline_reminder_days = fields.Integer(
        string="Objection Deadline Reminder (Days)",
        config_parameter="fallmanagement.deadline_reminder_days",
        default=DAY_SETTINGS["fallmanagement.deadline_reminder_days"],
        help="The counsellor's reminder activity falls due this many days before "
        "an objection deadline ends.",
    )

    fall_report_min_cell = fields.Integer(
        string="Small-Cell Suppression",
        config_parameter="fallmanagement.report_min_cell",
        default=3,
        help="In Excel workbooks for the county, aggregated values from 1 up to "
        "this number minus one appear as '<N' (e.g. '<3'); 0 switches the "
        "suppression off.",
    )

    @api.constrains("fall_report_min_cell")
    def _check_fall_report_min_cell(self):
        for settings in self:
            if settings.fall_report_min_cell < 0:
                raise ValidationError(
                    self.env._("The small-cell threshold cannot be negative.")
                )

    @api.constrains(
        "fall_referral_followup_days",
        "fall_consent_reminder_days",
        "fall_notification_days",
        "fall_deadline_reminder_days",
    )
    def _check_fall_days(self):
        for settings in self:
            values = (
                settings.fall_referral_followup_days,
                settings.fall_consent_reminder_days,
                settings.fall_notification_days,
                settings.fall_deadline_reminder_days,
            )
            if any(days < 0 for days in values):
                raise ValidationError(
                    self.env._("The number of days cannot be negative.")
                )
