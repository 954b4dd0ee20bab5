from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestProposals(FallkonferenzCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target = cls._create_conference(cls.user_county, name="Fallkonferenz April")
        cls.target.start = datetime(2026, 4, 14, 7, 0)
        cls.target.participant_user_ids = cls.user_counsellor | cls.user_counsellor_aia
        # the March conference (cls.conference) is "the last conference"
        cls.flagged = cls._create_other_case(
            cls.user_counsellor,
            fall_conference_flag=True,
            fall_conference_reason="question",
            fall_conference_question="Maßnahme verlängern?",
        )
        cls.new = cls._create_other_case(
            cls.user_colleague,
            opened_date="2026-03-12",
            assignment_date="2026-03-11",
        )
        cls.review = cls._create_other_case(
            cls.user_counsellor, review_date="2026-03-20"
        )
        cls.closing = cls._create_other_case(
            cls.user_counsellor,
            job_start_date="2025-10-01",
            follow_up_months=6,
        )
        cls.stalled = cls._create_other_case(cls.user_counsellor)
        cls.quiet = cls._create_other_case(cls.user_counsellor)
        cls.closed = cls._create_other_case(
            cls.user_counsellor,
            fall_conference_flag=True,
        )
        cls.closed.write(
            {
                "stage_id": cls.stage_closed.id,
                "closure_reason": "moved",
                "closed_date": "2026-02-01",
            }
        )
        cls.flagged_aia = cls._create_other_case(
            cls.user_counsellor_aia, fall_conference_flag=True
        )
        # "stalled" was last changed long ago; "quiet" too, but it has a
        # recent counselling contact.
        cls.env["fall.contact"].create(
            {"case_id": cls.quiet.id, "date": "2026-02-20", "duration": 1.0}
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE fall_case SET write_date = %s WHERE id IN %s",
            (datetime(2025, 12, 1), (cls.stalled.id, cls.quiet.id)),
        )
        cls.env.invalidate_all()

    def _candidates(self, user):
        result = (
            self.env["fall.case"]
            .with_user(user)
            ._fall_conference_candidates(self.target.with_user(user))
        )
        return {case: [code for code, _label in reasons] for case, reasons in result}

    def test_reasons(self):
        # the review date lies before the April conference, but not yet today
        with freeze_time("2026-03-25 09:00:00"):
            candidates = self._candidates(self.user_counsellor)
        self.assertIn("flagged", candidates[self.flagged])
        self.assertEqual(candidates[self.new], ["new"])
        self.assertEqual(candidates[self.review], ["review"])
        self.assertEqual(candidates[self.closing], ["closure"])
        self.assertEqual(candidates[self.stalled], ["stalled"])
        self.assertNotIn(self.quiet, candidates, "a recent contact is progress")
        self.assertNotIn(self.closed, candidates)

    def test_cases_already_on_the_agenda_are_not_proposed(self):
        self._add_item(self.target, self.flagged, self.user_counsellor)
        self.assertNotIn(self.flagged, self._candidates(self.user_counsellor))

    def test_proposals_stay_within_the_association(self):
        alra = self._candidates(self.user_counsellor)
        aia = self._candidates(self.user_counsellor_aia)
        self.assertTrue(alra)
        self.assertEqual({case.company_id for case in alra}, {self.company_alra})
        self.assertEqual(set(aia), {self.flagged_aia})

    def test_proposal_of_another_user_is_hidden(self):
        """Wizards have no owner rule in Odoo 18: ours have one."""
        action = self.target.with_user(self.user_counsellor).action_propose_items()
        proposal = self.env["fall.conference.proposal"].browse(action["res_id"])
        for model, records in (
            ("fall.conference.proposal", proposal),
            ("fall.conference.proposal.line", proposal.line_ids),
        ):
            Model = self.env[model].with_user(self.user_colleague)
            self.assertFalse(Model.search([("id", "in", records.ids)]), model)
            with self.assertRaises(AccessError):
                Model.browse(records.ids).read(["id"])

    def test_accept_proposals(self):
        action = self.target.with_user(self.user_counsellor).action_propose_items()
        proposal = (
            self.env["fall.conference.proposal"]
            .with_user(self.user_counsellor)
            .browse(action["res_id"])
        )
        line = proposal.line_ids.filtered(lambda l: l.case_id == self.flagged)
        self.assertTrue(line.selected, "flagged cases are preselected")
        self.assertEqual(line.question, "Maßnahme verlängern?")
        self.assertNotIn(self.flagged_aia, proposal.line_ids.case_id)
        proposal.line_ids.filtered(lambda l: l.case_id == self.stalled).selected = True
        proposal.action_accept()
        items = self.target.agenda_item_ids
        self.assertEqual(items.case_id, self.flagged | self.stalled)
        flagged_item = items.filtered(lambda i: i.case_id == self.flagged)
        self.assertEqual(flagged_item.question, "Maßnahme verlängern?")
        self.assertIn("Flagged", flagged_item.proposal_reason)
        proposal.line_ids.selected = False
        with self.assertRaises(UserError):
            proposal.action_accept()

    def test_county_gets_no_proposals(self):
        with self.assertRaises(UserError):
            self.target.with_user(self.user_county).action_propose_items()

    def test_query_count_does_not_grow_with_cases(self):
        def count_queries():
            self.env.invalidate_all()
            self.env.registry.clear_cache()
            self._candidates(self.user_counsellor)  # warm up access caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self._candidates(self.user_counsellor)
            return self.env.cr.sql_log_count - before, len(result)

        queries_few, found_few = count_queries()
        for _index in range(10):
            self._create_other_case(self.user_counsellor, fall_conference_flag=True)
        queries_many, found_many = count_queries()
        self.assertEqual(found_many, found_few + 10)
        self.assertEqual(queries_many, queries_few)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_few):
            self._candidates(self.user_counsellor)
