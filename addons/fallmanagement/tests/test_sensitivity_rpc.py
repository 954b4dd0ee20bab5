"""The reproductions of issue 10 (L7–L9) over JSON-RPC, as the roles would try."""

import base64
import json

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FallHttpCase, FallmanagementCommon

SCAN = b"%PDF-1.4 signed consent form"


@tagged("post_install", "-at_install")
class TestSensitivityRpc(FallmanagementCommon, FallHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.partner_addiction = cls.env["res.partner"].create(
            {
                "name": "Fachstelle Sucht Rastede",
                "is_company": True,
                "fall_partner_type_id": ref(
                    "fallmanagement.fall_partner_type_addiction"
                ).id,
            }
        )
        cls.partner_debt = cls.env["res.partner"].create(
            {
                "name": "Schuldnerberatung Rastede",
                "is_company": True,
                "fall_partner_type_id": ref("fallmanagement.fall_partner_type_debt").id,
            }
        )
        cls.barrier_debts_case = cls._create_barrier(cls.case, cls.barrier_debts)
        cls.barrier_addiction_case = cls._create_barrier(
            cls.case, cls.barrier_addiction, note="Alkohol, Entzug 2025"
        )
        cls.referral = cls.env["fall.referral"].create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.partner_addiction.id,
                "barrier_ids": [Command.set(cls.barrier_addiction_case.ids)],
            }
        )
        cls.consent = cls.env["fall.consent"].create(
            {
                "client_id": cls.client.id,
                "recipient_kind": "partner",
                "recipient_partner_id": cls.partner_addiction.id,
                "purpose": "Termin bei der Suchtberatung",
                "data_category_ids": [
                    Command.set(ref("fallmanagement.fall_data_category_addiction").ids)
                ],
                "signed_date": "2026-01-20",
                "signed_scan": base64.b64encode(SCAN),
                "signed_scan_name": "einwilligung.pdf",
            }
        )
        cls.cat_contact = ref("fallmanagement.fall_data_category_contact")

    def _login(self, user):
        # new_test_user: the password is the login, padded to eight characters
        self.authenticate(user.login, user.login.ljust(8, "x"))

    def _call(self, user, model, method, *args, **kwargs):
        """``call_kw`` as ``user``: the result, or the error's data."""
        self._login(user)
        with mute_logger("odoo.http"):  # a refused call is logged as a warning
            response = self._post_call_kw(user, model, method, args, kwargs)
        body = response.json()
        if "error" in body:
            return {"error": body["error"]["data"]}
        return {"result": body.get("result")}  # no key for None

    def _post_call_kw(self, user, model, method, args, kwargs):
        return self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        # as the web client sends it
                        "kwargs": {"context": {"lang": user.lang}, **kwargs},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )

    def assertRefused(self, answer, exception, text=None):
        self.assertIn("error", answer, "the call was not refused")
        self.assertEqual(answer["error"]["name"], f"odoo.exceptions.{exception}")
        if text:
            self.assertIn(text, answer["error"]["message"])

    def _visible_barriers(self, user):
        answer = self._call(
            user,
            "fall.case.barrier",
            "search_read",
            [("case_id", "=", self.case.id)],
            fields=["barrier_type_id", "note"],
        )
        return {row["id"] for row in answer["result"]}

    def test_l7a_colleague_cannot_make_himself_deputy(self):
        answer = self._call(
            self.user_colleague,
            "fall.case",
            "write",
            self.case.ids,
            {"counsellor_ids": [Command.link(self.user_colleague.id)]},
        )
        self.assertRefused(answer, "AccessError", "responsible counsellor")
        self.case.invalidate_recordset()
        self.assertFalse(self.case.counsellor_ids)
        self.assertNotIn(
            self.barrier_addiction_case.id, self._visible_barriers(self.user_colleague)
        )
        # the responsible counsellor may, and it is logged
        answer = self._call(
            self.user_counsellor,
            "fall.case",
            "write",
            self.case.ids,
            {"counsellor_ids": [Command.link(self.user_colleague.id)]},
        )
        self.assertEqual(answer, {"result": True})
        self.assertIn(
            self.barrier_addiction_case.id, self._visible_barriers(self.user_colleague)
        )
        self.case.invalidate_recordset()
        note = self.case.message_ids[:1]
        self.assertIn("Bernd Kollege", note.body)
        self.assertEqual(note.author_id, self.user_counsellor.partner_id)

    def test_l7b_no_throwaway_case_german_error(self):
        self.user_colleague.lang = "de_DE"
        answer = self._call(
            self.user_colleague, "fall.case", "create", {"client_id": self.client.id}
        )
        self.assertRefused(answer, "ValidationError", "bereits einen offenen Fall")
        self.assertEqual(
            self.env["fall.case"].search_count([("client_id", "=", self.client.id)]),
            1,
        )

    def test_l7b_archived_case_closes_the_consent_scan(self):
        url = f"/web/content/fall.consent/{self.consent.id}/signed_scan"
        self._login(self.user_colleague)
        self.assertNotEqual(self.url_open(url).status_code, 200)
        self.case.write(
            {
                "stage_id": self.stage_closed.id,
                "closure_reason": "moved",
                "closed_date": "2026-02-01",
            }
        )
        answer = self._call(
            self.user_colleague, "fall.case", "create", {"client_id": self.client.id}
        )
        self.assertNotIn("error", answer)
        new_case = self.env["fall.case"].browse(answer["result"])
        self._login(self.user_colleague)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, SCAN)
        answer = self._call(
            self.user_colleague, "fall.case", "action_archive", new_case.ids
        )
        self.assertNotIn("error", answer)
        self._login(self.user_colleague)
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(SCAN, response.content)

    def test_l7c_sensitivity_not_cleared_by_hand(self):
        for record in (self.barrier_addiction_case, self.referral):
            with self.subTest(model=record._name):
                answer = self._call(
                    self.user_counsellor,
                    record._name,
                    "write",
                    record.ids,
                    {"is_sensitive": False},
                )
                self.assertRefused(answer, "AccessError", "cannot be set directly")
        self.assertNotIn(
            self.barrier_addiction_case.id, self._visible_barriers(self.user_colleague)
        )

    def test_l8_barrier_type_write_reveals_nothing(self):
        answer = self._call(
            self.user_colleague,
            "fall.case.barrier",
            "write",
            self.barrier_debts_case.ids,
            {"barrier_type_id": self.barrier_addiction.id},
        )
        self.assertRefused(answer, "AccessError", "sensitive barrier")
        self.assertNotIn("only once", answer["error"]["message"])
        self.barrier_debts_case.invalidate_recordset()
        self.assertEqual(self.barrier_debts_case.barrier_type_id, self.barrier_debts)

    def _chatter_text(self, user, record):
        self._login(user)
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": record._name, "thread_id": record.id},
        )
        return json.dumps(result, ensure_ascii=False)

    def test_l9_tracking_values_of_the_sensitive_period(self):
        other = self.partner_debt.copy({"name": "Zweite Fachstelle Sucht"})
        other.fall_partner_type_id = self.partner_addiction.fall_partner_type_id
        answer = self._call(
            self.user_counsellor,
            "fall.referral",
            "write",
            self.referral.ids,
            {"partner_id": other.id},
        )
        self.assertEqual(answer, {"result": True})
        answer = self._call(
            self.user_counsellor,
            "fall.referral",
            "write",
            self.referral.ids,
            {
                "barrier_ids": [Command.clear()],
                "data_category_ids": [Command.set(self.cat_contact.ids)],
                "partner_id": self.partner_debt.id,
            },
        )
        self.assertEqual(answer, {"result": True})
        colleague_sees = self._chatter_text(self.user_colleague, self.referral)
        self.assertIn("Schuldnerberatung Rastede", colleague_sees)
        self.assertNotIn("Fachstelle Sucht", colleague_sees)
        lead_sees = self._chatter_text(self.user_lead, self.referral)
        self.assertIn("Fachstelle Sucht Rastede", lead_sees)
        self.assertIn("Zweite Fachstelle Sucht", lead_sees)
        # the case chatter tells the colleagues the fact, not the content
        case_text = self._chatter_text(self.user_colleague, self.case)
        self.assertIn("no longer marked as sensitive", case_text)
        self.assertNotIn("Sucht", case_text)
