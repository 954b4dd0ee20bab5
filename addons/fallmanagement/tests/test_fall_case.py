"""Life cycle of a case file: numbering, dates, closure, reviews, reminders."""

import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import file_path

from .common import FallmanagementCommon


@tagged("post_install", "-at_install")
class TestCaseLifeCycle(FallmanagementCommon):
    """Opening, assignment and closure of a case."""

    def _assert_case_values(self, case, **expected):
        """Re-read ``case`` from the database and compare ``expected``."""
        case.invalidate_recordset()
        for fname, value in expected.items():
            self.assertEqual(case[fname], value, f"{fname} was changed")

    @users("fm_counsellor")
    def test_close_before_open_is_refused(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaises(ValidationError):
            case.write(
                {
                    "stage_id": self.stage_closed.id,
                    "closure_reason": "moved",
                    "closed_date": "2026-01-14",
                }
            )
        self._assert_case_values(
            case,
            stage_id=self.stage_intake,
            closed_date=False,
            closure_reason=False,
        )

    @users("fm_counsellor")
    def test_close_without_reason_is_refused(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaisesRegex(ValidationError, "without a closure reason"):
            case.write({"stage_id": self.stage_closed.id})
        self._assert_case_values(case, stage_id=self.stage_intake, closed_date=False)

    @users("fm_counsellor")
    def test_job_start_closure_needs_job_start_date(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaisesRegex(ValidationError, "job start date"):
            case.write({"stage_id": self.stage_closed.id, "closure_reason": "job"})
        self._assert_case_values(case, stage_id=self.stage_intake, closure_reason=False)
        case.write(
            {
                "stage_id": self.stage_closed.id,
                "closure_reason": "job",
                "job_start_date": "2026-03-01",
                "job_kind": "insured",
            }
        )
        self.assertTrue(case.is_closed)

    @users("fm_counsellor")
    def test_closed_date_without_closing_phase_is_refused(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaisesRegex(ValidationError, "not in a closing phase"):
            case.write({"closed_date": "2026-03-01"})
        self._assert_case_values(case, closed_date=False)

    @users("fm_counsellor")
    @freeze_time("2026-03-10")
    def test_closing_sets_closed_date_and_reopening_clears_it(self):
        case = self.env["fall.case"].browse(self.case.id)
        case.write({"stage_id": self.stage_closed.id, "closure_reason": "moved"})
        self.assertTrue(case.is_closed)
        self.assertEqual(case.closed_date, date(2026, 3, 10))
        case.write({"stage_id": self.stage_planning.id})
        self.assertFalse(case.is_closed)
        self.assertFalse(case.closed_date)

    @users("fm_counsellor")
    @freeze_time("2026-03-10")
    def test_stage_onchange_fills_and_clears_closed_date(self):
        with Form(self.env["fall.case"].browse(self.case.id)) as form:
            form.stage_id = self.stage_closed
            self.assertEqual(form.closed_date, date(2026, 3, 10))
            form.closure_reason = "dropped_out"
        self._assert_case_values(
            self.case, closed_date=date(2026, 3, 10), closure_reason="dropped_out"
        )
        with Form(self.env["fall.case"].browse(self.case.id)) as form:
            form.stage_id = self.stage_planning
            self.assertFalse(form.closed_date)
        self._assert_case_values(self.case, closed_date=False, is_closed=False)

    @users("fm_counsellor")
    def test_assignment_after_opening_is_refused(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaisesRegex(ValidationError, "county assignment"):
            case.write({"assignment_date": "2026-01-16"})
        self._assert_case_values(case, assignment_date=False)
        case.write({"assignment_date": "2026-01-15"})
        self.assertEqual(case.assignment_date, date(2026, 1, 15))

    @users("fm_counsellor")
    def test_case_for_non_client_partner_is_refused(self):
        partner = self.env["res.partner"].create({"name": "Jobcenter Ammerland"})
        with self.assertRaisesRegex(ValidationError, "not marked as a client"):
            self.env["fall.case"].create({"client_id": partner.id})
        self.assertFalse(self.env["fall.case"].search([("client_id", "=", partner.id)]))

    def test_negative_follow_up_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "follow-up lasts from 0"):
            self.case.write({"follow_up_months": -1})

    def test_follow_up_end_date(self):
        self.assertFalse(self.case.follow_up_end_date)
        self.case.job_start_date = "2026-03-01"
        self.assertEqual(self.case.follow_up_end_date, date(2026, 9, 1))
        self.case.follow_up_months = 12
        self.assertEqual(self.case.follow_up_end_date, date(2027, 3, 1))


@tagged("post_install", "-at_install")
class TestCaseNumber(FallmanagementCommon):
    """Each association numbers its case files in its own sequence."""

    @staticmethod
    def _number(case):
        """The running number of a case number such as TALRA-2026-0042."""
        return int(case.name.rsplit("-", 1)[1])

    @freeze_time("2026-04-01")
    def test_case_numbers_per_association(self):
        # The first case of each association is number 1; the others are
        # compared with each other (failed creates take no number: test_input).
        self.assertRegex(self.case.name, r"^TALRA-\d{4}-0001$")
        self.assertRegex(self.case_aia.name, r"^TAIA-\d{4}-0001$")
        client_2 = self._create_client(self.company_alra, name="Zweiter Klient")
        client_aia_2 = self._create_client(self.company_aia, name="Zweite AiA")
        case_2 = self._create_case(client_2, self.user_colleague)
        case_aia_2 = self._create_case(client_aia_2, self.user_counsellor_aia)
        case_3 = self._create_other_case(self.user_counsellor)
        case_aia_3 = self._create_other_case(self.user_counsellor_aia)
        self.assertRegex(case_2.name, r"^TALRA-2026-\d{4}$")
        self.assertRegex(case_aia_2.name, r"^TAIA-2026-\d{4}$")
        self.assertGreater(self._number(case_2), self._number(self.case))
        self.assertGreater(self._number(case_aia_2), self._number(self.case_aia))
        # A case of the other association in between takes no number away.
        self.assertEqual(case_3.name, f"TALRA-2026-{self._number(case_2) + 1:04d}")
        self.assertEqual(
            case_aia_3.name, f"TAIA-2026-{self._number(case_aia_2) + 1:04d}"
        )

    @users("fm_counsellor")
    @freeze_time("2026-04-01")
    def test_counsellor_numbers_cases_without_sequence_rights(self):
        """The first case of a new association creates its sequence."""
        company = self.env["res.company"].sudo().create({"name": "Neuverein e.V."})
        self.env.user.sudo().company_ids |= company
        client = self._create_client(company, name="Erster Klient")
        case = (
            self.env["fall.case"]
            .with_company(company)
            .create({"client_id": client.id, "company_id": company.id})
        )
        self.assertEqual(case.name, "NEUV-2026-0001")

    @users("fm_counsellor")
    def test_copied_case_gets_a_new_number(self):
        case = self.env["fall.case"].browse(self.case.id)
        # closed first: a client has one open case at most
        case.write(
            {
                "stage_id": self.stage_closed.id,
                "closure_reason": "moved",
                "closed_date": "2026-02-01",
            }
        )
        copy = case.copy()
        self.assertRegex(copy.name, r"^TALRA-\d{4}-\d{4}$")
        self.assertGreater(self._number(copy), self._number(case))
        self.assertEqual(copy.stage_id, self.stage_intake)

    @users("fm_counsellor", "fm_colleague")
    def test_case_number_search(self):
        found = self.env["fall.case"].name_search(self.case.name)
        self.assertEqual([row[0] for row in found], self.case.ids)


@tagged("post_install", "-at_install")
class TestCaseReview(FallmanagementCommon):
    """Wiedervorlage and the six-monthly review of the cooperation plan."""

    def _activities(self, case, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "fall.case"),
                ("res_id", "=", case.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def test_plan_review_due_date(self):
        self.assertEqual(self.case.plan_review_due_date, date(2026, 7, 15))
        self.case.plan_reviewed_date = "2026-05-31"
        self.assertEqual(self.case.plan_review_due_date, date(2026, 11, 30))
        self.case.plan_reviewed_date = False
        self.case.opened_date = "2026-02-01"
        self.assertEqual(self.case.plan_review_due_date, date(2026, 8, 1))

    @freeze_time("2026-03-01")
    def test_is_review_due(self):
        Case = self.env["fall.case"].with_user(self.user_counsellor)
        case = Case.browse(self.case.id)
        self.assertFalse(case.is_review_due)
        case.review_date = "2026-03-01"
        self.assertTrue(case.is_review_due)
        case.review_date = "2026-03-02"
        self.assertFalse(case.is_review_due)
        case.opened_date = "2025-08-31"  # plan review due on 2026-02-28
        self.assertTrue(case.is_review_due)
        case.write({"stage_id": self.stage_closed.id, "closure_reason": "moved"})
        self.assertFalse(case.is_review_due, "closed cases are never due")

    @freeze_time("2026-03-01")
    def test_search_is_review_due(self):
        Case = self.env["fall.case"].with_user(self.user_counsellor)
        due = self._create_case(
            self._create_client(self.company_alra, name="Fällig"),
            self.user_counsellor,
            review_date="2026-02-20",
        )
        closed = self._create_case(
            self._create_client(self.company_alra, name="Abgeschlossen"),
            self.user_counsellor,
            opened_date="2025-01-10",
            review_date="2025-06-01",
            stage_id=self.stage_closed.id,
            closed_date="2025-12-01",
            closure_reason="moved",
        )
        not_due = self.case  # no review date, plan review due in July
        cases = due | closed | not_due
        self.assertEqual(Case.search([("is_review_due", "=", True)]) & cases, due)
        self.assertEqual(Case.search([("is_review_due", "!=", False)]) & cases, due)
        self.assertEqual(
            Case.search([("is_review_due", "=", False)]) & cases, closed | not_due
        )
        self.assertEqual(
            Case.search([("is_review_due", "!=", True)]) & cases, closed | not_due
        )
        with self.assertRaises(UserError):
            Case.search([("is_review_due", "in", [True])])

    @freeze_time("2026-03-01")
    def test_review_date_schedules_moves_and_removes_activity(self):
        xmlid = "fallmanagement.mail_activity_type_fall_review"
        case = (
            self.env["fall.case"].with_user(self.user_counsellor).browse(self.case.id)
        )
        self.assertFalse(self._activities(case, xmlid))
        case.review_date = "2026-03-20"
        activity = self._activities(case, xmlid)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 3, 20))
        self.assertEqual(activity.user_id, self.user_counsellor)
        self.assertEqual(activity.summary, "Wiedervorlage")
        case.review_date = "2026-04-02"
        self.assertEqual(self._activities(case, xmlid), activity, "moved, not added")
        self.assertEqual(activity.date_deadline, date(2026, 4, 2))
        case.user_id = self.user_colleague
        self.assertEqual(activity.user_id, self.user_colleague)
        case.review_date = False
        self.assertFalse(self._activities(case, xmlid))

    @freeze_time("2026-03-01")
    def test_review_activities_of_many_cases_in_one_batch(self):
        """Creating many cases (imports, test data) schedules in one go."""
        xmlid = "fallmanagement.mail_activity_type_fall_review"
        MailActivity = type(self.env["mail.activity"])
        original = MailActivity.create
        batches = []

        def create(activities, vals_list):
            batches.append(len(vals_list))
            return original(activities, vals_list)

        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"Stapel {index}",
                    "fall_is_client": True,
                    "company_id": self.company_alra.id,
                }
                for index in range(3)
            ]
        )
        users = [self.user_counsellor, self.user_colleague, self.user_counsellor]
        with patch.object(MailActivity, "create", create):
            cases = (
                self.env["fall.case"]
                .with_company(self.company_alra)
                .create(
                    [
                        {
                            "client_id": client.id,
                            "user_id": user.id,
                            "opened_date": "2026-01-15",
                            "review_date": f"2026-03-1{index}",
                        }
                        for index, (client, user) in enumerate(
                            zip(clients, users, strict=True)
                        )
                    ]
                )
            )
        self.assertEqual(batches, [3])
        for index, (case, user) in enumerate(zip(cases, users, strict=True)):
            activity = self._activities(case, xmlid)
            self.assertEqual(activity.date_deadline, date(2026, 3, 10 + index))
            self.assertEqual(activity.user_id, user)
            self.assertEqual(activity.summary, "Wiedervorlage")

    @freeze_time("2026-03-01")
    def test_review_activity_follows_closure(self):
        xmlid = "fallmanagement.mail_activity_type_fall_review"
        case = self._create_case(
            self._create_client(self.company_alra, name="Mit Termin"),
            self.user_counsellor,
            review_date="2026-03-05",
        )
        self.assertEqual(len(self._activities(case, xmlid)), 1, "scheduled on create")
        case.write({"stage_id": self.stage_closed.id, "closure_reason": "moved"})
        self.assertFalse(self._activities(case, xmlid), "closing removes it")
        case.write({"stage_id": self.stage_planning.id})
        self.assertEqual(len(self._activities(case, xmlid)), 1, "reopening restores it")

    def test_cron_plan_review_reminder_runs_once_per_case(self):
        xmlid = "fallmanagement.mail_activity_type_fall_plan_review"
        not_due = self._create_case(
            self._create_client(self.company_alra, name="Noch nicht"),
            self.user_counsellor,
            opened_date="2026-06-01",
        )
        with freeze_time("2026-07-05"):  # plan review of self.case due 2026-07-15
            reminded = self.env["fall.case"]._cron_plan_review_reminder()
            self.assertIn(self.case, reminded)
            self.assertNotIn(not_due, reminded)
            activity = self._activities(self.case, xmlid)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.date_deadline, date(2026, 7, 15))
            self.assertEqual(activity.user_id, self.user_counsellor)
            self.assertFalse(self._activities(not_due, xmlid))
            # second run: no second reminder
            reminded = self.env["fall.case"]._cron_plan_review_reminder()
            self.assertNotIn(self.case, reminded)
            self.assertEqual(self._activities(self.case, xmlid), activity)

    def test_cron_skips_closed_cases(self):
        xmlid = "fallmanagement.mail_activity_type_fall_plan_review"
        self.case.write(
            {
                "stage_id": self.stage_closed.id,
                "closure_reason": "moved",
                "closed_date": "2026-03-01",
            }
        )
        with freeze_time("2026-07-05"):
            self.assertNotIn(
                self.case, self.env["fall.case"]._cron_plan_review_reminder()
            )
        self.assertFalse(self._activities(self.case, xmlid))

    def test_cron_job_is_declared(self):
        cron = self.env.ref("fallmanagement.ir_cron_fall_plan_review_reminder")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_plan_review_reminder()")

    def test_action_plan_reviewed(self):
        xmlid = "fallmanagement.mail_activity_type_fall_plan_review"
        with freeze_time("2026-07-05"):
            self.env["fall.case"]._cron_plan_review_reminder()
        self.assertEqual(len(self._activities(self.case, xmlid)), 1)
        with freeze_time("2026-07-10"):
            case = self.case.with_user(self.user_counsellor)
            self.assertTrue(case.action_plan_reviewed())
            self.assertEqual(case.plan_reviewed_date, date(2026, 7, 10))
            self.assertEqual(case.plan_review_due_date, date(2027, 1, 10))
            self.assertFalse(case.is_review_due)
        self.assertFalse(self._activities(self.case, xmlid), "reminder is done")
        self.assertIn(
            "Cooperation plan reviewed.",
            self.case.message_ids[0].body,
            "the feedback is logged in the chatter",
        )


@tagged("post_install", "-at_install")
class TestCaseSearchViews(FallmanagementCommon):
    """The search views of the addon offer only groupings that work."""

    def test_search_view_group_bys_can_be_grouped(self):
        views = self.env["ir.ui.view"].search(
            [
                ("type", "=", "search"),
                ("model_data_id.module", "=", "fallmanagement"),
            ]
        )
        self.assertGreaterEqual(len(views), 4)
        for view in views:
            arch = etree.fromstring(view.arch)
            for node in arch.iter("filter"):
                context = node.get("context") or ""
                match = re.search(r"'group_by':\s*'([^']+)'", context)
                if not match:
                    continue
                with self.subTest(view=view.name, filter=node.get("name")):
                    groupby = match.group(1)
                    model = self.env[view.model].with_user(self.user_lead)
                    self.assertIsInstance(model.read_group([], [], [groupby]), list)


@tagged("post_install", "-at_install")
class TestGermanMessages(FallmanagementCommon):
    """The users read German: the error messages are translated."""

    def test_german_error_message(self):
        try:
            file_path("fallmanagement/i18n/de.po")
        except FileNotFoundError:
            self.skipTest("fallmanagement/i18n/de.po does not exist yet")
        if not self.env["res.lang"]._lang_get("de_DE").active:
            self.env["res.lang"]._activate_lang("de_DE")
            self.env["ir.module.module"]._load_module_terms(
                ["fallmanagement"], ["de_DE"]
            )
        case = self.case.with_user(self.user_counsellor).with_context(lang="de_DE")
        with self.assertRaises(ValidationError) as error:
            case.write({"stage_id": self.stage_closed.id})
        self.assertEqual(
            error.exception.args[0],
            f"Der Fall {self.case.name} kann nicht ohne Abschlussgrund "
            "abgeschlossen werden.",
        )
