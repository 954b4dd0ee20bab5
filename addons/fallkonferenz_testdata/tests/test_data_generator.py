"""The conferences of the test data generator (fall.data.generator)."""

from contextlib import closing
from datetime import date, datetime, timedelta

import pytz
from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, 0)
CLIENTS = 40
# at this scale, a seed whose last conferences agreed tasks of both kinds that
# are still due
SEED = 12


def conference_fingerprint(conferences):
    return [
        (
            conference.name,
            conference.start,
            conference.state,
            sorted(conference.participant_user_ids.mapped("login")),
            [
                (
                    item.case_id.client_id.name,
                    item.state,
                    item.result,
                    item.decision,
                    [(t.name, t.kind, t.date_deadline) for t in item.task_ids],
                )
                for item in conference.agenda_item_ids
            ],
        )
        for conference in conferences
    ]


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestConferenceGenerator(TransactionCase):
    """Monthly conferences per association, agenda, results, calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mails_before = cls.env["mail.mail"].search_count([])
        cls.generated = cls.env["fall.data.generator"]._generate_run(
            clients=CLIENTS, seed=SEED, today=TODAY
        )
        cls.conferences = cls.env["fall.conference"].browse(
            cls.generated.conference_ids
        )
        cls.cases = cls.env["fall.case"].browse(
            [c["id"] for c in cls.generated.case_rows]
        )
        cls.alra = cls.env["res.company"].browse(cls.generated.companies["alra"])
        cls.aia = cls.env["res.company"].browse(cls.generated.companies["aia"])

    def test_monthly_per_association(self):
        # from the first month after the start of the history to next month
        months = 12 * 3 + 1
        self.assertEqual(len(self.conferences), 2 * months)
        self.assertEqual(self.generated.counts["fall.conference"], 2 * months)
        berlin = pytz.timezone("Europe/Berlin")
        for company, weekday in ((self.alra, 1), (self.aia, 3)):
            own = self.conferences.filtered(
                lambda c, co=company: c.association_ids == co
            )
            self.assertEqual(len(own), months)
            starts = [pytz.utc.localize(c.start).astimezone(berlin) for c in own]
            self.assertEqual(len({(s.year, s.month) for s in starts}), months)
            for start in starts:
                self.assertEqual((start.weekday(), start.hour), (weekday, 9))
                self.assertTrue(8 <= start.day <= 14, "second weekday of the month")
        for conference in self.conferences:
            self.assertTrue(
                conference.user_id.has_group("fallmanagement.group_fall_county")
            )
            self.assertEqual(
                conference.organiser_company_id.id, self.generated.companies["county"]
            )

    def test_states_and_minutes(self):
        past = self.conferences.filtered(lambda c: c.start < NOW)
        future = self.conferences - past
        self.assertEqual(set(future.mapped("state")), {"planned"})
        self.assertEqual(len(future), 4, "March and April, for each association")
        for conference in past:
            old = conference.start.date() < TODAY - timedelta(days=14)
            self.assertEqual(conference.state, "minutes_sent" if old else "done")
            self.assertTrue(conference.minutes_note)
            if old:
                minutes = conference.minutes_ids
                self.assertEqual(
                    {m.association_id.id for m in minutes},
                    {False, conference.association_ids.id},
                )
                self.assertTrue(all(minutes.mapped("sent_date")))

    def test_calendar_events_without_mail(self):
        for conference in self.conferences:
            meeting = conference.meeting_id
            self.assertTrue(meeting, conference.name)
            self.assertEqual(meeting.res_model, "fall.conference")
            self.assertEqual(meeting.res_id, conference.id)
            self.assertEqual(meeting.start, conference.start)
            self.assertEqual(
                meeting.partner_ids,
                conference.user_id.partner_id
                | conference.participant_user_ids.partner_id,
            )
            for item in conference.agenda_item_ids:
                self.assertIn(item.case_name, meeting.description)
        self.assertEqual(self.env["mail.mail"].search_count([]), self.mails_before)

    def test_agenda(self):
        for conference in self.conferences:
            company = conference.association_ids
            day = conference.start.date()
            open_cases = self.cases.filtered(
                lambda c, co=company, d=day: (
                    c.company_id == co
                    and c.opened_date <= d
                    and not (c.closed_date and c.closed_date <= d)
                )
            )
            items = conference.agenda_item_ids
            # about 3 % of the open cases, at least one
            expected = min(len(open_cases), max(1, round(0.03 * len(open_cases))))
            self.assertEqual(len(items), expected)
            self.assertLessEqual(items.case_id, open_cases)
            if conference.start < NOW:
                self.assertNotIn("open", items.mapped("state"))
                self.assertTrue(all(items.mapped("result")))
                decided = items.filtered(lambda i: i.state == "decided")
                self.assertTrue(all(decided.mapped("decision")))
                for item in decided:
                    self.assertTrue(1 <= len(item.task_ids) <= 2)
            else:
                self.assertEqual(set(items.mapped("state")), {"open"})
                self.assertTrue(all(items.mapped("question")))
        items = self.conferences.agenda_item_ids
        self.assertEqual(
            self.generated.counts["fall.conference.agenda.item"], len(items)
        )
        self.assertEqual(len(set(items.mapped("state"))), 4)

    def test_tasks_flow_into_the_case(self):
        tasks = self.conferences.task_ids
        self.assertTrue(tasks)
        self.assertEqual(set(tasks.mapped("state")), {"created"})
        steps = tasks.filtered(lambda t: t.kind == "step")
        self.assertTrue(steps)
        for task in steps:
            self.assertEqual(task.step_id.fall_conference_task_id, task)
            self.assertEqual(task.step_id.goal_id, task.goal_id)
            self.assertEqual(task.goal_id.case_id, task.case_id)
        # tasks still due are open activities in the case (or on the item)
        due = tasks.filtered(
            lambda t: t.kind == "activity" and t.date_deadline >= TODAY
        )
        self.assertTrue(due)
        for task in due:
            self.assertTrue(task.activity_id)
            self.assertEqual(task.activity_id.date_deadline, task.date_deadline)
            self.assertEqual(task.activity_id.user_id, task.user_id)
        due_steps = steps.filtered(lambda t: t.date_deadline >= TODAY)
        self.assertTrue(due_steps)
        self.assertEqual(set(due_steps.step_id.mapped("state")), {"open"})
        self.assertEqual(set((steps - due_steps).step_id.mapped("state")), {"done"})

    def test_access(self):
        counsellor = self.env["res.users"].browse(self.generated.counsellors["alra"][0])
        items = (
            self.env["fall.conference.agenda.item"]
            .with_user(counsellor)
            .search([("conference_id", "in", self.conferences.ids)])
        )
        self.assertEqual(
            items,
            self.conferences.agenda_item_ids.filtered(
                lambda i: i.company_id == self.alra
            ),
        )
        county = self.conferences[0].user_id
        visible = (
            self.env["fall.conference"]
            .with_user(county)
            .search([("id", "in", self.conferences.ids)])
        )
        self.assertEqual(
            visible,
            self.conferences.filtered(
                lambda c: county in (c.user_id | c.participant_user_ids)
            ),
        )

    def test_deterministic(self):
        Generator = self.env["fall.data.generator"]
        results = []
        for seed in (SEED, SEED, SEED + 1):
            with closing(self.env.cr.savepoint()):
                run = Generator._generate_run(clients=CLIENTS, seed=seed, today=TODAY)
                results.append(
                    conference_fingerprint(
                        self.env["fall.conference"].browse(run.conference_ids)
                    )
                )
            self.env.invalidate_all()
        self.assertEqual(results[0], results[1])
        self.assertNotEqual(results[0], results[2])
