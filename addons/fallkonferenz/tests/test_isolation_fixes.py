from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.fallmanagement.tests.common import FallNetworkCommon
from odoo.addons.fallmanagement.tests.common_rpc import CallKwMixin

from .common import FallkonferenzCommon


@tagged("post_install", "-at_install")
class TestIsolationFixes(CallKwMixin, FallkonferenzCommon, FallNetworkCommon, HttpCase):
    """Leaks of the generic isolation test, tried over JSON-RPC as the roles.

    Plan steps of another case, proposals for hidden conferences or of other
    users, hidden barriers on referrals, agenda items moved to another case,
    attendees of conference events, tasks the county records.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the messages are checked in German
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(
            ["fallmanagement", "fallkonferenz"], ["de_DE"], overwrite=True
        )
        (cls.user_counsellor_aia | cls.user_colleague).lang = "de_DE"
        cls.task = cls.env["fall.conference.task"].create(
            {"item_id": cls.item.id, "name": "Call the debt counselling service"}
        )
        cls.step_aia = cls._create_step(cls._create_goal(cls.case_aia))
        cls.case_other = cls._create_other_case(cls.user_counsellor)
        # a conference of ALRA only: hidden from AiA
        cls.conference_alra = cls._create_conference(cls.user_counsellor)
        cls.proposal = (
            cls.env["fall.conference.proposal"]
            .with_user(cls.user_counsellor)
            .create({"conference_id": cls.conference_alra.id})
        )
        cls.barrier_hidden = cls.case_barrier_addiction
        cls.referral = cls._create_referral()

    def _rpc(self, login, model, method, *args, **kwargs):
        """``(result, None)`` or ``(None, error data)`` as the web client sees."""
        self.authenticate(login, login)
        # as the web client does, with the user's language
        kwargs.setdefault("context", {"lang": "de_DE"})
        return self._call_kw_result(model, method, *args, **kwargs)

    def assertRefused(self, result, error, exception="AccessError"):
        self.assertIsNone(result)
        self.assertIn(exception, error["name"])

    def test_task_step_of_other_association_refused(self):
        for login in ("fm_counsellor", "fm_lead"):
            result, error = self._rpc(
                login,
                "fall.conference.task",
                "write",
                self.task.ids,
                {"step_id": self.step_aia.id},
            )
            self.assertIsNone(result, login)
            self.assertIn(
                error["name"].rsplit(".", 1)[-1],
                {"UserError", "ValidationError"},
                login,
            )
        self.assertFalse(self.task.step_id)

    def test_proposal_for_hidden_conference_refused(self):
        Proposal = self.env["fall.conference.proposal"]
        before = Proposal.search_count([])
        result, error = self._rpc(
            "fm_counsellor_aia",
            "fall.conference.proposal",
            "create",
            [{"conference_id": self.conference_alra.id}],
        )
        self.assertRefused(result, error)
        self.assertIn("Fallkonferenzen", error["message"])
        self.assertEqual(Proposal.search_count([]), before)
        # the same message for a conference that does not exist
        _result, missing = self._rpc(
            "fm_counsellor_aia",
            "fall.conference.proposal",
            "create",
            [{"conference_id": 999999}],
        )
        self.assertEqual(missing["message"], error["message"])
        # a proposal of AiA's own may not be moved to the hidden conference
        own = Proposal.with_user(self.user_counsellor_aia).create(
            {"conference_id": self.conference.id}
        )
        result, error = self._rpc(
            "fm_counsellor_aia",
            "fall.conference.proposal",
            "write",
            own.ids,
            {"conference_id": self.conference_alra.id},
        )
        self.assertRefused(result, error)
        self.assertEqual(own.conference_id, self.conference)

    def test_proposal_line_of_other_user_refused(self):
        Line = self.env["fall.conference.proposal.line"]
        before = Line.search_count([])
        result, error = self._rpc(
            "fm_counsellor_aia",
            "fall.conference.proposal.line",
            "create",
            [{"proposal_id": self.proposal.id, "case_id": self.case_aia.id}],
        )
        self.assertRefused(result, error)
        self.assertIn("Vorschläge", error["message"])
        self.assertEqual(Line.search_count([]), before)
        # the owner fills in her own proposal
        result, error = self._rpc(
            "fm_counsellor",
            "fall.conference.proposal.line",
            "create",
            [{"proposal_id": self.proposal.id, "case_id": self.case.id}],
        )
        self.assertFalse(error)
        self.assertEqual(self.proposal.line_ids.ids, result)

    def test_referral_hidden_barrier_refused(self):
        # the colleague reads the case but not its sensitive barrier
        self.assertFalse(
            self.barrier_hidden.with_user(self.user_colleague).has_access("read")
        )
        before = self.env["fall.referral"].search_count([])
        messages = set()
        for barrier_id in (self.barrier_hidden.id, 999999):
            result, error = self._rpc(
                "fm_colleague",
                "fall.referral",
                "write",
                self.referral.ids,
                {"barrier_ids": [Command.link(barrier_id)]},
            )
            self.assertRefused(result, error)
            messages.add(error["message"])
            result, error = self._rpc(
                "fm_colleague",
                "fall.referral",
                "create",
                [
                    {
                        "case_id": self.case.id,
                        "partner_id": self.partner_debt.id,
                        "barrier_ids": [Command.set([barrier_id])],
                    }
                ],
            )
            self.assertRefused(result, error)
            messages.add(error["message"])
        self.assertEqual(len(messages), 1, "the message does not tell existence")
        self.assertIn("hemmnisse", messages.pop())
        self.assertFalse(self.referral.barrier_ids)
        self.assertEqual(self.env["fall.referral"].search_count([]), before)
        # the counsellor of the case links it
        result, error = self._rpc(
            "fm_counsellor",
            "fall.referral",
            "write",
            self.referral.ids,
            {"barrier_ids": [Command.link(self.barrier_hidden.id)]},
        )
        self.assertFalse(error)
        self.assertEqual(self.referral.barrier_ids, self.barrier_hidden)

    def test_agenda_item_stays_with_its_case(self):
        for login in ("fm_counsellor", "fm_lead"):
            result, error = self._rpc(
                login,
                "fall.conference.agenda.item",
                "write",
                self.item.ids,
                {"case_id": self.case_other.id},
            )
            self.assertIsNone(result, login)
            self.assertTrue(error, login)
        self.assertEqual(self.item.case_id, self.case)

    def test_conference_attendees_only_for_attendees(self):
        meeting = self.conference.sudo().meeting_id
        attendees = meeting.attendee_ids
        self.assertGreater(len(attendees), 2)
        domain = [("event_id", "=", meeting.id)]
        fields = ["email", "common_name", "state"]
        for login in ("fm_colleague", "fm_lead", "fm_lead_aia", "fm_internal"):
            result, error = self._rpc(
                login, "calendar.attendee", "search_read", domain, fields=fields
            )
            self.assertEqual(result, [], login)
            result, error = self._rpc(
                login, "calendar.attendee", "read", attendees.ids, fields
            )
            self.assertRefused(result, error)
        # attendees and the organiser see each other
        for login in ("fm_counsellor", "fm_counsellor_aia", "fm_county"):
            result, error = self._rpc(
                login, "calendar.attendee", "search_read", domain, fields=fields
            )
            self.assertEqual({r["id"] for r in result}, set(attendees.ids), login)
        result, error = self._rpc(
            "fm_counsellor",
            "fall.conference",
            "web_read",
            self.conference.ids,
            {"attendee_ids": {"fields": {"email": {}}}},
        )
        self.assertFalse(error)
        self.assertEqual(len(result[0]["attendee_ids"]), len(attendees))

    def test_county_records_tasks_of_its_conferences(self):
        # legitimate: the county records a task on an item of any association
        # in a conference it takes part in
        for item in (self.item, self.item_aia):
            result, error = self._rpc(
                "fm_county",
                "fall.conference.task",
                "create",
                [{"item_id": item.id, "name": "Einladung Jobcenter"}],
            )
            self.assertFalse(error)
        # but not in a conference it does not take part in
        item_alra = self._add_item(
            self.conference_alra, self.case_other, self.user_counsellor
        )
        result, error = self._rpc(
            "fm_county",
            "fall.conference.task",
            "create",
            [{"item_id": item_alra.id, "name": "Einladung Jobcenter"}],
        )
        self.assertRefused(result, error)
        self.assertFalse(item_alra.sudo().task_ids)
