"""The conference sheet of the county's workbook (fallmanagement's
``report.fallmanagement.county_report_xlsx``)."""

from collections import defaultdict

from odoo.tools import format_date

from odoo.addons.fallmanagement.report.county_statistics import (
    ReportSheet,
    ReportTable,
)


def _items_by_conference(scope, domain):
    """``{conference: {state: count}}`` of the agenda items of ``domain``."""
    by_conference = defaultdict(dict)
    for conference, state, count in scope.env[
        "fall.conference.agenda.item"
    ]._read_group(domain, ["conference_id", "state"], ["__count"]):
        by_conference[conference][state] = count
    return by_conference


def conferences_sheet(scope):
    """Cases discussed and decisions taken per conference in the period."""
    env = scope.env
    start, stop = scope.period_datetimes()
    domain = [
        ("company_id", "in", scope.company_ids),
        ("conference_id.state", "!=", "cancelled"),
        ("conference_id.start", ">=", start),
        ("conference_id.start", "<", stop),
    ]
    states = (
        env["fall.conference.agenda.item"]._fields["state"]._description_selection(env)
    )
    by_conference = _items_by_conference(scope, domain)
    tasks = dict(
        env["fall.conference.task"]._read_group(
            [("item_id", "any", domain)], ["conference_id"], ["__count"]
        )
    )
    rows = []
    totals = [0] * (len(states) + 2)
    for conference in sorted(by_conference, key=lambda c: (c.start, c.id)):
        counts = by_conference[conference]
        values = [counts.get(code, 0) for code, _label in states]
        values += [sum(values), tasks.get(conference, 0)]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        day = format_date(env, conference._get_local_start().date())
        rows.append((f"{day} {conference.name}", [(v, v) for v in values]))
    rows.append((env._("Total"), [(v, v) for v in totals]))
    table = ReportTable(
        title=env._("Cases and Decisions per Conference"),
        headers=[label for _code, label in states]
        + [env._("Cases Discussed"), env._("Tasks Agreed")],
        kinds=["count"] * (len(states) + 2),
        rows=rows,
        chart={
            "type": "column_stacked",
            "columns": len(states),
            "skip_last_row": True,
        }
        if len(rows) > 1
        else None,
        note=env._(
            "Agenda items of the chosen associations in the conferences of "
            "the period, by their status: 'Decided' items have a decision."
        ),
    )
    # cases discussed = the items of all states; the last row is the total
    table.add_row_sums(len(states))
    table.add_column_sums(len(rows) - 1, range(len(states) + 2))
    return ReportSheet(
        name=env._("Conferences"),
        title=env._("Case Conferences"),
        tables=[table],
    )
