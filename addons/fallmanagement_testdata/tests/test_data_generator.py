"""The test data generator (fall.data.generator) at a small scale."""

from collections import Counter
from contextlib import closing
from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import freeze_time, new_test_user
from odoo.tests.common import TransactionCase

from ..tools import generator_data as data

TODAY = date(2026, 3, 2)
CLIENTS = 30
SEED = 7


def fingerprint(env, run):
    """What a run wrote, read back from the database, without ids.

    Ids come from PostgreSQL sequences, which a rollback does not reset (case
    numbers are left out too); everything else must be the same for the same
    seed.
    """
    env.invalidate_all()
    clients = env["res.partner"].browse([c["id"] for c in run.client_rows])
    cases = env["fall.case"].browse([c["id"] for c in run.case_rows])
    return [
        [
            (c.name, c.fall_birthdate, c.street, c.city, c.fall_customer_number)
            for c in clients
        ],
        [
            (m.client_id.name, m.name, m.relation, m.birthdate)
            for m in clients.fall_household_member_ids.sorted("id")
        ],
        [
            (
                c.client_id.name,
                c.user_id.login,
                c.stage_id.sequence,
                c.opened_date,
                c.closed_date,
                c.closure_reason,
                c.job_start_date,
                c.job_kind,
                c.review_date,
                c.priority,
            )
            for c in cases
        ],
        [
            (
                b.case_id.client_id.name,
                b.barrier_type_id.code,
                b.severity_intake,
                b.severity_current,
                b.since_date,
                b.resolved_date,
            )
            for b in cases.barrier_ids.sorted("id")
        ],
        [
            (g.name, g.state, g.target_date, [(s.name, s.state) for s in g.step_ids])
            for g in cases.goal_ids.sorted("id")
        ],
        [
            (c.date, c.kind, c.duration, c.note, c.is_confidential)
            for c in cases.contact_ids.sorted("id")
        ],
        [
            (r.partner_id.name, r.state, r.requested_date, r.first_appointment_date)
            for r in env["fall.referral"].browse(run.referral_ids)
        ],
        [
            (
                c.recipient_kind,
                c.signed_date,
                c.valid_until,
                c.revoked_date,
                sorted(c.data_category_ids.mapped("code")),
            )
            for c in env["fall.consent"].browse(run.consent_ids)
        ],
        [
            (m.name, m.kind, m.decision_date, m.objection_state)
            for m in cases.authority_matter_ids.sorted("id")
        ],
    ]


@freeze_time("2026-03-02 10:00:00")
class TestDataGenerator(TransactionCase):
    """Generated data: amounts, realism, validity, determinism, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.generator = cls.env["fall.data.generator"]
        cls.generated = cls.generator._generate_run(
            clients=CLIENTS, seed=SEED, today=TODAY
        )
        cls.clients = cls.env["res.partner"].browse(
            [c["id"] for c in cls.generated.client_rows]
        )
        cls.cases = cls.env["fall.case"].browse(
            [c["id"] for c in cls.generated.case_rows]
        )

    def _generate_in_savepoint(self, seed):
        """Generate, take the fingerprint and roll everything back."""
        with closing(self.env.cr.savepoint()):
            run = self.generator._generate_run(clients=CLIENTS, seed=seed, today=TODAY)
            result = fingerprint(self.env, run)
        self.env.invalidate_all()
        self.env.registry.clear_all_caches()
        return result

    def test_counts(self):
        counts = self.generator.generate(clients=5, seed=SEED, today=TODAY)
        self.assertTrue(5 <= counts["fall.case"] <= 10, counts)
        # clients, employers and network partners (those of the first run
        # with the same names are reused)
        self.assertGreaterEqual(counts["res.partner"], 5 + 5)
        self.assertEqual(len(self.clients), CLIENTS)
        self.assertEqual(self.generated.counts["fall.case"], len(self.cases))
        for model in (
            "fall.case.barrier",
            "fall.goal",
            "fall.goal.step",
            "fall.contact",
            "fall.referral",
            "fall.consent",
            "fall.household.member",
            "fall.authority.matter",
        ):
            self.assertGreater(self.generated.counts[model], 0, model)
        self.assertEqual(
            self.generated.counts["fall.case.barrier"], len(self.cases.barrier_ids)
        )
        self.assertEqual(
            self.generated.counts["fall.contact"], len(self.cases.contact_ids)
        )

    def test_proportions(self):
        cases_per_client = Counter(self.cases.mapped("client_id.id"))
        self.assertEqual(set(cases_per_client), set(self.clients.ids))
        self.assertLessEqual(max(cases_per_client.values()), 2)
        self.assertLess(len(self.cases), 1.4 * CLIENTS)
        for case in self.cases:
            self.assertTrue(2 <= len(case.barrier_ids) <= 4, case.name)
            self.assertTrue(1 <= len(case.contact_ids) <= 8, case.name)
            self.assertLessEqual(len(case.goal_ids), 3)
            for goal in case.goal_ids:
                self.assertTrue(1 <= len(goal.step_ids) <= 3)
        closed = self.cases.filtered("is_closed")
        self.assertTrue(0.25 < len(closed) / len(self.cases) < 0.75)
        self.assertTrue(all(closed.mapped("closure_reason")))
        jobs = self.cases.filtered(lambda c: c.closure_reason == "job")
        self.assertTrue(all(jobs.mapped("job_start_date")))
        self.assertTrue(all(jobs.mapped("job_kind")))
        barriers = self.cases.barrier_ids
        sensitive = barriers.filtered("is_sensitive")
        self.assertTrue(0.1 < len(sensitive) / len(barriers) < 0.4)
        self.assertIn("addiction", barriers.barrier_type_id.mapped("code"))
        self.assertTrue(barriers.filtered("is_reduced"), "some barriers reduced")
        self.assertTrue(barriers - barriers.filtered("is_reduced"))
        referrals = self.cases.referral_ids
        self.assertTrue(0.3 < len(referrals) / len(self.cases) < 1.0)
        self.assertGreater(len(set(referrals.mapped("state"))), 3)
        self.assertTrue(referrals.filtered("waiting_days"))
        consents = self.env["fall.consent"].browse(self.generated.consent_ids)
        self.assertIn("county", consents.mapped("recipient_kind"))
        self.assertIn("valid", consents.mapped("state"))
        self.assertTrue(set(consents.mapped("state")) - {"valid"})
        # counsellors: about one per 60 cases, a lead per association
        counsellors = self.cases.user_id
        self.assertTrue(
            all(u.has_group("fallmanagement.group_fall_user") for u in counsellors)
        )
        self.assertTrue(set(self.generated.leads) == {"alra", "aia"})

    def test_dates(self):
        start = TODAY - timedelta(days=3 * 365)
        for case in self.cases:
            self.assertTrue(start <= case.opened_date <= TODAY)
            self.assertLessEqual(case.assignment_date, case.opened_date)
            if case.closed_date:
                self.assertTrue(case.opened_date <= case.closed_date <= TODAY)
            for contact in case.contact_ids:
                self.assertTrue(case.opened_date <= contact.date <= TODAY)
        opened = sorted(self.cases.mapped("opened_date"))
        self.assertGreater(opened[-1] - opened[0], timedelta(days=365))
        for client in self.clients:
            age = (TODAY - client.fall_birthdate).days / 365.25
            self.assertTrue(18 <= age <= 64, client.name)

    def test_constraints(self):
        """Every generated record passes the models' checks."""
        records = [
            self.clients,
            self.clients.fall_household_member_ids,
            self.cases,
            self.cases.barrier_ids,
            self.cases.goal_ids,
            self.cases.step_ids,
            self.cases.contact_ids,
            self.cases.referral_ids,
            self.cases.authority_matter_ids,
            self.env["fall.consent"].browse(self.generated.consent_ids),
        ]
        for recordset in records:
            self.assertTrue(recordset, recordset._name)
            recordset._validate_fields(list(recordset._fields))
        shared = self.cases.referral_ids.filtered(
            lambda r: r.state in ("requested", "appointment", "in_care")
        )
        self.assertTrue(shared)
        # consents may have been revoked after a referral ended, not before
        shared._check_consent()

    def test_german_fictional_names(self):
        first = set(
            data.FIRST_NAMES_FEMALE
            + data.FIRST_NAMES_MALE
            + data.FIRST_NAMES_FEMALE_MIGRATION
            + data.FIRST_NAMES_MALE_MIGRATION
        )
        last = set(data.LAST_NAMES + data.LAST_NAMES_MIGRATION)
        towns = {town[0]: town[1] for town in data.TOWNS}
        for client in self.clients:
            given, family = client.name.split(" ", 1)
            self.assertIn(given, first)
            self.assertIn(family, last)
            self.assertEqual(towns[client.city], client.zip)
            self.assertTrue(client.fall_customer_number and client.fall_bg_number)
            self.assertTrue(client.fall_is_client)
        self.assertTrue(self.clients.fall_household_member_ids.filtered("birthdate"))
        self.assertIn(
            "child", self.clients.fall_household_member_ids.mapped("relation")
        )
        # the association follows the town
        for case in self.cases:
            key = "alra" if case.client_id.city in ("Rastede", "Wiefelstede") else "aia"
            self.assertEqual(case.company_id.id, self.generated.companies[key])

    def test_deterministic(self):
        first = self._generate_in_savepoint(SEED)
        again = self._generate_in_savepoint(SEED)
        other = self._generate_in_savepoint(SEED + 1)
        self.assertEqual(first, again)
        self.assertNotEqual(first[0], other[0], "other clients with another seed")
        self.assertNotEqual(first[3], other[3], "other barriers with another seed")

    def test_counsellor_sees_own_association_only(self):
        counsellor = self.env["res.users"].browse(self.generated.counsellors["alra"][0])
        self.assertEqual(counsellor.login, "gen.alra.berater.001")
        Case = self.env["fall.case"].with_user(counsellor)
        visible = Case.search([("id", "in", self.cases.ids)])
        alra = self.cases.filtered(
            lambda c: c.company_id.id == self.generated.companies["alra"]
        )
        self.assertEqual(visible, alra)
        self.assertTrue(self.cases - alra, "AiA cases exist and stay hidden")
        barriers = (
            self.env["fall.case.barrier"]
            .with_user(counsellor)
            .search([("case_id", "in", self.cases.ids)])
        )
        for barrier in barriers.filtered("is_sensitive"):
            case = barrier.sudo().case_id
            self.assertIn(counsellor, case.user_id | case.counsellor_ids)
        lead = self.env["res.users"].browse(self.generated.leads["alra"])
        self.assertTrue(lead.has_group("fallmanagement.group_fall_manager"))
        self.assertEqual(
            self.env["fall.case"]
            .with_user(lead)
            .search([("id", "in", self.cases.ids)]),
            alra,
        )

    def test_no_mail_and_no_chatter(self):
        messages = self.env["mail.message"].search(
            [("model", "like", "fall.%"), ("id", ">", 0)]
        )
        mails = self.env["mail.mail"].search_count([])
        with closing(self.env.cr.savepoint()):
            self.generator.generate(clients=10, seed=SEED + 3, today=TODAY)
            self.assertEqual(self.env["mail.mail"].search_count([]), mails)
            self.assertEqual(
                self.env["mail.message"].search(
                    [("model", "like", "fall.%"), ("id", ">", 0)]
                ),
                messages,
            )
        # the review reminders are there, for the counsellor of the case
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "fall.case"), ("res_id", "in", self.cases.ids)]
        )
        due = self.cases.filtered(lambda c: c.review_date and not c.is_closed)
        self.assertEqual(len(activities), len(due))
        for activity in activities:
            case = self.env["fall.case"].browse(activity.res_id)
            self.assertEqual(activity.date_deadline, case.review_date)
            self.assertEqual(activity.user_id, case.user_id)

    def test_only_administrators(self):
        counsellor = self.env["res.users"].browse(self.generated.counsellors["aia"][0])
        lead = self.env["res.users"].browse(self.generated.leads["aia"])
        for user in (counsellor, lead):
            with self.assertRaisesRegex(UserError, "Only an administrator"):
                self.generator.with_user(user).generate(clients=1)
        admin = new_test_user(
            self.env,
            login="gen_test_admin",
            groups="fallmanagement.group_fall_admin",
            company_id=self.generated.companies["alra"],
        )
        with closing(self.env.cr.savepoint()):
            counts = self.generator.with_user(admin).generate(clients=1, today=TODAY)
            self.assertGreaterEqual(counts["fall.case"], 1)
        with self.assertRaises(UserError):
            self.generator.generate(clients=0)

    def test_reuses_companies_and_users(self):
        before = self.env["res.company"].search_count([])
        with closing(self.env.cr.savepoint()):
            run = self.generator._generate_run(clients=3, seed=SEED + 2, today=TODAY)
            self.assertEqual(run.companies, self.generated.companies)
            self.assertEqual(self.env["res.company"].search_count([]), before)
            self.assertEqual(run.leads, self.generated.leads)
            self.assertFalse(run.counts["res.users"])
            self.assertFalse(run.counts["res.company"])

    def test_command_registered(self):
        from odoo.cli.command import commands

        from ..cli.fall_generate import FallGenerate
        from ..models.fall_data_generator import SCALES

        self.assertIs(commands.get("fall_generate"), FallGenerate)
        self.assertEqual(SCALES, {"1k": 1000, "10k": 10000, "50k": 50000})
