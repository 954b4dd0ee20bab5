from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import FallNetworkCommon


@tagged("post_install", "-at_install")
class TestAuthorityMatter(FallNetworkCommon):
    def _deadline_activities(self, matter):
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_objection_deadline"
        )
        return matter.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_notification_and_deadline(self):
        matter = self._create_matter(
            decision_date="2026-03-02", posted_date="2026-03-04"
        )
        # Sunday 8 March counts (not moved); deadline Wednesday 8 April
        self.assertEqual(matter.notification_date, date(2026, 3, 8))
        self.assertEqual(matter.objection_deadline, date(2026, 4, 8))
        self.assertFalse(matter.is_notification_estimated)
        self.assertEqual(matter.company_id, self.company_alra)
        self.assertEqual(matter.user_id, self.user_counsellor)

    def test_decision_date_stands_in_for_unknown_posting(self):
        matter = self._create_matter(decision_date="2026-03-05")
        self.assertTrue(matter.is_notification_estimated)
        self.assertEqual(matter.notification_date, date(2026, 3, 9))
        matter.posted_date = "2026-03-06"
        self.assertFalse(matter.is_notification_estimated)
        self.assertEqual(matter.notification_date, date(2026, 3, 10))
        self.assertEqual(matter.objection_deadline, date(2026, 4, 10))

    def test_late_receipt_moves_notification(self):
        matter = self._create_matter(
            decision_date="2026-01-27",
            posted_date="2026-01-27",
            received_date="2026-01-31",
        )
        # Fourth day is 31 January anyway; deadline 28 Feb (Sat) -> 2 March
        self.assertEqual(matter.objection_deadline, date(2026, 3, 2))
        matter.received_date = "2026-02-05"
        self.assertEqual(matter.notification_date, date(2026, 2, 5))
        self.assertEqual(matter.objection_deadline, date(2026, 3, 5))

    def test_notification_days_setting(self):
        self._set_param("fallmanagement.notification_days", "3")
        matter = self._create_matter(decision_date="2026-03-05")
        self.assertEqual(matter.notification_date, date(2026, 3, 8))
        self._set_param("fallmanagement.notification_days", "not a number")
        other = self._create_matter(decision_date="2026-03-05")
        self.assertEqual(other.notification_date, date(2026, 3, 9))

    def test_missing_instruction_on_legal_remedies(self):
        matter = self._create_matter(
            decision_date="2026-03-02", posted_date="2026-03-02"
        )
        self.assertEqual(matter.objection_deadline, date(2026, 4, 7))
        matter.no_legal_remedy_instruction = True
        # 6 March 2027 is a Saturday
        self.assertEqual(matter.objection_deadline, date(2027, 3, 8))

    def test_posted_before_dated(self):
        with self.assertRaisesRegex(ValidationError, "posted .* before the date"):
            self._create_matter(decision_date="2026-03-05", posted_date="2026-03-04")

    def test_received_before_sent(self):
        with self.assertRaisesRegex(ValidationError, "cannot have arrived"):
            self._create_matter(
                decision_date="2026-03-02",
                posted_date="2026-03-04",
                received_date="2026-03-03",
            )
        with self.assertRaisesRegex(ValidationError, "cannot have arrived"):
            self._create_matter(decision_date="2026-03-02", received_date="2026-03-01")

    def test_received_in_future(self):
        with self.assertRaisesRegex(ValidationError, "Received On: .* plausible"):
            self._create_matter(decision_date="2026-03-02", received_date="2026-03-11")

    def test_decision_before_application(self):
        with self.assertRaisesRegex(ValidationError, "older than the application"):
            self._create_matter(submitted_date="2026-03-02", decision_date="2026-03-01")
        # A decision notice without an application of ours may be older
        matter = self._create_matter(
            matter_type="decision",
            submitted_date="2026-03-02",
            decision_date="2026-03-01",
        )
        self.assertTrue(matter)

    def test_objection_needs_decision_and_filing_date(self):
        matter = self._create_matter(submitted_date="2026-02-02")
        with self.assertRaisesRegex(ValidationError, "no decision to object to"):
            matter.objection_state = "filed"
        matter.decision_date = "2026-03-02"
        with self.assertRaisesRegex(ValidationError, "date on which the objection"):
            matter.objection_state = "filed"
        with self.assertRaisesRegex(ValidationError, "before the decision"):
            matter.write(
                {"objection_state": "filed", "objection_filed_date": "2026-03-01"}
            )
        matter.write({"objection_state": "filed", "objection_filed_date": "2026-03-09"})
        with self.assertRaisesRegex(ValidationError, "decided before it was filed"):
            matter.write(
                {"objection_state": "rejected", "objection_decision_date": "2026-03-08"}
            )

    def test_sensitive_kinds(self):
        self.assertFalse(self._create_matter().is_sensitive)
        self.assertTrue(self._create_matter(kind="disability").is_sensitive)
        self.assertTrue(self._create_matter(kind="health_insurance").is_sensitive)
        self.assertTrue(
            self._create_matter(kind="pension", is_sensitive=True).is_sensitive
        )

    def test_deadline_reminder_follows_deadline(self):
        matter = self._create_matter(submitted_date="2026-02-02")
        self.assertFalse(self._deadline_activities(matter))
        matter.write({"decision_date": "2026-03-02", "posted_date": "2026-03-02"})
        activity = self._deadline_activities(matter)
        self.assertEqual(len(activity), 1)
        # Deadline 7 April (Monday 6 April is Easter Monday); reminder 7 days before
        self.assertEqual(activity.date_deadline, date(2026, 3, 31))
        self.assertEqual(activity.user_id, self.user_counsellor)
        self.assertIn("04/07/2026", activity.summary)
        matter.received_date = "2026-03-09"
        self.assertEqual(matter.objection_deadline, date(2026, 4, 9))
        self.assertEqual(self._deadline_activities(matter), activity)
        self.assertEqual(activity.date_deadline, date(2026, 4, 2))
        matter.objection_state = "waived"
        self.assertFalse(activity.exists())

    def test_deadline_reminder_days_setting_and_short_deadlines(self):
        self._set_param("fallmanagement.deadline_reminder_days", "3")
        matter = self._create_matter(
            decision_date="2026-03-02", posted_date="2026-03-02"
        )
        self.assertEqual(
            self._deadline_activities(matter).date_deadline, date(2026, 4, 4)
        )
        self._set_param("fallmanagement.deadline_reminder_days", "60")
        matter.posted_date = "2026-03-03"
        # never due before today
        self.assertEqual(
            self._deadline_activities(matter).date_deadline, date(2026, 3, 10)
        )

    def test_no_reminder_for_past_deadlines(self):
        matter = self._create_matter(
            decision_date="2026-01-05", posted_date="2026-01-05"
        )
        self.assertEqual(matter.objection_deadline, date(2026, 2, 9))
        self.assertFalse(self._deadline_activities(matter))

    def test_no_reminder_once_objection_filed(self):
        matter = self._create_matter(
            decision_date="2026-03-02",
            posted_date="2026-03-02",
            objection_state="filed",
            objection_filed_date="2026-03-09",
        )
        self.assertFalse(self._deadline_activities(matter))

    @freeze_time("2026-04-20 09:00:00")
    def test_overdue_filter_domain(self):
        running = self._create_matter(
            decision_date="2026-04-01", posted_date="2026-04-01"
        )
        overdue = self._create_matter(
            decision_date="2026-02-02",
            posted_date="2026-02-02",
            objection_state="planned",
        )
        waived = self._create_matter(
            decision_date="2026-02-02",
            posted_date="2026-02-02",
            objection_state="waived",
        )
        Matter = self.env["fall.authority.matter"]
        today = date(2026, 4, 20)
        found = Matter.search(
            [
                ("objection_deadline", "<", today),
                ("objection_state", "in", ("none", "planned")),
                ("case_id", "=", self.case.id),
            ]
        )
        self.assertEqual(found, overdue)
        self.assertNotIn(waived, found)
        self.assertNotIn(running, found)

    def test_form_on_case(self):
        with Form(
            self.env["fall.authority.matter"].with_user(self.user_counsellor)
        ) as form:
            form.name = "Wohngeldantrag"
            form.case_id = self.case
            form.authority_id = self.authority
            form.kind = "disability"
            self.assertTrue(form.is_sensitive)
            form.kind = "housing_benefit"
            self.assertFalse(form.is_sensitive)
            form.decision_date = date(2026, 3, 2)
        matter = form.record
        self.assertEqual(matter.objection_deadline, date(2026, 4, 7))
        self.assertEqual(self.case.authority_matter_count, 1)
