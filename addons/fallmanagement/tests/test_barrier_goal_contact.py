"""Barriers, goals and steps of the cooperation plan, counselling contacts."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from .common import FallmanagementCommon


@tagged("post_install", "-at_install")
class TestBarrier(FallmanagementCommon):
    @users("fm_counsellor")
    def test_resolved_before_since_is_refused(self):
        Barrier = self.env["fall.case.barrier"]
        with self.assertRaisesRegex(ValidationError, "cannot be resolved"):
            Barrier.create(
                {
                    "case_id": self.case.id,
                    "barrier_type_id": self.barrier_debts.id,
                    "since_date": "2025-06-01",
                    "resolved_date": "2025-05-31",
                }
            )
        self.assertFalse(Barrier.search([("case_id", "=", self.case.id)]))
        barrier = Barrier.create(
            {
                "case_id": self.case.id,
                "barrier_type_id": self.barrier_debts.id,
                "since_date": "2025-06-01",
            }
        )
        with self.assertRaises(ValidationError):
            barrier.write({"resolved_date": "2025-01-01", "severity_current": "0"})
        barrier.invalidate_recordset()
        self.assertFalse(barrier.resolved_date)
        self.assertEqual(barrier.severity_current, "2")
        barrier.resolved_date = "2025-06-01"  # the same day is fine
        self.assertEqual(barrier.resolved_date, date(2025, 6, 1))

    def test_duplicate_barrier_per_case_is_refused(self):
        self._create_barrier(self.case, self.barrier_debts)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._create_barrier(self.case, self.barrier_debts)
            self.env.flush_all()
        # the same barrier on another case is fine
        self.assertTrue(self._create_barrier(self.case_aia, self.barrier_debts))

    def test_barrier_is_reduced(self):
        barrier = self._create_barrier(
            self.case, self.barrier_debts, severity_intake="3", severity_current="3"
        )
        self.assertFalse(barrier.is_reduced)
        barrier.severity_current = "1"
        self.assertTrue(barrier.is_reduced)
        barrier.severity_current = "0"
        self.assertTrue(barrier.is_reduced)
        barrier.severity_intake = "0"
        self.assertFalse(barrier.is_reduced)
        reduced = self.env["fall.case.barrier"].search(
            [("case_id", "=", self.case.id), ("is_reduced", "=", True)]
        )
        self.assertFalse(reduced, "is_reduced is stored and searchable")

    def test_barrier_takes_sensitivity_of_its_type(self):
        debts = self._create_barrier(self.case, self.barrier_debts)
        addiction = self._create_barrier(self.case, self.barrier_addiction)
        self.assertFalse(debts.is_sensitive)
        self.assertTrue(addiction.is_sensitive)
        self.assertEqual(addiction.display_name, "Addiction")
        self.assertEqual(debts.company_id, self.company_alra)

    @users("fm_counsellor")
    def test_resolved_date_onchange_clears_severity(self):
        self._create_barrier(self.case, self.barrier_debts, severity_current="3")
        case = self.env["fall.case"].browse(self.case.id)
        with Form(case) as case_form, case_form.barrier_ids.edit(0) as line:
            self.assertEqual(line.severity_current, "3")
            line.resolved_date = date(2026, 2, 1)
            self.assertEqual(line.severity_current, "0")
        barrier = self.case.barrier_ids
        self.assertEqual(barrier.severity_current, "0")
        self.assertTrue(barrier.is_reduced)

    @users("fm_counsellor")
    def test_add_barrier_in_case_form(self):
        case = self.env["fall.case"].browse(self.case.id)
        with Form(case) as case_form, case_form.barrier_ids.new() as line:
            line.barrier_type_id = self.barrier_addiction
            line.severity_intake = "3"
        self.assertEqual(self.case.barrier_ids.barrier_type_id, self.barrier_addiction)
        self.assertTrue(self.case.barrier_ids.is_sensitive)


@tagged("post_install", "-at_install")
class TestGoalAndStep(FallmanagementCommon):
    @users("fm_counsellor")
    def test_partner_step_without_partner_is_refused(self):
        goal = self._create_goal(self.case)
        Step = self.env["fall.goal.step"]
        with self.assertRaisesRegex(ValidationError, "partner organisation"):
            Step.create({"goal_id": goal.id, "name": "Debt plan", "owner": "partner"})
        self.assertFalse(goal.step_ids)
        step = Step.create({"goal_id": goal.id, "name": "Debt plan"})
        with self.assertRaises(ValidationError):
            step.write({"owner": "partner"})
        step.invalidate_recordset()
        self.assertEqual(step.owner, "client")
        service = self.env["res.partner"].create(
            {"name": "Schuldnerberatung", "is_company": True}
        )
        step.write({"owner": "partner", "partner_id": service.id})
        self.assertEqual(step.partner_id, service)

    def test_step_progress(self):
        goal = self._create_goal(self.case)
        self.assertEqual(goal.step_progress, 0.0)
        steps = [self._create_step(goal, name=f"Step {i}") for i in range(4)]
        self.assertEqual(goal.step_progress, 0.0)
        steps[0].state = "done"
        self.assertEqual(goal.step_progress, 25.0)
        steps[1].state = "done"
        steps[2].state = "cancelled"  # cancelled steps do not count
        self.assertAlmostEqual(goal.step_progress, 200 / 3)
        steps[3].state = "done"
        self.assertEqual(goal.step_progress, 100.0)

    def test_step_belongs_to_case_of_its_goal(self):
        goal = self._create_goal(self.case)
        step = self._create_step(goal)
        self.assertEqual(step.case_id, self.case)
        self.assertEqual(step.company_id, self.company_alra)
        self.assertEqual(self.case.step_ids, step)

    @freeze_time("2026-03-01")
    def test_step_is_overdue(self):
        goal = self._create_goal(self.case)
        late = self._create_step(goal, name="Late", due_date="2026-02-28")
        today = self._create_step(goal, name="Today", due_date="2026-03-01")
        done = self._create_step(goal, name="Done", due_date="2026-02-01", state="done")
        undated = self._create_step(goal, name="Undated")
        self.assertTrue(late.is_overdue)
        self.assertFalse(today.is_overdue)
        self.assertFalse(done.is_overdue)
        self.assertFalse(undated.is_overdue)


@tagged("post_install", "-at_install")
class TestContact(FallmanagementCommon):
    @users("fm_counsellor")
    def test_contact_duration_must_lie_within_a_day(self):
        Contact = self.env["fall.contact"]
        for duration in (0.0, -1.0, 24.25):
            with (
                self.subTest(duration=duration),
                self.assertRaisesRegex(ValidationError, "between 0 and 24 hours"),
            ):
                Contact.create(
                    {
                        "case_id": self.case.id,
                        "date": "2026-02-01",
                        "duration": duration,
                    }
                )
        self.assertFalse(Contact.search([("case_id", "=", self.case.id)]))
        contact = Contact.create(
            {"case_id": self.case.id, "date": "2026-02-01", "duration": 24.0}
        )
        with self.assertRaises(ValidationError):
            contact.write({"duration": 0.0, "note": "half written"})
        contact.invalidate_recordset()
        self.assertEqual(contact.duration, 24.0)
        self.assertFalse(contact.note)
        self.assertEqual(self.case.contact_hours, 24.0)

    @users("fm_counsellor")
    @freeze_time("2026-03-01")
    def test_contact_in_the_future_is_refused(self):
        Contact = self.env["fall.contact"]
        with self.assertRaisesRegex(ValidationError, "Date: .* plausible"):
            Contact.create({"case_id": self.case.id, "date": "2026-03-02"})
        contact = Contact.create({"case_id": self.case.id})
        self.assertEqual(contact.date, date(2026, 3, 1))
        self.assertEqual(contact.user_id, self.user_counsellor)
        self.assertEqual(contact.client_id, self.client)

    def test_contact_hours_include_confidential_contacts(self):
        self.assertEqual(self.case.contact_hours, 0.0)
        first = self._create_contact(self.case, duration=1.5)
        self._create_contact(self.case, duration=0.75, is_confidential=True)
        self._create_contact(self.case_aia, duration=2.0)
        self.assertEqual(self.case.contact_hours, 2.25)
        first.duration = 0.5
        self.assertEqual(self.case.contact_hours, 1.25)
        first.unlink()
        self.assertEqual(self.case.contact_hours, 0.75)
        self.assertEqual(self.case_aia.contact_hours, 2.0)

    @users("fm_colleague")
    def test_colleague_contact_keeps_hidden_contacts_in_hours(self):
        """A colleague records a contact in the case form.

        The form reads the contacts with his rights, without the confidential
        one; the stored total must still include it.
        """
        self._create_contact(self.case, duration=0.5, is_confidential=True)
        self._create_contact(self.case, duration=1.0)
        self.env.invalidate_all()  # a new request: nothing read as superuser yet
        case = self.env["fall.case"].browse(self.case.id)
        with Form(case) as case_form:
            self.assertEqual(len(case_form.contact_ids), 1)
            with case_form.contact_ids.new() as line:
                line.date = date(2026, 2, 3)
                line.duration = 2.0
        self.assertEqual(len(case.contact_ids), 2)
        self.assertEqual(case.contact_hours, 3.5)
        self.env.invalidate_all()
        self.assertEqual(case.contact_hours, 3.5, "stored as 3.5")
