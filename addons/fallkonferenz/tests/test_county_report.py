import io

import openpyxl

from odoo import Command
from odoo.tests import tagged

from .common import NOW, FallkonferenzCommon


@tagged("post_install", "-at_install")
class TestCountyReportConferences(FallkonferenzCommon):
    """The conference sheet of the county's workbook."""

    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # three more ALRA cases on the agenda: 4 ALRA items in all
        cls.cases_more = cls.env["fall.case"]
        for name in ("Anton Agenda", "Berta Agenda", "Carl Agenda"):
            client = cls._create_client(cls.company_alra, name=name)
            case = cls._create_case(client, cls.user_counsellor)
            cls.cases_more |= case
            cls._add_item(cls.conference, case, cls.user_counsellor)
        cls.conference.with_user(cls.user_county).write(
            {"location": "Kreishaus, Raum 2"}
        )
        # decisions on the first ALRA item, with two agreed tasks
        item = cls.item.with_user(cls.user_counsellor)
        item.write(
            {
                "result": "Schuldnerberatung einschalten",
                "task_ids": [
                    Command.create(
                        {
                            "name": "Termin vereinbaren",
                            "user_id": cls.user_counsellor.id,
                            "date_deadline": "2026-03-20",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Unterlagen sammeln",
                            "user_id": cls.user_counsellor.id,
                            "date_deadline": "2026-03-27",
                        }
                    ),
                ],
            }
        )
        item.action_record_decision()
        # a cancelled conference in the period does not count
        cancelled = cls._create_conference(
            cls.user_county,
            name="Abgesagt",
            participant_user_ids=[Command.set(cls.user_counsellor.ids)],
        )
        cls._add_item(cancelled, cls.cases_more[0], cls.user_counsellor)
        cancelled.with_user(cls.user_county).action_cancel()

    def _sheet(self, user, companies, **vals):
        wizard = (
            self.env["fall.county.report"]
            .with_user(user)
            .create(
                {
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                    "company_ids": [Command.set(companies.ids)],
                    "recipient": "internal",
                    **vals,
                }
            )
        )
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_xlsx("fallmanagement.county_report_xlsx", wizard.ids, data={})
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = list(book["Conferences"].iter_rows(values_only=True))
        header = next(
            i
            for i, r in enumerate(rows)
            if r[0] == "Cases and Decisions per Conference"
        )
        table = {}
        for row in rows[header + 2 :]:
            if row[0] is None:
                break
            table[row[0]] = list(row[1:])
        # rows of the conference of the fixture: "<date> Fallkonferenz März"
        for label in list(table):
            if label.endswith(" Fallkonferenz März"):
                table["Fallkonferenz März"] = table.pop(label)
            elif label.endswith(" Abgesagt"):
                table["Abgesagt"] = table.pop(label)
        return rows[header + 1], table

    def test_conference_sheet_counts_own_items(self):
        header, table = self._sheet(self.user_lead, self.company_alra)
        self.assertEqual(
            list(header[1:7]),
            [
                "Open",
                "Decided",
                "Noted",
                "Postponed",
                "Cases Discussed",
                "Tasks Agreed",
            ],
        )
        label = "Fallkonferenz März"
        # 4 ALRA items, 1 decided with 2 tasks; the AiA item is not counted
        self.assertEqual(table[label][:6], [3, 1, 0, 0, 4, 2])
        self.assertEqual(table["Total"][:6], [3, 1, 0, 0, 4, 2])
        self.assertNotIn("Abgesagt", table)

    def test_conference_sheet_suppressed_for_the_county(self):
        _header, table = self._sheet(
            self.user_lead, self.company_alra, recipient="county"
        )
        row = table["Fallkonferenz März"]
        # 3 open + '<3' decided = 4 discussed gave back the decided item: the
        # open items are withheld too
        self.assertEqual(row[:6], ["x", "<3", 0, 0, 4, "<3"])
        self.assertEqual(table["Total"][:6], ["x", "<3", 0, 0, 4, "<3"])

    def test_conference_sheet_of_the_other_association(self):
        _header, table = self._sheet(self.user_lead_aia, self.company_aia)
        self.assertEqual(table["Fallkonferenz März"][:6], [1, 0, 0, 0, 1, 0])
