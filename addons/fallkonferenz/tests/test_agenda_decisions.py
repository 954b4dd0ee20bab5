from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestAgendaDecisions(FallkonferenzCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal = cls.env["fall.goal"].create(
            {"case_id": cls.case.id, "name": "Schulden regulieren"}
        )
        cls.activity_type = cls.env.ref(
            "fallkonferenz.mail_activity_type_conference_task"
        )

    def _record(self, item, user, **vals):
        item = item.with_user(user)
        item.write({"result": "Beratungsbedarf bestätigt", **vals})
        item.action_record_decision()
        return item

    def test_agenda_item_defaults_and_time_slots(self):
        self.assertEqual(self.item.presenter_id, self.user_counsellor)
        self.assertEqual(self.item.company_id, self.company_alra)
        self.assertEqual(self.item.case_name, self.case.name)
        self.assertEqual(self.item.time_slot, "09:00–09:15")
        self.assertEqual(self.item_aia.time_slot, "09:15–09:30")
        self.item.duration = 0.5
        self.assertEqual(self.item_aia.time_slot, "09:30–09:45")
        self.assertEqual(
            self.conference.association_ids, self.company_alra | self.company_aia
        )

    def test_counsellor_adds_only_own_cases(self):
        conference = self._create_conference(self.user_county)
        # the conference is invisible to the counsellor: no cases on it
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._add_item(conference, self.case, self.user_counsellor)
        conference.association_ids = self.company_alra
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._add_item(conference, self.case_aia, self.user_counsellor)
        self._add_item(conference, self.case, self.user_counsellor)
        self.assertEqual(conference.agenda_item_ids.case_id, self.case)

    def test_county_cannot_put_cases_on_agenda(self):
        conference = self._create_conference(self.user_county)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._add_item(conference, self.case, self.user_county)

    def test_county_cannot_relink_items(self):
        """Moving an item would widen what the county sees."""
        other = self._create_conference(self.user_county)
        case = self._create_other_case(self.user_counsellor)
        for vals in ({"case_id": case.id}, {"conference_id": other.id}):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.item.with_user(self.user_county).write(vals)

    def test_same_case_only_once_per_conference(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._add_item(self.conference, self.case, self.user_counsellor)

    def test_decision_creates_activity_in_case(self):
        self.item.task_ids = [
            (
                0,
                0,
                {
                    "name": "Termin bei der Schuldnerberatung vereinbaren",
                    "user_id": self.user_counsellor.id,
                    "date_deadline": date(2026, 3, 24),
                },
            )
        ]
        self.case.fall_conference_flag = True
        self._record(
            self.item,
            self.user_counsellor,
            decision="Vermittlung an die Schuldnerberatung",
        )
        self.assertEqual(self.item.state, "decided")
        task = self.item.task_ids
        self.assertEqual(task.state, "created")
        activity = task.activity_id
        self.assertEqual(activity.res_model, "fall.case")
        self.assertEqual(activity.res_id, self.case.id)
        self.assertEqual(activity.activity_type_id, self.activity_type)
        self.assertEqual(activity.user_id, self.user_counsellor)
        self.assertEqual(activity.date_deadline, date(2026, 3, 24))
        self.assertIn('data-oe-model="fall.conference"', activity.note)
        self.assertIn(f'data-oe-id="{self.conference.id}"', activity.note)
        note = self.case.message_ids.filtered(
            lambda m: "Vermittlung an die Schuldnerberatung" in (m.body or "")
        )
        self.assertTrue(note, "the decision is logged in the case")
        self.assertIn("Termin bei der Schuldnerberatung vereinbaren", note.body)
        self.assertFalse(self.case.fall_conference_flag, "the flag has served")

    def test_decision_creates_plan_step(self):
        form = Form(self.item.with_user(self.user_counsellor))
        with form.task_ids.new() as task:
            task.name = "Unterlagen für die Schuldnerberatung sammeln"
            task.kind = "step"
            task.goal_id = self.goal
            task.date_deadline = date(2026, 3, 31)
        form.result = "Schuldnerberatung einschalten"
        item = form.save()
        item.action_record_decision()
        step = item.task_ids.step_id
        self.assertEqual(step.goal_id, self.goal)
        self.assertEqual(step.case_id, self.case)
        self.assertEqual(step.due_date, date(2026, 3, 31))
        self.assertEqual(step.owner, "counsellor")
        self.assertEqual(step.fall_conference_id, self.conference)
        self.assertIn(step, self.case.step_ids)

    def test_plan_step_needs_goal_of_the_case(self):
        goal_other = self.env["fall.goal"].create(
            {
                "case_id": self._create_other_case(self.user_counsellor).id,
                "name": "Anderes Ziel",
            }
        )
        Task = self.env["fall.conference.task"]
        with self.assertRaises(ValidationError):
            Task.create({"item_id": self.item.id, "name": "Schritt", "kind": "step"})
        with self.assertRaises(ValidationError):
            Task.create(
                {
                    "item_id": self.item.id,
                    "name": "Schritt",
                    "kind": "step",
                    "goal_id": goal_other.id,
                }
            )

    def test_county_records_decision_without_case_access(self):
        self.item.task_ids = [
            (0, 0, {"name": "Hilfeplan anpassen", "user_id": self.user_counsellor.id}),
            (0, 0, {"name": "Zuständigkeit prüfen", "user_id": self.user_county.id}),
        ]
        self._record(self.item, self.user_county)
        for_counsellor, for_county = self.item.task_ids.sorted("id")
        self.assertEqual(for_counsellor.activity_id.res_model, "fall.case")
        # the county user cannot open the case: the task lands on the agenda
        # item, which the other association does not see
        activity = for_county.activity_id
        self.assertEqual(activity.res_model, "fall.conference.agenda.item")
        self.assertEqual(activity.res_id, self.item.id)
        self.assertEqual(activity.res_name, self.case.name)
        Activity = self.env["mail.activity"]
        self.assertIn(activity, Activity.with_user(self.user_county).search([]))
        self.assertNotIn(
            activity, Activity.with_user(self.user_counsellor_aia).search([])
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.case.with_user(self.user_county).read(["name"])

    def test_tasks_created_in_batches(self):
        """Activities are created per document model, not per task."""
        self.item.task_ids = [
            (0, 0, {"name": "Hilfeplan anpassen", "user_id": self.user_counsellor.id}),
            (0, 0, {"name": "Termin klären", "user_id": self.user_counsellor.id}),
            (0, 0, {"name": "Zuständigkeit prüfen", "user_id": self.user_county.id}),
        ]
        MailActivity = type(self.env["mail.activity"])
        original = MailActivity.create
        batches = []

        def create(activities, vals_list):
            batches.append(sorted(vals["summary"] for vals in vals_list))
            return original(activities, vals_list)

        with patch.object(MailActivity, "create", create):
            self._record(self.item, self.user_counsellor)
        self.assertEqual(
            batches,
            [["Hilfeplan anpassen", "Termin klären"], ["Zuständigkeit prüfen"]],
        )
        first, second, county = self.item.task_ids.sorted("id")
        self.assertEqual(first.activity_id.summary, "Hilfeplan anpassen")
        self.assertEqual(second.activity_id.summary, "Termin klären")
        self.assertEqual(
            (first | second).activity_id.mapped("res_id"), self.case.ids * 2
        )
        self.assertEqual(county.activity_id.res_model, "fall.conference.agenda.item")
        self.assertEqual(county.activity_id.user_id, self.user_county)
        self.assertEqual(set(self.item.task_ids.mapped("state")), {"created"})

    def test_record_decision_needs_a_result(self):
        with self.assertRaises(UserError):
            self.item.action_record_decision()
        self.item.action_postpone()
        self.assertEqual(self.item.state, "postponed")

    def test_close_only_when_every_item_has_a_result(self):
        conference = self.conference.with_user(self.user_county)
        with self.assertRaises(UserError) as error:
            conference.action_done()
        self.assertIn(self.case.name, str(error.exception))
        self.assertIn(self.case_aia.name, str(error.exception))
        self._record(self.item, self.user_county)
        self.item_aia.with_user(self.user_county).state = "noted"
        conference.action_done()
        self.assertEqual(conference.state, "done")
        # the agenda of a held conference is closed
        case = self._create_other_case(self.user_counsellor)
        with self.assertRaises(UserError):
            self._add_item(self.conference, case, self.user_counsellor)
        with self.assertRaises(UserError):
            self.conference.action_cancel()

    def test_close_is_checked_across_associations(self):
        """An ALRA organiser cannot close while an AiA item is open."""
        self._record(self.item, self.user_counsellor)
        with self.assertRaises(UserError) as error:
            self.conference.with_user(self.user_counsellor).action_done()
        self.assertIn("1", str(error.exception))

    def test_time_slot_while_planning(self):
        form = Form(self.env["fall.conference"].with_user(self.user_counsellor))
        form.name = "Fallkonferenz April"
        form.start = "2026-04-14 07:00:00"
        with form.agenda_item_ids.new() as line:
            line.case_id = self.case
            self.assertEqual(line.time_slot, "09:00–09:15")
        conference = form.save()
        self.assertEqual(conference.agenda_item_ids.time_slot, "09:00–09:15")
