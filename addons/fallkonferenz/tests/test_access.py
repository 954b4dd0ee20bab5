import base64
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.fallmanagement.models.fall_case import FALL_COUNTY_FIELDS

from .common import NOW, FallkonferenzCommon

SUMMARY = [
    "case_name",
    "company_id",
    "case_stage_id",
    "case_user_id",
    "case_customer_number",
    "case_assignment_date",
    "case_info_visible",
]


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestCountyAccess(FallkonferenzCommon):
    """County staff: their conferences, and of the cases only a summary."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case.assignment_date = "2026-01-10"
        cls.consent = cls._grant_county_consent(cls.client, ["customer_number"])
        cls.case.message_post(body="Vertraulich: Suchtproblematik besprochen")
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "Bescheid.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 Bescheid"),
                "res_model": "fall.case",
                "res_id": cls.case.id,
            }
        )
        # a case the county never sees: not on any agenda
        cls.case_other = cls._create_other_case(cls.user_colleague)
        # a conference the county user does not take part in
        cls.conference_other = cls._create_conference(
            cls.user_county_other,
            participant_user_ids=[Command.set(cls.user_counsellor.ids)],
        )
        cls._add_item(cls.conference_other, cls.case_other, cls.user_counsellor)
        # exporting is a right of its own (base.group_allow_export)
        cls.user_county.groups_id = [
            Command.link(cls.env.ref("base.group_allow_export").id)
        ]

    @users("fm_county")
    def test_county_sees_only_its_conferences(self):
        Conference = self.env["fall.conference"]
        self.assertEqual(Conference.search([]), self.conference)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Conference.browse(self.conference_other.id).read(["name"])
        groups = Conference.read_group([], ["state"], ["state"])
        self.assertEqual(sum(g["state_count"] for g in groups), 1)
        self.assertEqual(
            [name for _id, name in Conference.name_search("Fallkonferenz")],
            [self.conference.name],
        )

    @users("fm_county")
    def test_county_has_no_access_to_case_records(self):
        Case = self.env["fall.case"]
        case = Case.browse(self.case.id)
        calls = [
            lambda: Case.search([]),
            lambda: Case.search_count([]),
            lambda: case.read(["name"]),
            lambda: Case.read_group([], ["stage_id"], ["stage_id"]),
            lambda: Case.name_search(self.case.name),
            lambda: case.export_data(["name"]),
            lambda: Case.web_search_read([], {"name": {}}),
            lambda: case.web_read({"name": {}}),
            lambda: case.write({"review_date": "2026-04-01"}),
        ]
        for call in calls:
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                call()

    @users("fm_county")
    def test_county_sees_case_summary_on_agenda(self):
        items = self.env["fall.conference.agenda.item"].search([])
        self.assertEqual(items, self.item | self.item_aia)
        [values] = (
            self.env["fall.conference.agenda.item"].browse(self.item.id).read(SUMMARY)
        )
        self.assertEqual(values["case_name"], self.case.name)
        self.assertEqual(values["case_stage_id"][0], self.case.stage_id.id)
        self.assertEqual(values["case_user_id"][1], "Anna Beraterin")
        self.assertEqual(values["case_customer_number"], "K-1001")
        self.assertEqual(str(values["case_assignment_date"]), "2026-01-10")
        self.assertTrue(values["case_info_visible"])
        # no field of the item leads to the client
        all_values = str(items.read([]))
        self.assertNotIn(self.client.name, all_values)
        self.assertNotIn(self.client_aia.name, all_values)

    def test_county_summary_ends_after_the_access_period(self):
        item = self.item.with_user(self.user_county)
        with freeze_time("2026-04-09 20:00:00"):  # 22:00 German time, day 30
            item.invalidate_recordset()
            self.assertTrue(item.case_info_visible)
            self.assertEqual(item.case_customer_number, "K-1001")
        with freeze_time("2026-04-10 08:00:00"):
            item.invalidate_recordset()
            self.assertFalse(item.case_info_visible)
            [values] = item.read(SUMMARY)
            self.assertEqual(values["case_name"], self.case.name)
            self.assertFalse(values["case_stage_id"])
            self.assertFalse(values["case_customer_number"])
            self.assertFalse(values["case_assignment_date"])
            # counsellors of the association keep seeing it
            counsellor_item = self.item.with_user(self.user_counsellor)
            counsellor_item.invalidate_recordset()
            self.assertEqual(counsellor_item.case_customer_number, "K-1001")

    def test_access_period_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "fallkonferenz.county_access_days", "60"
        )
        with freeze_time("2026-05-01 08:00:00"):
            item = self.item.with_user(self.user_county)
            item.invalidate_recordset()
            self.assertTrue(item.case_info_visible)
            self.assertEqual(str(self.conference.county_access_until), "2026-05-09")

    def test_cancelled_conference_grants_nothing(self):
        self.conference.action_cancel()
        item = self.item.with_user(self.user_county)
        item.invalidate_recordset()
        self.assertFalse(item.case_info_visible)
        self.assertFalse(item.case_stage_id)

    def test_client_consent_decides_the_client_data(self):
        """Process data for every agenda case, client data only with consent."""
        item_aia = self.item_aia.with_user(self.user_county)
        # no consent of the AiA client: the process data only
        self.assertTrue(item_aia.case_info_visible)
        self.assertEqual(item_aia.case_stage_id, self.case_aia.stage_id)
        self.assertEqual(item_aia.case_user_id, self.user_counsellor_aia)
        self.assertFalse(item_aia.case_contact_hours)
        self.env["fall.contact"].create(
            {"case_id": self.case_aia.id, "date": "2026-02-02", "duration": 1.5}
        )
        # a consent without the customer number shows the outcome and hours
        self.client_aia.fall_customer_number = "K-2002"
        consent = self._grant_county_consent(self.client_aia, ["debts"])
        item_aia.invalidate_recordset()
        self.assertEqual(item_aia.case_contact_hours, 1.5)
        self.assertFalse(item_aia.case_customer_number)
        # revoked: back to the process data
        consent.action_revoke()
        item_aia.invalidate_recordset()
        self.assertFalse(item_aia.case_contact_hours)
        self.assertEqual(item_aia.case_stage_id, self.case_aia.stage_id)
        # the ALRA client's consent covers the customer number
        self.assertEqual(
            self.item.with_user(self.user_county).case_customer_number, "K-1001"
        )

    def test_visible_fields_are_decided_per_case(self):
        """One method decides per case; the agenda item only applies it."""
        original = type(self.env["fall.case"])._fall_county_visible_fields

        def without_stage(cases):
            result = original(cases)
            result[self.case.id] = result[self.case.id] - {"stage_id"}
            return result

        with patch.object(
            type(self.env["fall.case"]), "_fall_county_visible_fields", without_stage
        ):
            item = self.item.with_user(self.user_county)
            item.invalidate_recordset()
            self.assertFalse(item.case_stage_id)
            self.assertEqual(item.case_customer_number, "K-1001")
        self.assertNotIn("client_id", FALL_COUNTY_FIELDS)
        self.assertNotIn("barrier_ids", FALL_COUNTY_FIELDS)
        self.assertNotIn("closure_note", FALL_COUNTY_FIELDS)

    @users("fm_county")
    def test_county_item_paths(self):
        Item = self.env["fall.conference.agenda.item"]
        groups = Item.read_group([], ["company_id"], ["company_id"])
        self.assertEqual(
            {g["company_id"][0]: g["company_id_count"] for g in groups},
            {self.company_alra.id: 1, self.company_aia.id: 1},
        )
        names = [name for _id, name in Item.name_search("")]
        self.assertCountEqual(names, [self.case.name, self.case_aia.name])
        self.assertNotIn(self.case_other.name, names)
        exported = Item.browse(self.item.id).export_data(
            [
                "case_name",
                "case_stage_id",
                "case_customer_number",
                "question",
                "association_name",
            ]
        )["datas"]
        self.assertEqual(
            exported[0],
            [
                self.case.name,
                self.case.stage_id.name,
                "K-1001",
                "Ist eine Schuldnerberatung sinnvoll?",
                "Test-ALRA e.V.",
            ],
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Item.browse(self.item.id).export_data(["case_id/client_id/name"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Item.browse(self.conference_other.agenda_item_ids.id).read(["case_name"])
        # read-only: the county records results, not case data
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Item.browse(self.item.id).unlink()

    @users("fm_county")
    def test_county_reads_no_case_chatter(self):
        Message = self.env["mail.message"]
        case_messages = (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", "fall.case"), ("res_id", "=", self.case.id)])
        )
        self.assertTrue(case_messages)
        self.assertFalse(
            Message.search([("model", "=", "fall.case"), ("res_id", "=", self.case.id)])
        )
        self.assertFalse(Message.search([("body", "ilike", "Suchtproblematik")]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            case_messages.with_env(self.env).read(["body"])
        fetched = Message._message_fetch(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(fetched["messages"])
        self.assertFalse(self.env["fall.case"]._get_thread_with_access(self.case.id))

    @users("fm_county")
    def test_county_reads_no_case_attachments(self):
        Attachment = self.env["ir.attachment"]
        self.assertFalse(Attachment.search([("res_model", "=", "fall.case")]))
        self.assertFalse(Attachment.search([("name", "=", "Bescheid.pdf")]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Attachment.browse(self.attachment.id).read(["datas"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Attachment.create(
                {
                    "name": "Notiz.txt",
                    "raw": b"x",
                    "res_model": "fall.case",
                    "res_id": self.case.id,
                }
            )

    def test_county_sees_no_activities_of_cases(self):
        self.case.activity_schedule(
            "fallmanagement.mail_activity_type_fall_review",
            user_id=self.user_counsellor.id,
            summary="Wiedervorlage Sucht",
        )
        Activity = self.env["mail.activity"].with_user(self.user_county)
        self.assertFalse(Activity.search([("res_model", "=", "fall.case")]))

    def test_county_cannot_print_case_reports(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["ir.actions.report"].with_user(self.user_county)._render_qweb_html(
                "fallmanagement.report_fall_case_plan", self.case.ids
            )

    @users("fm_internal")
    def test_other_internal_users_see_no_conferences(self):
        for model in (
            "fall.conference",
            "fall.conference.agenda.item",
            "fall.conference.task",
            "fall.conference.minutes",
        ):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.env[model].search([])


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestAssociationIsolation(FallkonferenzCommon):
    """Counsellors: items and tasks of their own association only."""

    @users("fm_counsellor")
    def test_counsellor_sees_own_items_only(self):
        Item = self.env["fall.conference.agenda.item"]
        self.assertEqual(Item.search([]), self.item)
        conference = self.env["fall.conference"].browse(self.conference.id)
        self.assertEqual(conference.agenda_item_ids, self.item)
        groups = Item.read_group([], ["company_id"], ["company_id"])
        self.assertEqual([g["company_id"][0] for g in groups], [self.company_alra.id])
        self.assertEqual([name for _id, name in Item.name_search("")], [self.case.name])
        exported = conference.export_data(["agenda_item_ids/case_name"])["datas"]
        self.assertEqual([row[0] for row in exported], [self.case.name])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Item.browse(self.item_aia.id).read(["question"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Item.browse(self.item_aia.id).write({"result": "x"})

    @users("fm_counsellor_aia")
    def test_aia_counsellor_sees_own_items_only(self):
        Item = self.env["fall.conference.agenda.item"]
        self.assertEqual(Item.search([]), self.item_aia)
        self.assertFalse(Item.search([("case_name", "=", self.case.name)]))

    def test_tasks_isolated(self):
        self.item.task_ids = [
            (0, 0, {"name": "Aufgabe ALRA", "user_id": self.user_counsellor.id})
        ]
        self.item_aia.task_ids = [
            (0, 0, {"name": "Aufgabe AiA", "user_id": self.user_counsellor_aia.id})
        ]
        Task = self.env["fall.conference.task"]
        self.assertEqual(
            Task.with_user(self.user_counsellor).search([]).mapped("name"),
            ["Aufgabe ALRA"],
        )
        self.assertEqual(len(Task.with_user(self.user_county).search([])), 2)

    def test_conference_visibility_for_counsellors(self):
        conference = self._create_conference(self.user_county)
        Conference = self.env["fall.conference"]
        self.assertNotIn(
            conference, Conference.with_user(self.user_colleague).search([])
        )
        conference.association_ids = self.company_alra
        self.assertIn(conference, Conference.with_user(self.user_colleague).search([]))
        self.assertNotIn(
            conference, Conference.with_user(self.user_counsellor_aia).search([])
        )

    def test_calendar_event_is_private(self):
        """Staff outside the conference see 'Busy' in the calendar."""
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_lead)
            .browse(self.conference.meeting_id.id)
        )
        self.assertNotIn("Fallkonferenz", meeting.display_name)
        self.assertFalse(meeting.description)
        self.assertFalse(meeting.location)
