import json

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import FallmanagementCommon

# German messages (the users below work in German)
NO_ACTIVITY = "Aktivität kann nur jemandem zugewiesen werden"
NO_FOLLOWER = "ihm deshalb nicht folgen"
NO_RECIPIENT = "Nachrichten dazu gehen nur an Personen"
OTHER_ASSOCIATION = "arbeitet nicht für"
NO_COUNTY_CONSENT = "nicht an den Landkreis weitergegeben"
NO_HIDDEN_FOLLOWER = "Sie können nur Personen als Follower"
NOT_RESPONSIBLE = "kann deshalb nicht dafür verantwortlich sein"


@tagged("post_install", "-at_install")
class TestMailAudience(FallmanagementCommon, HttpCase):
    """Side paths through Odoo's mail machinery (issue 10, L3, L4, followers).

    Followers, activity assignees and message recipients of a case are
    limited to the people who may read the case; whoever may not read it
    sees neither its activities nor its followers. Tried over JSON-RPC as
    the real roles, as an attacker would.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.users = (
            cls.user_counsellor
            | cls.user_colleague
            | cls.user_counsellor_aia
            | cls.user_county
            | cls.user_internal
            | cls.user_admin
        )
        cls.users.lang = "de_DE"
        cls.note = cls.case.with_user(cls.user_counsellor).message_post(
            body="Klientin berichtet von neuen Schulden",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    # -- helpers -----------------------------------------------------------

    def _rpc(self, user, route, params):
        """Call ``route`` as ``user``; the decoded JSON-RPC answer (refusals
        are expected: the server's warning about them is muted)."""
        self.authenticate(user.login, user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
        return response.json()

    def _call(self, user, model, method, args, kwargs=None):
        return self._rpc(
            user,
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": args,
                # as the web client: the user's language in the context
                "kwargs": {**(kwargs or {}), "context": {"lang": user.lang}},
            },
        )

    def assertRefused(self, answer, text):
        self.assertIn("error", answer, f"not refused: {answer}")
        self.assertIn(text, answer["error"]["data"]["message"])

    def assertOk(self, answer):
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def _case_activities(self, case=None):
        return self.env["mail.activity"].search(
            [("res_model", "=", "fall.case"), ("res_id", "=", (case or self.case).id)]
        )

    def _case_followers(self):
        return self.case.message_follower_ids.partner_id

    def _messages_to(self, partner):
        return self.env["mail.message"].search(
            [
                ("model", "=", "fall.case"),
                ("res_id", "=", self.case.id),
                "|",
                ("partner_ids", "in", partner.ids),
                ("notification_ids.res_partner_id", "in", partner.ids),
            ]
        )

    def _nobody_outside_reached(self):
        """No activity, follower or message of the case for outsiders."""
        for user in self.user_counsellor_aia | self.user_county | self.user_internal:
            self.assertFalse(
                self._case_activities().filtered(lambda a, u=user: a.user_id == u)
            )
            self.assertNotIn(user.partner_id, self._case_followers())
            self.assertFalse(self._messages_to(user.partner_id))

    # -- L3: activities ------------------------------------------------------

    def test_activity_schedule_for_outsiders_refused(self):
        before = self._case_activities()
        for user in self.user_counsellor_aia | self.user_county | self.user_internal:
            answer = self._call(
                self.user_counsellor,
                "fall.case",
                "activity_schedule",
                [self.case.ids],
                {
                    "act_type_xmlid": "mail.mail_activity_data_todo",
                    "summary": "Klientin Testmann anrufen",
                    "user_id": user.id,
                },
            )
            self.assertRefused(answer, NO_ACTIVITY)
        self.assertEqual(self._case_activities(), before, "nothing half-written")
        self._nobody_outside_reached()

    def test_activity_create_and_reassign_refused(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        answer = self._call(
            self.user_counsellor,
            "mail.activity",
            "create",
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("fall.case"),
                    "res_id": self.case.id,
                    "activity_type_id": todo.id,
                    "summary": "Klientin Testmann anrufen",
                    "user_id": self.user_counsellor_aia.id,
                }
            ],
        )
        self.assertRefused(answer, NO_ACTIVITY)
        # legitimate: a colleague of the association
        self.assertOk(
            self._call(
                self.user_counsellor,
                "fall.case",
                "activity_schedule",
                [self.case.ids],
                {
                    "act_type_xmlid": "mail.mail_activity_data_todo",
                    "summary": "Klientin Testmann anrufen",
                    "user_id": self.user_colleague.id,
                },
            )
        )
        activity = self._case_activities()
        self.assertEqual(activity.user_id, self.user_colleague)
        self.assertIn(self.user_colleague.partner_id, self._case_followers())
        answer = self._call(
            self.user_counsellor,
            "mail.activity",
            "write",
            [activity.ids, {"user_id": self.user_counsellor_aia.id}],
        )
        self.assertRefused(answer, NO_ACTIVITY)
        self.assertEqual(activity.user_id, self.user_colleague)
        self._nobody_outside_reached()
        # the chatter keeps working for everybody
        self.assertOk(
            self._call(
                self.user_colleague,
                "fall.case",
                "message_post",
                [self.case.ids],
                {"body": "Termin vereinbart", "message_type": "comment"},
            )
        )

    def test_activities_only_for_readers_of_the_case(self):
        activity = self.case.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Klientin Testmann anrufen",
            user_id=self.user_colleague.id,
        )
        spec = {"summary": {}, "res_id": {}}
        for user in self.user_counsellor_aia | self.user_county | self.user_internal:
            found = self._call(
                user,
                "mail.activity",
                "search_read",
                [[("res_model", "=", "fall.case")]],
                {"fields": ["summary"]},
            )
            self.assertEqual(self.assertOk(found), [], user.login)
            read = self._call(
                user,
                "mail.activity",
                "web_read",
                [activity.ids],
                {"specification": spec},
            )
            self.assertIn("error", read, user.login)
        # the colleague moves to the other association: her activity stays
        # in the case, she no longer reads it
        self.user_colleague.write(
            {
                "company_ids": [Command.set(self.company_aia.ids)],
                "company_id": self.company_aia.id,
            }
        )
        found = self._call(
            self.user_colleague, "mail.activity", "search_read", [[]], {"fields": []}
        )
        self.assertNotIn(activity.id, [a["id"] for a in self.assertOk(found)])
        read = self._call(
            self.user_colleague,
            "mail.activity",
            "web_read",
            [activity.ids],
            {"specification": spec},
        )
        self.assertIn("error", read)
        check = self._call(
            self.user_colleague, "mail.activity", "check_access", [activity.ids, "read"]
        )
        self.assertIn("error", check)
        # the responsible counsellor still reads it
        found = self._call(
            self.user_counsellor,
            "mail.activity",
            "search_read",
            [[("res_model", "=", "fall.case")]],
            {"fields": ["summary"]},
        )
        self.assertIn(activity.id, [a["id"] for a in self.assertOk(found)])

    # -- followers -------------------------------------------------------------

    def test_outsiders_cannot_follow(self):
        outsiders = self.user_counsellor_aia | self.user_county | self.user_internal
        for user in outsiders:
            answer = self._call(
                self.user_counsellor,
                "fall.case",
                "message_subscribe",
                [self.case.ids],
                {"partner_ids": user.partner_id.ids},
            )
            self.assertRefused(answer, NO_FOLLOWER)
        # the invitation wizard of the chatter
        wizard_id = self.assertOk(
            self._call(
                self.user_counsellor,
                "mail.wizard.invite",
                "create",
                [
                    {
                        "res_model": "fall.case",
                        "res_id": self.case.id,
                        "partner_ids": [Command.set(outsiders.partner_id.ids)],
                    }
                ],
            )
        )
        answer = self._call(
            self.user_counsellor, "mail.wizard.invite", "add_followers", [[wizard_id]]
        )
        self.assertRefused(answer, NO_FOLLOWER)
        # an administrator creating the follower directly
        answer = self._call(
            self.user_admin,
            "mail.followers",
            "create",
            [
                {
                    "res_model": "fall.case",
                    "res_id": self.case.id,
                    "partner_id": self.user_counsellor_aia.partner_id.id,
                }
            ],
        )
        self.assertRefused(answer, NO_FOLLOWER)
        self._nobody_outside_reached()
        # colleagues may follow
        self.assertOk(
            self._call(
                self.user_counsellor,
                "fall.case",
                "message_subscribe",
                [self.case.ids],
                {"partner_ids": self.user_colleague.partner_id.ids},
            )
        )
        self.assertIn(self.user_colleague.partner_id, self._case_followers())

    def test_followers_only_for_readers_of_the_case(self):
        self.case.message_subscribe(partner_ids=self.user_colleague.partner_id.ids)
        followers = self.case.message_follower_ids
        self.assertTrue(followers)
        for user in self.user_counsellor_aia | self.user_county | self.user_internal:
            found = self._call(
                user,
                "mail.followers",
                "search_read",
                [[("res_model", "=", "fall.case"), ("res_id", "=", self.case.id)]],
                {"fields": ["res_id", "name"]},
            )
            self.assertEqual(self.assertOk(found), [], user.login)
            read = self._call(
                user, "mail.followers", "read", [followers.ids], {"fields": ["name"]}
            )
            self.assertIn("error", read, user.login)
        # the chatter of a colleague lists them
        data = self.assertOk(
            self._rpc(
                self.user_colleague,
                "/mail/thread/data",
                {
                    "thread_model": "fall.case",
                    "thread_id": self.case.id,
                    "request_list": ["followers"],
                },
            )
        )
        self.assertEqual({f["id"] for f in data["mail.followers"]}, set(followers.ids))

    # -- L4: message recipients ------------------------------------------------

    def test_update_content_adds_no_outsider(self):
        refusals = {
            self.user_counsellor_aia: OTHER_ASSOCIATION,
            self.user_county: NO_COUNTY_CONSENT,
            self.user_internal: NO_RECIPIENT,
        }
        for user, refusal in refusals.items():
            answer = self._rpc(
                self.user_counsellor,
                "/mail/message/update_content",
                {
                    "message_id": self.note.id,
                    "body": "Klientin berichtet von neuen Schulden",
                    "attachment_ids": [],
                    "partner_ids": user.partner_id.ids,
                },
            )
            self.assertRefused(answer, refusal)
            self.assertFalse(self.note.partner_ids)
            read = self._call(
                user, "mail.message", "read", [self.note.ids], {"fields": ["body"]}
            )
            self.assertIn("error", read, user.login)
        # a colleague may be added
        self.assertOk(
            self._rpc(
                self.user_counsellor,
                "/mail/message/update_content",
                {
                    "message_id": self.note.id,
                    "body": "Klientin berichtet von neuen Schulden",
                    "attachment_ids": [],
                    "partner_ids": self.user_colleague.partner_id.ids,
                },
            )
        )
        self.assertEqual(self.note.partner_ids, self.user_colleague.partner_id)

    def test_no_outsider_on_other_message_paths(self):
        aia = self.user_counsellor_aia.partner_id
        # write on the message itself
        answer = self._call(
            self.user_counsellor,
            "mail.message",
            "write",
            [self.note.ids, {"partner_ids": [Command.link(aia.id)]}],
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        # a new message on the case naming the AiA counsellor
        answer = self._call(
            self.user_counsellor,
            "mail.message",
            "create",
            [
                {
                    "model": "fall.case",
                    "res_id": self.case.id,
                    "body": "Bitte übernehmen",
                    "message_type": "comment",
                    "partner_ids": [Command.set(aia.ids)],
                }
            ],
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        # a notification of the existing note
        answer = self._call(
            self.user_counsellor,
            "mail.notification",
            "create",
            [{"mail_message_id": self.note.id, "res_partner_id": aia.id}],
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        # a mention in the chatter
        answer = self._rpc(
            self.user_counsellor,
            "/mail/message/post",
            {
                "thread_model": "fall.case",
                "thread_id": self.case.id,
                "post_data": {
                    "body": "@Dirk Berater bitte übernehmen",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                    "partner_ids": aia.ids,
                },
            },
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        # a scheduled message
        answer = self._call(
            self.user_counsellor,
            "mail.scheduled.message",
            "create",
            [
                {
                    "model": "fall.case",
                    "res_id": self.case.id,
                    "body": "Bitte übernehmen",
                    "author_id": self.user_counsellor.partner_id.id,
                    "scheduled_date": "2099-01-01 08:00:00",
                    "partner_ids": [Command.set(aia.ids)],
                }
            ],
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        # the composer
        composer_id = self.assertOk(
            self._call(
                self.user_counsellor,
                "mail.compose.message",
                "create",
                [
                    {
                        "model": "fall.case",
                        "res_ids": str(self.case.ids),
                        "composition_mode": "comment",
                        "body": "Bitte übernehmen",
                        "partner_ids": [Command.set(aia.ids)],
                    }
                ],
            )
        )
        answer = self._call(
            self.user_counsellor,
            "mail.compose.message",
            "action_send_mail",
            [[composer_id]],
        )
        self.assertRefused(answer, OTHER_ASSOCIATION)
        self.assertFalse(self.note.partner_ids)
        self.assertFalse(self.env["mail.scheduled.message"].search([]))
        self._nobody_outside_reached()
        # a colleague mentioned in the chatter is notified
        self.assertOk(
            self._rpc(
                self.user_counsellor,
                "/mail/message/post",
                {
                    "thread_model": "fall.case",
                    "thread_id": self.case.id,
                    "post_data": {
                        "body": "@Bernd Kollege bitte übernehmen",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_note",
                        "partner_ids": self.user_colleague.partner_id.ids,
                    },
                },
            )
        )
        self.assertTrue(self._messages_to(self.user_colleague.partner_id))

    def test_mail_side_tables_of_a_case(self):
        """Tracking values, reactions and notifications of a case's messages
        stay with the readers of the case."""
        self.case.with_user(self.user_counsellor).write(
            {"user_id": self.user_colleague.id}
        )
        tracking = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "fall.case")]
        )
        self.assertTrue(tracking)
        self.case.with_user(self.user_counsellor).message_post(
            body="Bitte Termin übernehmen",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=self.user_colleague.partner_id.ids,
        )
        case_messages = self.env["mail.message"].search(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertTrue(case_messages.notification_ids)
        self.note.sudo()._message_reaction(
            "👍", "add", self.user_counsellor.partner_id, self.env["mail.guest"]
        )
        for user in self.user_counsellor_aia | self.user_county | self.user_internal:
            for model in ("mail.tracking.value", "mail.message.reaction"):
                answer = self._call(
                    user, model, "search_read", [[]], {"fields": ["id"]}
                )
                self.assertIn("error", answer, f"{user.login} {model}")
            found = self._call(
                user,
                "mail.notification",
                "search_read",
                [[]],
                {"fields": ["mail_message_id", "res_partner_id"]},
            )
            self.assertFalse(
                [
                    n
                    for n in self.assertOk(found)
                    if n["mail_message_id"][0] in case_messages.ids
                ],
                user.login,
            )

    # -- followers through the fields, responsible people, authors ------------

    def test_follower_fields_take_no_hidden_partner(self):
        """Writing ``message_partner_ids`` passes the follower checks of
        ``message_subscribe``: nobody the writer may not see follows."""
        before = self._case_followers()
        answer = self._call(
            self.user_counsellor,
            "fall.case",
            "write",
            [
                self.case.ids,
                {"message_partner_ids": [Command.link(self.client_aia.id)]},
            ],
        )
        self.assertIn("error", answer)
        answer = self._call(
            self.user_counsellor,
            "fall.case",
            "message_subscribe",
            [self.case.ids],
            {"partner_ids": self.client_aia.ids},
        )
        self.assertRefused(answer, NO_HIDDEN_FOLLOWER)
        answer = self._call(
            self.user_counsellor,
            "fall.case",
            "write",
            [
                self.case.ids,
                {
                    "message_partner_ids": [
                        Command.link(self.user_counsellor_aia.partner_id.id)
                    ]
                },
            ],
        )
        self.assertIn("error", answer)
        # an administrator may not add followers directly either
        answer = self._call(
            self.user_counsellor,
            "fall.case",
            "write",
            [
                self.case.ids,
                {
                    "message_follower_ids": [
                        Command.create({"partner_id": self.client_aia.id})
                    ]
                },
            ],
        )
        self.assertIn("error", answer)
        self.assertEqual(self._case_followers(), before)
        # a colleague is fine
        self.assertOk(
            self._call(
                self.user_counsellor,
                "fall.case",
                "write",
                [
                    self.case.ids,
                    {
                        "message_partner_ids": [
                            Command.link(self.user_colleague.partner_id.id)
                        ]
                    },
                ],
            )
        )
        self.assertIn(self.user_colleague.partner_id, self._case_followers())

    def test_responsible_must_read_the_contact(self):
        """The counsellor of a confidential contact must be able to read it."""
        contact = self._create_contact(self.case, note="Rückfall", is_confidential=True)
        answer = self._call(
            self.user_counsellor,
            "fall.contact",
            "write",
            [contact.ids, {"user_id": self.user_colleague.id}],
        )
        self.assertRefused(answer, NOT_RESPONSIBLE)
        self.assertEqual(contact.user_id, self.user_counsellor)
        answer = self._call(
            self.user_counsellor,
            "fall.contact",
            "create",
            [
                {
                    "case_id": self.case.id,
                    "date": "2026-02-03",
                    "duration": 1.0,
                    "is_confidential": True,
                    "user_id": self.user_colleague.id,
                }
            ],
        )
        self.assertRefused(answer, NOT_RESPONSIBLE)
        self.assertEqual(
            self.env["fall.contact"].search_count([("date", "=", "2026-02-03")]), 0
        )
        # an ordinary contact may go to the colleague (who reads it)
        ordinary = self._create_contact(self.case)
        self.assertOk(
            self._call(
                self.user_counsellor,
                "fall.contact",
                "write",
                [ordinary.ids, {"user_id": self.user_colleague.id}],
            )
        )

    def test_author_does_not_read_messages_of_hidden_records(self):
        """A message written in a counsellor's name on a record of the other
        association (e.g. by a conference action) stays hidden from him."""
        message = self.case_aia.sudo().message_post(
            body="",
            author_id=self.user_counsellor.partner_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        rows = self.assertOk(
            self._call(
                self.user_counsellor,
                "mail.message",
                "search_read",
                [[("model", "=", "fall.case"), ("res_id", "=", self.case_aia.id)]],
                {"fields": ["body"]},
            )
        )
        self.assertFalse(rows)
        answer = self._call(
            self.user_counsellor, "mail.message", "read", [message.ids, ["body"]]
        )
        self.assertIn("error", answer)
        answer = self._rpc(
            self.user_counsellor,
            "/mail/thread/messages",
            {"thread_model": "fall.case", "thread_id": self.case_aia.id},
        )
        self.assertNotIn(message.id, answer.get("result", {}).get("messages", []))
        # the readers of the record still read it
        rows = self.assertOk(
            self._call(
                self.user_counsellor_aia,
                "mail.message",
                "search_read",
                [[("id", "=", message.id)]],
                {"fields": ["body"]},
            )
        )
        self.assertEqual(len(rows), 1)
