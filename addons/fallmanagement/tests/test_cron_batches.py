"""Scheduled jobs work in committed batches and remind exactly once."""

from unittest.mock import patch

from odoo.tests import freeze_time, tagged

from .common import FallNetworkCommon

PLAN_REVIEW = "fallmanagement.mail_activity_type_fall_plan_review"


@tagged("post_install", "-at_install")
class TestCronBatches(FallNetworkCommon):
    """Each job as the cron runs it: one batch per call, progress reported."""

    def _run_as_cron(self, xmlid, method, **kwargs):
        """Call ``method`` the way Odoo 18's cron worker does until no record
        is left, and return the number of calls and the records processed."""
        cron = self.env.ref(xmlid)
        calls, processed = 0, []
        while True:
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            model = self.env[cron.model_id.model].with_context(
                ir_cron_progress_id=progress.id
            )
            processed.append(getattr(model, method)(**kwargs))
            calls += 1
            self.assertEqual(progress.done, len(processed[-1]))
            if not progress.remaining:
                return calls, processed
            self.assertLess(calls, 50, "the job never finishes")

    def _review_activities(self, cases):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fall.case"),
                ("res_id", "in", cases.ids),
                ("activity_type_id", "=", self.env.ref(PLAN_REVIEW).id),
            ]
        )

    def _cases_due_for_review(self, count):
        return self.env["fall.case"].concat(
            *(
                self._create_case(
                    self._create_client(self.company_alra, name=f"Klient {i}"),
                    self.user_counsellor,
                    opened_date="2025-06-01",
                )
                for i in range(count)
            )
        )

    def test_plan_review_reminders_in_batches_exactly_once(self):
        cases = self._cases_due_for_review(7) | self.case
        with freeze_time("2026-07-05"):
            calls, batches = self._run_as_cron(
                "fallmanagement.ir_cron_fall_plan_review_reminder",
                "_cron_plan_review_reminder",
                batch_size=3,
            )
        self.assertGreaterEqual(calls, 3, "split into batches of three")
        self.assertTrue(all(len(batch) <= 3 for batch in batches))
        reminded = self.env["fall.case"].concat(*batches)
        self.assertEqual(len(reminded), len(set(reminded.ids)), "each case once")
        self.assertLessEqual(cases, reminded)
        activities = self._review_activities(reminded)
        self.assertEqual(sorted(activities.mapped("res_id")), sorted(reminded.ids))
        self.assertEqual(self._review_activities(cases).user_id, self.user_counsellor)

    def test_killed_batch_loses_nothing(self):
        """A run that dies in a batch: the batches committed before stay, the
        dead batch leaves nothing half-done, the next run does the rest."""
        cases = self._cases_due_for_review(5)
        cron = self.env.ref("fallmanagement.ir_cron_fall_plan_review_reminder")

        def one_batch():
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            return (
                self.env["fall.case"]
                .with_context(ir_cron_progress_id=progress.id)
                ._cron_plan_review_reminder(batch_size=2)
            )

        Activity = type(self.env["mail.activity"])
        with freeze_time("2026-07-05"):
            first = one_batch()  # committed by the cron worker
            with (
                self.assertRaises(MemoryError),
                self.env.cr.savepoint(),  # the worker's rollback
                patch.object(Activity, "create", side_effect=MemoryError("killed")),
            ):
                one_batch()
            self.assertEqual(self._review_activities(cases).mapped("res_id"), [])
            self.assertEqual(len(self._review_activities(first)), len(first))
            _calls, rest = self._run_as_cron(
                "fallmanagement.ir_cron_fall_plan_review_reminder",
                "_cron_plan_review_reminder",
                batch_size=2,
            )
        rest = self.env["fall.case"].concat(*rest)
        self.assertLessEqual(cases, first | rest)
        self.assertFalse(first & rest, "no case twice")
        activities = self._review_activities(cases)
        self.assertEqual(sorted(activities.mapped("res_id")), sorted(cases.ids))

    def test_followup_and_expiry_reminders_in_batches(self):
        self._create_consent(self.cat_contact)
        referrals = self.env["fall.referral"].concat(
            *(self._create_referral(requested_date="2026-02-01") for _ in range(5))
        )
        for referral in referrals:
            referral.action_request()
        calls, batches = self._run_as_cron(
            "fallmanagement.ir_cron_fall_referral_followup_reminder",
            "_cron_followup_reminder",
            batch_size=2,
        )
        self.assertGreaterEqual(calls, 3)
        self.assertEqual(sum(len(batch) for batch in batches), len(referrals))
        for referral in referrals:
            self.assertEqual(len(referral.activity_ids), 1, referral.display_name)

        consents = self.env["fall.consent"].concat(
            *(
                self._create_consent(self.cat_contact, valid_until="2026-03-20")
                for _ in range(4)
            )
        )
        calls, batches = self._run_as_cron(
            "fallmanagement.ir_cron_fall_consent_expiry_reminder",
            "_cron_expiry_reminder",
            batch_size=3,
        )
        reminded = self.env["fall.consent"].concat(*batches)
        self.assertLessEqual(consents, reminded)
        self.assertEqual(len(reminded), len(set(reminded.ids)))
        for consent in consents:
            self.assertEqual(consent.activity_ids.user_id, self.user_counsellor)
