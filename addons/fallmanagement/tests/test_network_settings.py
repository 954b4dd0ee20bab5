from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from ..models.res_config_settings import DAY_SETTINGS, get_days_setting


@tagged("post_install", "-at_install")
class TestNetworkSettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_defaults(self):
        for key, default in DAY_SETTINGS.items():
            with self.subTest(key=key):
                self.env["ir.config_parameter"].set_param(key, False)
                self.assertEqual(get_days_setting(self.env, key), default)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.fall_notification_days, 4)
        self.assertEqual(settings.fall_deadline_reminder_days, 7)
        self.assertEqual(settings.fall_referral_followup_days, 14)
        self.assertEqual(settings.fall_consent_reminder_days, 30)

    def test_save_settings(self):
        self.env["res.config.settings"].create(
            {
                "fall_notification_days": 3,
                "fall_deadline_reminder_days": 10,
                "fall_referral_followup_days": 21,
                "fall_consent_reminder_days": 45,
            }
        ).execute()
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.notification_days"), 3
        )
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.deadline_reminder_days"), 10
        )
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.referral_followup_days"), 21
        )
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.consent_reminder_days"), 45
        )

    def test_bad_values(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["res.config.settings"].create({"fall_notification_days": -1})
        ICP = self.env["ir.config_parameter"]
        ICP.set_param("fallmanagement.notification_days", "-3")
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.notification_days"), 4
        )
        ICP.set_param("fallmanagement.notification_days", "vier")
        self.assertEqual(
            get_days_setting(self.env, "fallmanagement.notification_days"), 4
        )
