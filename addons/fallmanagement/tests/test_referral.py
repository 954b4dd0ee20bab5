from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import FallNetworkCommon


@tagged("post_install", "-at_install")
class TestReferral(FallNetworkCommon):
    def _followups(self, referral):
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_referral_followup"
        )
        return referral.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_defaults_from_barriers(self):
        referral = self._create_referral(
            barrier_ids=[Command.set(self.case_barrier_debts.ids)]
        )
        self.assertEqual(referral.state, "prepared")
        self.assertEqual(referral.data_category_ids, self.cat_contact | self.cat_debts)
        self.assertEqual(referral.partner_type_id, self.type_debt)
        self.assertEqual(referral.company_id, self.company_alra)
        self.assertEqual(referral.user_id, self.user_counsellor)
        self.assertFalse(referral.is_sensitive)
        referral.barrier_ids = [Command.link(self.case_barrier_addiction.id)]
        self.assertEqual(
            referral.data_category_ids,
            self.cat_contact | self.cat_debts | self.cat_addiction,
        )
        self.assertTrue(referral.is_sensitive)

    def test_unlisted_sensitive_barrier_has_no_category(self):
        secret = self.env["fall.barrier.type"].create(
            {"name": "Geheim", "code": "secret_test", "is_sensitive": True}
        )
        plain = self.env["fall.barrier.type"].create(
            {"name": "Schlicht", "code": "plain_test"}
        )
        Category = self.env["fall.data.category"]
        self.assertFalse(Category._for_barrier_types(secret))
        self.assertEqual(Category._for_barrier_types(plain), self.cat_barriers)

    def test_sensitive_by_category_alone(self):
        referral = self._create_referral(
            data_category_ids=[Command.set((self.cat_contact | self.cat_health).ids)]
        )
        self.assertTrue(referral.is_sensitive)

    def test_request_needs_consent(self):
        referral = self._create_referral(
            barrier_ids=[Command.set(self.case_barrier_debts.ids)]
        )
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.with_user(self.user_counsellor).action_request()
        self.assertEqual(referral.state, "prepared")
        self._create_consent(self.cat_contact)
        with self.assertRaisesRegex(UserError, "“Debts” is not covered"):
            referral.with_user(self.user_counsellor).action_request()
        self._create_consent(self.cat_debts)
        referral.with_user(self.user_counsellor).action_request()
        self.assertEqual(referral.state, "requested")
        self.assertEqual(referral.requested_date, date(2026, 3, 10))

    def test_request_by_write_and_create_is_checked_too(self):
        referral = self._create_referral()
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.write({"state": "requested"})
        with self.assertRaisesRegex(UserError, "not given any consent"):
            self._create_referral(state="appointment")
        # closing without success shares nothing
        self._create_referral(state="failed", failure_reason="Klientin verzichtet")

    def test_revoked_consent_blocks_request(self):
        consent = self._create_consent(self.cat_contact)
        consent.action_revoke()
        referral = self._create_referral()
        with self.assertRaisesRegex(UserError, "revoked on"):
            referral.action_request()

    def test_state_machine_and_waiting_days(self):
        self._create_consent(self.cat_contact)
        referral = self._create_referral().with_user(self.user_counsellor)
        referral.write({"requested_date": "2026-03-02"})
        referral.action_request()
        self.assertEqual(referral.requested_date, date(2026, 3, 2))
        with self.assertRaisesRegex(UserError, "date of the first appointment"):
            referral.action_appointment()
        referral.first_appointment_date = "2026-03-23"
        referral.action_appointment()
        self.assertEqual(referral.waiting_days, 21)
        referral.action_in_care()
        referral.action_done()
        self.assertEqual(referral.state, "done")
        with self.assertRaisesRegex(UserError, "cannot go from"):
            referral.action_request()
        referral.action_reset()
        self.assertEqual(referral.state, "prepared")

    def test_forbidden_transitions(self):
        self._create_consent(self.cat_contact)
        referral = self._create_referral()
        for state in ("appointment", "in_care", "done", "rejected"):
            with (
                self.subTest(state=state),
                self.assertRaisesRegex(UserError, "cannot go from"),
            ):
                referral.write({"state": state})
        referral.action_request()
        with self.assertRaisesRegex(UserError, "cannot go from"):
            referral.write({"state": "done"})
        referral.action_reject()
        self.assertEqual(referral.state, "rejected")

    def test_failure_needs_reason(self):
        referral = self._create_referral()
        with self.assertRaisesRegex(UserError, "reason"):
            referral.action_fail()
        with self.assertRaisesRegex(ValidationError, "give the reason"):
            referral.write({"state": "failed", "failure_reason": "   "})
        referral.failure_reason = "Klientin ist verzogen"
        referral.action_fail()
        self.assertEqual(referral.state, "failed")

    def test_dates(self):
        with self.assertRaisesRegex(ValidationError, "cannot lie before"):
            self._create_referral(
                requested_date="2026-03-05", first_appointment_date="2026-03-04"
            )
        with self.assertRaisesRegex(ValidationError, "before the request"):
            self._create_referral(
                requested_date="2026-03-05", feedback_date="2026-03-04"
            )

    def test_barriers_of_another_case(self):
        other_case = self._create_other_case(self.user_colleague)
        with self.assertRaisesRegex(ValidationError, "own case"):
            self._create_referral(
                case=other_case, barrier_ids=[Command.set(self.case_barrier_debts.ids)]
            )

    def test_client_is_no_partner(self):
        with self.assertRaisesRegex(ValidationError, "client"):
            self.client.fall_partner_type_id = self.type_debt
        with self.assertRaisesRegex(ValidationError, "client"):
            self._create_referral(partner=self.client)

    def test_only_prepared_referrals_can_be_deleted(self):
        self._create_consent(self.cat_contact)
        prepared = self._create_referral()
        requested = self._create_referral()
        requested.action_request()
        with self.assertRaisesRegex(UserError, "Only prepared referrals"):
            requested.with_user(self.user_counsellor).unlink()
        prepared.with_user(self.user_counsellor).unlink()
        self.assertFalse(prepared.exists())

    def test_followup_cron(self):
        self._create_consent(self.cat_contact)
        Referral = self.env["fall.referral"]
        late = self._create_referral(requested_date="2026-02-24")
        late.action_request()
        recent = self._create_referral(requested_date="2026-02-25")
        recent.action_request()
        answered = self._create_referral(requested_date="2026-02-01")
        answered.action_request()
        answered.feedback = "Termin hat stattgefunden"
        self.assertEqual(answered.feedback_date, date(2026, 3, 10))
        prepared = self._create_referral(requested_date="2026-02-01")
        self.assertEqual(Referral._cron_followup_reminder(), late)
        activity = self._followups(late)
        self.assertEqual(activity.user_id, self.user_counsellor)
        self.assertIn("Test-Schuldnerberatung", activity.summary)
        self.assertEqual(late.followup_date, date(2026, 3, 10))
        self.assertFalse(self._followups(recent | answered | prepared))
        self.assertFalse(Referral._cron_followup_reminder())  # once only
        with freeze_time("2026-03-11 09:00:00"):
            self.assertEqual(Referral._cron_followup_reminder(), recent)
        # the feedback closes the reminder
        late.feedback = "Erstgespräch am 12.3."
        self.assertFalse(self._followups(late))
        self.assertTrue(
            any("feedback has arrived" in message.body for message in late.message_ids)
        )

    def test_followup_days_setting(self):
        self._create_consent(self.cat_contact)
        self._set_param("fallmanagement.referral_followup_days", "30")
        referral = self._create_referral(requested_date="2026-02-24")
        referral.action_request()
        self.assertFalse(self.env["fall.referral"]._cron_followup_reminder())
        self._set_param("fallmanagement.referral_followup_days", "14")
        self.assertEqual(self.env["fall.referral"]._cron_followup_reminder(), referral)

    def test_counts_and_actions(self):
        referral = self._create_referral()
        self.assertEqual(self.case.referral_count, 1)
        self.assertEqual(self.partner_debt.fall_referral_count, 1)
        action = self.case.action_open_referrals()
        self.assertEqual(action["domain"], [("case_id", "=", self.case.id)])
        self.assertEqual(self.env["fall.referral"].search(action["domain"]), referral)
        action = self.partner_debt.action_fall_open_referrals()
        self.assertEqual(self.env["fall.referral"].search(action["domain"]), referral)
        consent = self._create_consent(self.cat_contact)
        self.case.invalidate_recordset(["consent_count"])  # as a reload does
        self.assertEqual(self.case.consent_count, 1)
        action = self.case.action_open_consents()
        self.assertEqual(self.env["fall.consent"].search(action["domain"]), consent)
        self.assertIn("Test-Schuldnerberatung", referral.display_name)
