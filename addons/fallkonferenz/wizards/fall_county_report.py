from collections import defaultdict

from odoo import models
from odoo.tools import format_date

from odoo.addons.fallmanagement.wizards.fall_county_report import (
    ReportSheet,
    ReportTable,
)


class FallCountyReport(models.TransientModel):
    _inherit = "fall.county.report"

    def _report_sheets(self, env):
        sheets = super()._report_sheets(env)
        sheets.append(self._sheet_conferences(env))
        return sheets

    def _sheet_conferences(self, env):
        """Cases discussed and decisions taken per conference in the period."""
        Item = env["fall.conference.agenda.item"]
        start, stop = self._period_datetimes()
        domain = [
            ("company_id", "in", self.company_ids.ids),
            ("conference_id.state", "!=", "cancelled"),
            ("conference_id.start", ">=", start),
            ("conference_id.start", "<", stop),
        ]
        states = Item._fields["state"]._description_selection(env)
        by_conference = defaultdict(dict)
        for conference, state, count in Item._read_group(
            domain, ["conference_id", "state"], ["__count"]
        ):
            by_conference[conference][state] = count
        tasks = {
            conference: count
            for conference, count in env["fall.conference.task"]._read_group(
                [("item_id", "any", domain)], ["conference_id"], ["__count"]
            )
        }
        rows = []
        totals = [0] * (len(states) + 2)
        for conference in sorted(by_conference, key=lambda c: (c.start, c.id)):
            counts = by_conference[conference]
            values = [counts.get(code, 0) for code, _label in states]
            values += [sum(values), tasks.get(conference, 0)]
            totals = [a + b for a, b in zip(totals, values, strict=True)]
            day = format_date(env, conference._get_local_start().date())
            label = f"{day} {conference.name}"
            rows.append((label, [(v, v) for v in values]))
        rows.append((self.env._("Total"), [(v, v) for v in totals]))
        table = ReportTable(
            title=self.env._("Cases and Decisions per Conference"),
            headers=[label for _code, label in states]
            + [self.env._("Cases Discussed"), self.env._("Tasks Agreed")],
            kinds=["count"] * (len(states) + 2),
            rows=rows,
            chart={
                "type": "column_stacked",
                "columns": len(states),
                "skip_last_row": True,
            }
            if len(rows) > 1
            else None,
            note=self.env._(
                "Agenda items of the chosen associations in the conferences of "
                "the period, by their status: 'Decided' items have a decision."
            ),
        )
        # cases discussed = the items of all states; the last row is the total
        table.add_row_sums(len(states))
        table.add_column_sums(len(rows) - 1, range(len(states) + 2))
        return ReportSheet(
            name=self.env._("Conferences"),
            title=self.env._("Case Conferences"),
            tables=[table],
        )
