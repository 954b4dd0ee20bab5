"""Write-side integrity of conferences (issue 10, L1): the county writes its
answers on agenda items and its tasks, never companies or cases."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.fallmanagement.tests.common_rpc import (
    DERIVED,
    FIXED,
    RpcMixin,
)

from .common import FallkonferenzCommon


@tagged("post_install", "-at_install")
class TestConferenceWriteIntegrityRpc(RpcMixin, FallkonferenzCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.task = (
            cls.env["fall.conference.task"]
            .with_user(cls.user_county)
            .create(
                {
                    "item_id": cls.item.id,
                    "name": "Zuständigkeit prüfen",
                    "user_id": cls.user_county.id,
                    "date_deadline": date(2026, 3, 24),
                }
            )
            .with_user(cls.env.user)
        )

    def _assert_write_refused(self, user, record, vals, regex):
        fnames = list(vals)
        record.invalidate_recordset()
        before = record.sudo().read(fnames)
        self.assertRefused(user, record._name, "write", record.ids, vals, regex=regex)
        record.invalidate_recordset()
        self.assertEqual(record.sudo().read(fnames), before)

    def test_county_cannot_move_an_agenda_item_to_another_association(self):
        self._assert_write_refused(
            self.user_county, self.item, {"company_id": self.company_aia.id}, DERIVED
        )
        result, _error = self.rpc(
            self.user_counsellor_aia,
            "fall.conference.agenda.item",
            "search_read",
            [("id", "=", self.item.id)],
            fields=["case_customer_number", "case_contact_hours"],
        )
        self.assertFalse(result, "AiA reads the ALRA item")
        for vals in (
            {"case_name": "TAIA-2026-0001"},
            {"conference_start": "2030-01-01 08:00:00"},
        ):
            self._assert_write_refused(self.user_county, self.item, vals, DERIVED)

    def test_county_cannot_move_its_task_to_another_case(self):
        for vals in (
            {"case_id": self.case_aia.id},
            {"company_id": self.company_aia.id},
            {"conference_id": self._create_conference(self.user_county).id},
        ):
            with self.subTest(field=next(iter(vals))):
                self._assert_write_refused(self.user_county, self.task, vals, DERIVED)
        self._assert_write_refused(
            self.user_county, self.task, {"item_id": self.item_aia.id}, FIXED
        )
        # the decision then lands where it belongs, not in the AiA case
        self.item.result = "Zuständigkeit wird geprüft"
        self.assertAllowed(
            self.user_county,
            "fall.conference.agenda.item",
            "action_record_decision",
            self.item.ids,
        )
        self.assertEqual(self.task.state, "created")
        self.assertEqual(self.task.activity_id.res_model, self.item._name)
        self.assertEqual(self.task.activity_id.res_id, self.item.id)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "fall.case"), ("res_id", "=", self.case_aia.id)]
        )
        self.assertFalse(activities.filtered(lambda a: a.summary == self.task.name))

    def test_county_cannot_create_a_task_in_another_association(self):
        Task = self.env["fall.conference.task"]
        count = Task.search_count([])
        self.assertRefused(
            self.user_county,
            "fall.conference.task",
            "create",
            [
                {
                    "item_id": self.item.id,
                    "name": "Task",
                    "user_id": self.user_county.id,
                    "company_id": self.company_aia.id,
                }
            ],
            regex=DERIVED,
        )
        self.assertRefused(
            self.user_county,
            "fall.conference.task",
            "create",
            [
                {
                    "item_id": self.item.id,
                    "name": "Task",
                    "user_id": self.user_county.id,
                    "case_id": self.case_aia.id,
                }
            ],
            regex=DERIVED,
        )
        self.assertEqual(Task.search_count([]), count)

    def test_county_writes_its_answers_and_tasks(self):
        self.assertAllowed(
            self.user_county,
            "fall.conference.agenda.item",
            "write",
            self.item.ids,
            {"result": "Besprochen", "decision": "Weiter wie geplant"},
        )
        self.assertEqual(self.item.decision, "Weiter wie geplant")
        self.assertAllowed(
            self.user_county,
            "fall.conference.task",
            "write",
            self.task.ids,
            {"name": "Zuständigkeit klären", "date_deadline": "2026-03-31"},
        )
        self.assertEqual(self.task.name, "Zuständigkeit klären")
        result = self.assertAllowed(
            self.user_county,
            "fall.conference.task",
            "create",
            [
                {
                    "item_id": self.item.id,
                    "name": "Rückmeldung",
                    "user_id": self.user_county.id,
                }
            ],
        )
        self.assertEqual(
            self.env["fall.conference.task"].browse(result).case_id, self.case
        )

    def test_county_cannot_create_or_relink_agenda_items(self):
        """Access rights and the case check: the county puts no case on an
        agenda and moves no item to another case or conference."""
        self.assertRefused(
            self.user_county,
            "fall.conference.agenda.item",
            "create",
            [{"conference_id": self.conference.id, "case_id": self.case_aia.id}],
            regex=r".",
        )
        for vals in (
            {"case_id": self.case_aia.id},
            {"conference_id": self._create_conference(self.user_county).id},
        ):
            self._assert_write_refused(self.user_county, self.item, vals, r".")


@tagged("post_install", "-at_install")
class TestConferenceCheckCompany(FallkonferenzCommon):
    def test_presenter_of_another_association_is_refused(self):
        with self.assertRaisesRegex(UserError, ""):
            self.item.write({"presenter_id": self.user_counsellor_aia.id})
