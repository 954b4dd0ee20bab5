"""Bad input gets a clear German error and writes nothing (issue 10, 5.)."""

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, freeze_time, tagged

from ..models.base import (
    FALL_CHAR_MAX,
    FALL_DATE_MAX,
    FALL_DATE_MIN,
    FALL_HTML_MAX,
    FALL_INPUT_CHECKS,
    FALL_INT_MAX,
    FALL_INT_MIN,
    FALL_TEXT_MAX,
)
from .common import FallmanagementCommon
from .common_rpc import JsonRpcMixin

# A value of each kind that no field of its type accepts
BAD_VALUES = {
    "date": "2026-02-30",
    "text": "x" * (FALL_HTML_MAX + 1),
    "integer": FALL_INT_MAX + 1,
    "float": float("inf"),
    "selection": "no-such-value",
    "many2one": "abc",
}


def case_number(case):
    """The running number of a case number such as TALRA-2026-0042."""
    return int(case.name.rsplit("-", 1)[1])


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02")
class TestInputChecks(FallmanagementCommon):
    """The generic checks of ``_fall_check_input`` at their boundaries."""

    def _refused(self, record, vals, message=None):
        """``record.write(vals)`` is refused and changes nothing."""
        before = record.read(list(vals))
        with self.assertRaisesRegex(ValidationError, message or "."):
            record.write(vals)
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals)), before)

    def test_every_field_of_every_model_is_checked(self):
        """The checks read the fields from the registry: every field of the
        case management models, and those added later, is covered."""
        checked = 0
        for model_name in self.env.registry:
            Model = self.env[model_name]
            if Model._abstract or not Model._fall_is_guarded_model():
                continue
            for field in Model._fields.values():
                kind = FALL_INPUT_CHECKS.get(field.type)
                if not kind:
                    continue
                label = re.escape(field._description_string(self.env))
                with self.assertRaisesRegex(ValidationError, f"^{label}: "):
                    Model._fall_check_input({field.name: BAD_VALUES[kind]}, True)
                checked += 1
        self.assertGreater(checked, 200)

    def test_client_fields_are_checked(self):
        Partner = self.env["res.partner"]
        for fname in ("name", "fall_customer_number", "fall_bg_number"):
            with self.assertRaisesRegex(ValidationError, "too long"):
                Partner._fall_check_input({fname: "x" * (FALL_CHAR_MAX + 1)}, True)
        with self.assertRaisesRegex(ValidationError, "Preferred Contact Channel"):
            Partner._fall_check_input({"fall_preferred_channel": "pigeon"}, True)
        with self.assertRaisesRegex(ValidationError, "Network Partner Type"):
            Partner._fall_check_input({"fall_partner_type_id": "abc"}, True)
        # fields of other modules are theirs to check
        Partner._fall_check_input({"street": "x" * 1000}, True)

    def test_dates(self):
        case = self.case
        for bad in ("2026-02-30", "0000-01-01", "garbage", "10000-01-01", 20260301):
            self._refused(case, {"review_date": bad}, "Next Review: .* not a valid")
        case.write({"review_date": "2026-03-10 12:00:00"})  # the ORM's own format
        self.assertEqual(case.review_date, date(2026, 3, 10))
        # the reproductions
        self._refused(case, {"opened_date": "9999-12-31"}, "Opened On: .* plausible")
        contact = self._create_contact(case)
        self._refused(contact, {"date": "0001-01-01"}, "Date: .* plausible")
        self._refused(self.client, {"fall_birthdate": "1800-01-01"}, "Birth Date")

    def test_date_ranges_of_the_models(self):
        """Every declared range names a date field; its bounds hold."""
        today = fields.Date.context_today(self.env["fall.case"])
        ranges = 0
        for model_name in self.env.registry:
            Model = self.env[model_name]
            for fname in Model._fall_date_ranges:
                field = Model._fields.get(fname)
                self.assertIn(
                    field and field.type, ("date", "datetime"), f"{model_name}.{fname}"
                )
                earliest, latest = Model._fall_date_range(fname, today)
                self.assertLessEqual(FALL_DATE_MIN, earliest)
                self.assertLessEqual(earliest, latest)
                self.assertLessEqual(latest, FALL_DATE_MAX)
                for day in (earliest, latest):
                    Model._fall_check_input({fname: day}, False)
                for day in (earliest - timedelta(days=1), latest + timedelta(days=1)):
                    with self.assertRaisesRegex(ValidationError, "plausible"):
                        Model._fall_check_input({fname: day}, False)
                ranges += 1
        self.assertGreater(ranges, 25)

    def test_case_dates_plausible(self):
        Case = self.env["fall.case"]
        Case._fall_check_input({"opened_date": "2000-01-01"}, True)
        Case._fall_check_input({"opened_date": "2026-04-02"}, True)  # a month ahead
        for bad in ("1999-12-31", "2026-04-03"):
            with self.assertRaisesRegex(ValidationError, "Opened On"):
                Case._fall_check_input({"opened_date": bad}, True)
        with self.assertRaisesRegex(ValidationError, "Plan Last Reviewed"):
            Case._fall_check_input({"plan_reviewed_date": "2026-03-03"}, False)

    def test_birth_dates_plausible(self):
        client = self.client
        client.write({"fall_birthdate": "2012-03-02"})  # 14 today
        client.write({"fall_birthdate": "1926-03-02"})  # 100 today
        for bad in ("2012-03-03", "1926-03-01", "2026-03-03", "1800-01-01"):
            self._refused(client, {"fall_birthdate": bad}, "Birth Date: .* plausible")
        Member = self.env["fall.household.member"]
        Member._fall_check_input({"birthdate": "2026-03-02"}, True)  # born today
        for bad in ("2026-03-03", "1899-12-31"):
            with self.assertRaisesRegex(ValidationError, "Birth Date"):
                Member._fall_check_input({"birthdate": bad}, True)

    def test_texts(self):
        goal = self._create_goal(self.case)
        goal.write({"name": "x" * FALL_CHAR_MAX, "description": "y" * FALL_TEXT_MAX})
        self._refused(goal, {"name": "x" * (FALL_CHAR_MAX + 1)}, "Goal: .* too long")
        self._refused(
            goal, {"description": "y" * (FALL_TEXT_MAX + 1)}, "Description: .* long"
        )
        self._refused(goal, {"description": "a\x00b"}, "NUL character")
        # a 1 MB customer number is refused before its index could refuse it
        self._refused(
            self.client, {"fall_customer_number": "1" * 10**6}, "Customer Number"
        )

    def test_numbers(self):
        goal = self._create_goal(self.case)
        for good in (FALL_INT_MIN, FALL_INT_MAX, "42", 7.0):
            goal.write({"sequence": good})
        for bad in (FALL_INT_MAX + 1, FALL_INT_MIN - 1, 10**12, "zehn", float("nan")):
            self._refused(goal, {"sequence": bad}, "Sequence: .* not a whole number")
        contact = self._create_contact(self.case)
        for bad in (float("nan"), float("inf"), "-inf", "viel"):
            self._refused(contact, {"duration": bad}, r"Duration \(Hours\): .* number")

    def test_selections(self):
        self._refused(self.case, {"priority": "9"}, "Priority: .* Normal, Urgent")
        self._refused(self.case, {"closure_reason": ["job"]}, "Closure Reason")

    def test_many2one_ids(self):
        for bad in ("abc", "3", 1.5, True, -1, FALL_INT_MAX + 1, [3], {"id": 3}):
            self._refused(
                self.case, {"county_contact_id": bad}, "County Contact: .* reference"
            )
        contact = self.env["res.partner"].create({"name": "Kreishaus"})
        self.case.write({"county_contact_id": contact.id})
        self.case.write({"county_contact_id": (contact.id, "Kreishaus")})
        self.case.write({"county_contact_id": contact})

    def test_follow_up_months(self):
        self.case.write({"job_start_date": "2026-02-01", "follow_up_months": 120})
        self.assertEqual(self.case.follow_up_end_date, date(2036, 2, 1))
        for bad in (121, -1, FALL_INT_MAX):
            with self.assertRaisesRegex(ValidationError, "follow-up lasts"):
                self.case.write({"follow_up_months": bad})
                self.case.flush_recordset()

    def test_report_period(self):
        Report = self.env["fall.county.report"]
        vals = {"company_ids": [Command.set(self.company_alra.ids)]}
        Report.create({**vals, "date_from": "2016-03-03", "date_to": "2026-03-02"})
        with self.assertRaisesRegex(ValidationError, "at most 10 years"):
            Report.create({**vals, "date_from": "2016-03-02", "date_to": "2026-03-02"})
        for date_from, date_to in (
            ("0001-01-01", "9999-12-31"),
            ("1999-12-31", "2000-12-31"),
            ("2027-01-01", "2027-03-03"),
        ):
            with self.assertRaisesRegex(ValidationError, "plausible"):
                Report.create({**vals, "date_from": date_from, "date_to": date_to})
        # a wizard saved before the rule cannot be exported
        wizard = Report.with_user(self.user_lead).create(
            {**vals, "date_from": "2026-01-01", "date_to": "2026-03-31"}
        )
        self.env.cr.execute(
            "UPDATE fall_county_report SET date_from = '0001-01-01' WHERE id = %s",
            [wizard.id],
        )
        wizard.invalidate_recordset()
        with self.assertRaisesRegex(UserError, "at most 10 years"):
            wizard.action_export_xlsx()

    def test_checks_run_without_queries(self):
        Case = self.env["fall.case"].with_user(self.user_counsellor)
        vals = {
            "name": "TALRA-2026-0099",
            "opened_date": "2026-02-01",
            "review_date": date(2026, 5, 1),
            "color": 3,
            "contact_hours": 1.5,
            "priority": "1",
            "client_id": self.client.id,
            "closure_note": "Notiz",
        }
        Case._fall_check_input(vals, True)  # the user's time zone is read once
        with self.assertQueryCount(0):
            Case._fall_check_input(vals, True)


@tagged("post_install", "-at_install")
class TestCaseNumbers(FallmanagementCommon):
    """Case numbers are taken only by cases really created."""

    def test_failed_creates_take_no_number(self):
        Case = self.env["fall.case"].with_user(self.user_counsellor_aia)
        sequence = Case._get_case_sequence(self.company_aia)
        self.assertEqual(sequence.implementation, "no_gap")
        last = case_number(self.case_aia)
        # a client without an open case (one open case per client)
        client = self._create_client(self.company_aia, name="Neue Klientin")
        vals = {"client_id": client.id, "company_id": self.company_aia.id}
        for bad_vals in (
            {"opened_date": "9999-12-31"},  # bad input
            # a constraint, after the insert
            {"opened_date": "2026-01-15", "assignment_date": "2026-02-01"},
            {"client_id": self.client.id},  # a client of the other association
            {"company_id": self.company_alra.id},  # a record rule
        ):
            # UserError: also AccessError and ValidationError
            with self.assertRaises(UserError), self.env.cr.savepoint():
                Case.create({**vals, **bad_vals})
        case = Case.create(vals)
        self.assertEqual(case_number(case), last + 1)

    def test_numbers_of_a_batch(self):
        Case = self.env["fall.case"]
        last_alra, last_aia = case_number(self.case), case_number(self.case_aia)
        # clients without an open case (one open case per client)
        alra = self.company_alra
        clients = [
            self._create_client(company, name=f"Klient/in {number}")
            for number, company in enumerate((alra, self.company_aia, alra, alra))
        ]
        cases = Case.create(
            [
                {"client_id": client.id, "company_id": client.company_id.id}
                for client in clients
            ]
        )
        self.assertEqual(
            [case_number(case) for case in cases],
            [last_alra + 1, last_aia + 1, last_alra + 2, last_alra + 3],
        )
        self.assertEqual(cases[0].name[:6], "TALRA-")
        self.assertEqual(cases[1].name[:5], "TAIA-")

    @freeze_time("2026-04-01")
    def test_sequences_of_older_databases_become_gapless(self):
        """What the migration to 18.0.1.1.0 does: a PostgreSQL sequence of an
        association continues without gaps where it stood."""
        company = self.env["res.company"].create(
            {"name": "Altverein e.V.", "fall_case_prefix": "ALT"}
        )
        sequence = self.env["ir.sequence"].create(
            {
                "name": "Case Files Altverein",
                "code": "fall.case",
                "company_id": company.id,
                "prefix": "ALT-%(year)s-",
                "padding": 4,
            }
        )
        self.assertEqual(sequence.implementation, "standard")
        for _number in range(3):
            sequence.next_by_id()
        converted = self.env["fall.case"]._make_case_sequences_gapless()
        self.assertIn(sequence, converted)
        self.assertEqual(sequence.implementation, "no_gap")
        self.assertFalse(self.env["fall.case"]._make_case_sequences_gapless())
        client = self._create_client(company, name="Alter Klient")
        case = self.env["fall.case"].create(
            {"client_id": client.id, "company_id": company.id}
        )
        self.assertEqual(case.name, "ALT-2026-0004")


@tagged("post_install", "-at_install")
class TestBadInputRpc(JsonRpcMixin, FallmanagementCommon, HttpCase):
    """The issue's reproductions over JSON-RPC as a counsellor (in German):
    a German message naming the field, nothing written, no number taken."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create(
            {
                "name": "RPC-Schuldnerberatung",
                "is_company": True,
                "fall_partner_type_id": cls.env.ref(
                    "fallmanagement.fall_partner_type_debt"
                ).id,
            }
        )
        cls.referral = cls.env["fall.referral"].create(
            {"case_id": cls.case.id, "partner_id": partner.id}
        )

    def assertWriteRefused(self, record, vals, message):
        """Writing ``vals`` over JSON-RPC is refused and changes nothing."""
        record.invalidate_recordset()
        before = record.read(list(vals))
        self.assertRpcRefused(
            record._name, "write", [record.ids, vals], message=message
        )
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals)), before)

    def test_counsellor_bad_values(self):
        self.authenticate("fm_counsellor", "fm_counsellor")
        case, client = self.case, self.client
        today = fields.Date.context_today(case)
        cases = [
            # an invalid date: no psycopg2 message with SQL
            (
                case,
                {"review_date": "2026-02-30"},
                "^„Nächste Wiedervorlage“: „2026-02-30“ ist kein gültiges Datum",
            ),
            (case, {"opened_date": "9999-12-31"}, "^„Eröffnet am“: .*plausibl"),
            # 10¹² overflows an integer
            (case, {"color": 10**12}, "^„Farbe“: .* keine ganze Zahl"),
            (case, {"priority": "9"}, "^„Priorität“: .*erlaubt sind: Normal, Dringend"),
            (case, {"county_contact_id": "abc"}, "kein Verweis auf einen Datensatz"),
            (case, {"follow_up_months": -5}, "Nachbetreuung"),
            # a 1 MB name: not "index row requires … bytes"
            (client, {"name": "x" * 10**6}, "^„Name“: Der Text ist zu lang"),
            (client, {"fall_customer_number": "1" * 10**6}, "^„Kundennummer“"),
            (client, {"fall_birthdate": "1800-01-01"}, "^„Geburtsdatum“: .*plausibl"),
            (
                client,
                {"fall_birthdate": fields.Date.to_string(today)},
                "^„Geburtsdatum“",
            ),
            # a bad referral state: not a KeyError
            (self.referral, {"state": "bogus"}, "^„Status“: „bogus“ ist kein"),
        ]
        for record, vals, message in cases:
            with self.subTest(model=record._name, vals=str(vals)[:60]):
                self.assertWriteRefused(record, vals, message)

    def test_counsellor_bad_records_are_not_created(self):
        self.authenticate("fm_counsellor", "fm_counsellor")
        Contact = self.env["fall.contact"]
        self.assertRpcRefused(
            "fall.contact",
            "create",
            [{"case_id": self.case.id, "date": "0001-01-01"}],
            message="^„Datum“: Der 01.01.0001 liegt außerhalb",
        )
        self.assertRpcRefused(
            "fall.contact",
            "create",
            [{"case_id": self.case.id, "duration": float("nan")}],
            message="^„Dauer \\(Stunden\\)“: „nan“ ist keine gültige Zahl",
        )
        self.assertFalse(Contact.search([("case_id", "=", self.case.id)]))
        self.assertRpcRefused(
            "fall.goal",
            "create",
            [{"case_id": self.case.id, "name": "Ziel", "sequence": 10**12}],
            message="^„Reihenfolge“: „1000000000000“ ist keine ganze Zahl",
        )
        self.assertFalse(self.case.goal_ids)

    def test_failed_case_creates_take_no_number(self):
        """AiA's sequence jumped from 10 to 14 after failed creates."""
        self.authenticate("fm_counsellor_aia", "fm_counsellor_aia")
        Case = self.env["fall.case"]
        sequence = Case._get_case_sequence(self.company_aia)
        number_next = sequence.number_next
        count = Case.search_count([])
        # a client without an open case (one open case per client)
        client = self._create_client(self.company_aia, name="Neue Klientin")
        vals = {"client_id": client.id, "company_id": self.company_aia.id}
        for bad_vals, message in (
            ({"opened_date": "9999-12-31"}, "Eröffnet am"),
            ({"opened_date": "2026-01-15", "assignment_date": "2026-02-01"}, "Zuweis"),
            ({"priority": "urgent"}, "Priorität"),
            ({"client_id": self.client.id}, "."),  # a client of ALRA
        ):
            self.assertRpcRefused(
                "fall.case", "create", [{**vals, **bad_vals}], message=message
            )
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next, number_next)
        self.assertEqual(Case.search_count([]), count)
        answer = self._call_kw("fall.case", "create", [vals])
        case = Case.browse(answer["result"])
        self.assertEqual(case_number(case), case_number(self.case_aia) + 1)

    def test_county_report_period(self):
        """A period 0001–9999 gave an HTTP 500."""
        self.authenticate("fm_lead", "fm_lead")
        vals = {"company_ids": [Command.set(self.company_alra.ids)]}
        self.assertRpcRefused(
            "fall.county.report",
            "create",
            [{**vals, "date_from": "0001-01-01", "date_to": "9999-12-31"}],
            message="^„Von“: Der 01.01.0001 liegt außerhalb des plausiblen Zeitraums",
        )
        today = date.today()
        self.assertRpcRefused(
            "fall.county.report",
            "create",
            [
                {
                    **vals,
                    "date_from": str(today - relativedelta(years=12)),
                    "date_to": str(today),
                }
            ],
            message="höchstens 10 Jahre",
        )
