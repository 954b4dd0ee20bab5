import json
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.fallmanagement.tests.common import FallmanagementCommon

NOT_RESPONSIBLE = "kann deshalb nicht dafür verantwortlich sein"


@tagged("post_install", "-at_install")
class TestTaskActivities(FallmanagementCommon, HttpCase):
    """Tasks agreed in a conference become activities only for people who
    may read the case or agenda item they land on (issue 10, L3); followers
    and activities of agenda items stay with their readers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        (cls.user_county | cls.user_counsellor).lang = "de_DE"
        cls.conference = (
            cls.env["fall.conference"]
            .with_user(cls.user_county)
            .create(
                {
                    "name": "Fallkonferenz Aufgaben",
                    "start": datetime.now() + timedelta(days=7),
                    "duration": 2.0,
                    "participant_user_ids": [
                        Command.set((cls.user_counsellor | cls.user_counsellor_aia).ids)
                    ],
                }
            )
        )
        Item = cls.env["fall.conference.agenda.item"]
        cls.item = Item.with_user(cls.user_counsellor).create(
            {"conference_id": cls.conference.id, "case_id": cls.case.id}
        )
        Item.with_user(cls.user_counsellor_aia).create(
            {"conference_id": cls.conference.id, "case_id": cls.case_aia.id}
        )

    def _call(self, user, model, method, args, kwargs=None):
        self.authenticate(user.login, user.login)
        params = {
            "model": model,
            "method": method,
            "args": args,
            "kwargs": {**(kwargs or {}), "context": {"lang": user.lang}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
        return response.json()

    def _item_activities(self):
        Activity = self.env["mail.activity"]
        return Activity.search(
            [("res_model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        ) | Activity.search(
            [
                ("res_model", "=", "fall.conference.agenda.item"),
                ("res_id", "=", self.item.id),
            ]
        )

    def test_county_cannot_assign_tasks_to_outsiders(self):
        before = self._item_activities()
        task = self.env["fall.conference.task"].create(
            {"item_id": self.item.id, "name": "Anrufen", "user_id": self.user_lead.id}
        )
        for owner in self.user_counsellor_aia | self.user_internal:
            # the owner of a task must be able to read it (and its item)
            answer = self._call(
                self.user_county,
                "fall.conference.task",
                "create",
                [
                    {
                        "item_id": self.item.id,
                        "name": "Klientin anrufen",
                        "user_id": owner.id,
                    }
                ],
            )
            self.assertIn("error", answer, owner.login)
            self.assertIn(NOT_RESPONSIBLE, answer["error"]["data"]["message"])
            answer = self._call(
                self.user_county,
                "fall.conference.task",
                "write",
                [task.ids, {"user_id": owner.id}],
            )
            self.assertIn("error", answer, owner.login)
            self.assertIn(NOT_RESPONSIBLE, answer["error"]["data"]["message"])
            self.assertEqual(task.user_id, self.user_lead, "nothing half-written")
            self.assertEqual(
                self.env["fall.conference.task"].search(
                    [("item_id", "=", self.item.id)]
                ),
                task,
            )
            self.assertEqual(self.item.state, "open")
            self.assertEqual(self._item_activities(), before)
            self.assertNotIn(
                owner.partner_id, self.item.message_follower_ids.partner_id
            )
        task.unlink()
        self.item.result = "Beratungsbedarf bestätigt"
        # the owner may open the case: the task becomes an activity there
        task = self.env["fall.conference.task"].create(
            {
                "item_id": self.item.id,
                "name": "Klientin anrufen",
                "user_id": self.user_counsellor.id,
            }
        )
        answer = self._call(
            self.user_county,
            "fall.conference.agenda.item",
            "action_record_decision",
            [self.item.ids],
        )
        self.assertNotIn("error", answer)
        self.assertEqual(task.state, "created")
        self.assertEqual(task.activity_id.res_model, "fall.case")

    def test_agenda_item_followers_and_activities_for_readers_only(self):
        self.item.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Zuständigkeit prüfen",
            user_id=self.user_county.id,
        )
        self.assertIn(
            self.user_county.partner_id, self.item.message_follower_ids.partner_id
        )
        for user in self.user_counsellor_aia | self.user_internal:
            for model in ("mail.followers", "mail.activity"):
                answer = self._call(
                    user,
                    model,
                    "search_read",
                    [
                        [
                            ("res_model", "=", "fall.conference.agenda.item"),
                            ("res_id", "=", self.item.id),
                        ]
                    ],
                    {"fields": ["id"]},
                )
                self.assertEqual(answer.get("result"), [], f"{user.login} {model}")
        # the county takes part in the conference: it reads both
        for model in ("mail.followers", "mail.activity"):
            answer = self._call(
                self.user_county,
                model,
                "search_read",
                [
                    [
                        ("res_model", "=", "fall.conference.agenda.item"),
                        ("res_id", "=", self.item.id),
                    ]
                ],
                {"fields": ["id"]},
            )
            self.assertTrue(answer.get("result"), model)
