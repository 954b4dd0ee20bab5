from datetime import datetime, timedelta

from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.fallmanagement.tests.common import FallHttpCase


@tagged("post_install", "-at_install")
class TestUi(FallHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Tour-Beratungsstelle", "fall_case_prefix": "TOUR"}
        )
        cls.county = cls.env["res.company"].create({"name": "Tour-Landkreis"})

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                email=f"{login}@example.org",
                # the password policy asks for 12 characters
                password=f"{login}-password",
                tz="Europe/Berlin",
                # the tour types dates in the English format
                lang="en_US",
            )

        cls.counsellor = user(
            "tour_counsellor", "fallmanagement.group_fall_user", cls.company
        )
        cls.county_user = user(
            "tour_county", "fallmanagement.group_fall_county", cls.county
        )
        client = cls.env["res.partner"].create(
            {
                "name": "Tour Klient",
                "fall_is_client": True,
                "company_id": cls.company.id,
            }
        )
        cls.case = (
            cls.env["fall.case"]
            .with_company(cls.company)
            .create(
                {
                    "client_id": client.id,
                    "company_id": cls.company.id,
                    "user_id": cls.counsellor.id,
                }
            )
        )

    def test_plan_conference_and_record_decision(self):
        self.start_tour(
            "/odoo", "fallkonferenz_plan_and_decide", login="tour_counsellor"
        )
        conference = self.env["fall.conference"].search(
            [("name", "=", "Tour-Fallkonferenz")]
        )
        self.assertEqual(conference.location, "Kreishaus Westerstede")
        self.assertEqual(conference.start, conference._default_start())
        self.assertTrue(conference.meeting_id)
        item = conference.agenda_item_ids
        self.assertEqual(item.case_id, self.case)
        self.assertEqual(item.state, "decided")
        self.assertEqual(item.decision, "Antrag auf Verlängerung stellen")
        activity = item.task_ids.activity_id
        self.assertEqual(activity.res_model, "fall.case")
        self.assertEqual(activity.res_id, self.case.id)
        self.assertEqual(activity.summary, "Verlängerungsantrag vorbereiten")

    def test_rpc_county(self):
        """The county over JSON-RPC: its conference's items, never a case."""
        conference = (
            self.env["fall.conference"]
            .with_user(self.county_user)
            .create(
                {
                    "name": "RPC-Fallkonferenz",
                    "start": datetime.now() + timedelta(days=7),
                    "participant_user_ids": [Command.set(self.counsellor.ids)],
                }
            )
        )
        self.env["fall.conference.agenda.item"].with_user(self.counsellor).create(
            {"conference_id": conference.id, "case_id": self.case.id}
        )
        self.authenticate("tour_county", "tour_county")

        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            )

        result = call(
            "fall.conference.agenda.item",
            "web_search_read",
            [[]],
            {"specification": {"case_name": {}, "case_info_visible": {}}},
        )
        self.assertEqual(
            [record["case_name"] for record in result["records"]], [self.case.name]
        )
        self.assertTrue(result["records"][0]["case_info_visible"])
        for method, args, kwargs in (
            ("web_search_read", [[]], {"specification": {"name": {}}}),
            ("read", [[self.case.id], ["name"]], {}),
            ("name_search", [self.case.name], {}),
            ("read_group", [[], ["user_id"], ["user_id"]], {}),
        ):
            with self.assertRaises(Exception) as error, mute_logger("odoo.http"):
                call("fall.case", method, args, kwargs)
            self.assertIn("AccessError", str(error.exception))
        messages = call(
            "mail.message",
            "search_read",
            [[("model", "=", "fall.case"), ("res_id", "=", self.case.id)], ["body"]],
        )
        self.assertEqual(messages, [])
        attachments = call(
            "ir.attachment",
            "search_read",
            [[("res_model", "=", "fall.case")], ["name"]],
        )
        self.assertEqual(attachments, [])
