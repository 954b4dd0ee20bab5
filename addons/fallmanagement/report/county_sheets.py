"""The statistics sheets of the county's workbook.

Each ``*_sheet`` function takes a :class:`~.county_statistics.CountyScope`
and returns a :class:`~.county_statistics.ReportSheet`;
:func:`statistics_sheets` gives them in order, with the relations between
sheets that small-cell suppression needs. Figures that several tables show
are read once, grouped finely enough for all of them (the closed cases by
association and reason; the counselling contacts by association, month and
kind).
"""

import statistics
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo.osv import expression

from .county_statistics import ReportSheet, ReportTable


def statistics_sheets(scope):
    """The statistics sheets of the workbook, in order."""
    contacts = contact_groups(scope)
    overview = overview_sheet(scope, contacts)
    hours = hours_sheet(scope, contacts)
    figures, by_month = overview.tables[3], hours.tables[0]
    # the hours of all months add up to the hours of the overview
    by_month.add_sum(
        figures.cell(2, len(figures.headers) - 1),
        [
            by_month.cell(row, len(by_month.headers) - 1)
            for row in range(len(by_month.rows))
        ],
    )
    return [overview, barriers_sheet(scope), referrals_sheet(scope), hours]


# ----------------------------------------------------------------------
# Overview
# ----------------------------------------------------------------------
def overview_sheet(scope, contacts=None):
    env = scope.env
    if contacts is None:
        contacts = contact_groups(scope)
    closed = _closed_groups(scope)
    cases = _cases_table(scope, closed)
    return ReportSheet(
        name=env._("Overview"),
        title=env._("Overview"),
        tables=[
            cases,
            _closures_table(scope, cases, closed),
            _jobs_table(scope),
            _duration_table(scope, closed, contacts),
        ],
    )


def _closed_groups(scope):
    """The cases closed in the period: ``[(company, reason, count, days)]``
    (days: the sum of their durations)."""
    return scope.env["fall.case"]._read_group(
        [
            ("company_id", "in", scope.company_ids),
            ("closed_date", ">=", scope.date_from),
            ("closed_date", "<=", scope.date_to),
        ],
        ["company_id", "closure_reason"],
        ["__count", "duration_days:sum"],
    )


def contact_groups(scope):
    """The counselling contacts of the period:
    ``[(company, month, kind, hours, count)]``."""
    return scope.env["fall.contact"]._read_group(
        [
            ("company_id", "in", scope.company_ids),
            ("date", ">=", scope.date_from),
            ("date", "<=", scope.date_to),
        ],
        ["company_id", "date:month", "kind"],
        ["duration:sum", "__count"],
    )


def _sum_by_company(groups, index):
    """``{company_id: sum}`` of the figure at ``index`` of each group."""
    sums = defaultdict(int)
    for group in groups:
        sums[group[0].id] += group[index] or 0
    return dict(sums)


def _cases_table(scope, closed):
    """Open at the start, new, closed, open at the end of the period."""
    env, date_from, date_to = scope.env, scope.date_from, scope.date_to
    in_company = [("company_id", "in", scope.company_ids)]

    def count(domain):
        return scope.cells(scope.count_by_company("fall.case", in_company + domain))

    rows = [
        (
            env._("Open at the start of the period"),
            count(
                [
                    ("opened_date", "<", date_from),
                    "|",
                    ("closed_date", "=", False),
                    ("closed_date", ">=", date_from),
                ]
            ),
        ),
        (
            env._("New cases"),
            count([("opened_date", ">=", date_from), ("opened_date", "<=", date_to)]),
        ),
        (env._("Closed cases"), scope.cells(_sum_by_company(closed, 2))),
        (
            env._("Open at the end of the period"),
            count(
                [
                    ("opened_date", "<=", date_to),
                    "|",
                    ("closed_date", "=", False),
                    ("closed_date", ">", date_to),
                ]
            ),
        ),
    ]
    headers = scope.columns()
    table = ReportTable(
        title=env._("Cases"),
        headers=headers,
        kinds=["count"] * len(headers),
        rows=rows,
    )
    scope.add_total_column(table)
    for col in range(len(headers)):
        # open at the end = open at the start + new - closed
        table.equations.append(
            (
                [table.cell(0, col), table.cell(1, col)],
                [table.cell(2, col), table.cell(3, col)],
            )
        )
    return table


def _closures_table(scope, cases, closed):
    """Closed cases by reason; they add up to the closed cases."""
    env = scope.env
    reasons = env["fall.case"]._fields["closure_reason"]._description_selection(env)
    by_reason = defaultdict(dict)
    for company, reason, count, _days in closed:
        by_reason[reason][company.id] = count
    headers = scope.columns()
    table = ReportTable(
        title=env._("Closed Cases by Reason"),
        headers=headers,
        kinds=["count"] * len(headers),
        rows=[(label, scope.cells(by_reason.get(code, {}))) for code, label in reasons],
        chart={"type": "column"},
    )
    scope.add_total_column(table)
    for col in range(len(headers)):
        # every closed case has a reason
        table.add_sum(
            cases.cell(2, col),
            [table.cell(row, col) for row in range(len(table.rows))],
        )
    return table


def _jobs_table(scope):
    env = scope.env
    kinds = env["fall.case"]._fields["job_kind"]._description_selection(env)
    domain = [
        ("company_id", "in", scope.company_ids),
        ("job_start_date", ">=", scope.date_from),
        ("job_start_date", "<=", scope.date_to),
    ]
    groups = env["fall.case"]._read_group(
        domain, ["company_id", "job_kind"], ["__count"]
    )
    by_kind = defaultdict(dict)
    for company, kind, count in groups:
        by_kind[kind][company.id] = count
    rows = [(label, scope.cells(by_kind.get(code, {}))) for code, label in kinds]
    if by_kind.get(False):
        rows.append((env._("Kind not recorded"), scope.cells(by_kind[False])))
    rows.append((env._("Job starts in all"), scope.cells(_sum_by_company(groups, 2))))
    headers = scope.columns()
    table = ReportTable(
        title=env._("Job Starts by Kind of Employment"),
        headers=headers,
        kinds=["count"] * len(headers),
        rows=rows,
        chart={"type": "column", "rows": len(kinds)},
    )
    scope.add_total_column(table)
    table.add_column_sums(len(rows) - 1, range(len(headers)))
    return table


def _duration_cells(scope, closed):
    """Average duration of the cases closed in the period, per association."""
    counts, days = _sum_by_company(closed, 2), _sum_by_company(closed, 3)
    durations = {company_id: (days[company_id], n) for company_id, n in counts.items()}
    cells = [
        (durations[c.id][0] / durations[c.id][1], durations[c.id][1])
        if c.id in durations
        else (None, 0)
        for c in scope.companies
    ]
    if len(scope.companies) > 1:
        total = sum(t for t, _n in durations.values())
        count = sum(n for _t, n in durations.values())
        cells.append((total / count if count else None, count))
    return cells


def _duration_table(scope, closed, contact_groups):
    """Average duration, counselling contacts and hours."""
    env = scope.env
    hours = _sum_by_company(contact_groups, 3)
    contacts = _sum_by_company(contact_groups, 4)
    headers = scope.columns()
    table = ReportTable(
        title=env._("Duration and Counselling"),
        headers=headers,
        kinds=["days"] * len(headers),
        row_kinds=["days", "count", "hours"],
        rows=[
            (
                env._("Average duration of closed cases (days)"),
                _duration_cells(scope, closed),
            ),
            (env._("Counselling contacts"), scope.cells(contacts)),
            (env._("Counselling hours"), scope.cells(hours, base=contacts)),
        ],
    )
    scope.add_total_column(table, rows=[1, 2])
    if len(headers) > 1:
        # the average of all gives back a hidden average of one association
        last = len(headers) - 1
        table.derived.append(
            (table.cell(0, last), [table.cell(0, c) for c in range(last)])
        )
    return table


# ----------------------------------------------------------------------
# Barriers, referrals, counselling hours
# ----------------------------------------------------------------------
def barriers_sheet(scope):
    env = scope.env
    groups = env["fall.case.barrier"]._read_group(
        [("case_id", "any", scope.case_domain_active())],
        ["barrier_type_id"],
        ["intake_count:sum", "current_count:sum", "reduced_count:sum"],
    )
    rows = []
    for barrier_type, intake, current, reduced in sorted(
        groups, key=lambda g: (g[0].sequence, g[0].name)
    ):
        rows.append(
            (
                barrier_type.name,
                [
                    (intake, intake),
                    (current, current),
                    (reduced, reduced),
                    (reduced / intake if intake else None, intake),
                ],
            )
        )
    table = ReportTable(
        title=env._("Barriers at Intake and Now"),
        headers=[
            env._("At Intake"),
            env._("Now"),
            env._("Reduced"),
            env._("Share Reduced"),
        ],
        kinds=["count", "count", "count", "share"],
        rows=rows,
        chart={"type": "bar", "columns": 2},
        note=env._(
            "Cases open at any time in the period. 'Now' is the current "
            "severity as recorded on the day of the export."
        ),
    )
    for row in range(len(rows)):
        # share reduced = reduced / at intake
        table.derived.append(
            (table.cell(row, 3), [table.cell(row, 2), table.cell(row, 0)])
        )
    return ReportSheet(
        name=env._("Barriers"),
        title=env._("Barriers at Intake and Now"),
        tables=[table],
    )


def _median(days):
    return statistics.median(days) if days else None


def referrals_sheet(scope):
    env = scope.env
    Referral = env["fall.referral"]
    domain = [
        ("company_id", "in", scope.company_ids),
        ("requested_date", ">=", scope.date_from),
        ("requested_date", "<=", scope.date_to),
    ]
    states = [
        (code, label)
        for code, label in Referral._fields["state"]._description_selection(env)
        if code != "prepared"
    ]
    counts = defaultdict(dict)
    for partner_type, state, count in Referral._read_group(
        domain, ["partner_type_id", "state"], ["__count"]
    ):
        counts[partner_type][state] = count
    waiting = defaultdict(list)
    for referral in Referral.search_fetch(
        expression.AND([domain, [("first_appointment_date", "!=", False)]]),
        ["partner_type_id", "waiting_days"],
    ):
        waiting[referral.partner_type_id].append(referral.waiting_days)
    rows = []
    types = sorted(counts, key=lambda t: (t.sequence, t.name or ""))
    for partner_type in types:
        by_state = counts[partner_type]
        total = sum(by_state.values())
        days = waiting.get(partner_type, [])
        rows.append(
            (
                partner_type.name or env._("Without Type"),
                [(by_state.get(code, 0),) * 2 for code, _label in states]
                + [(total, total), (_median(days), len(days))],
            )
        )
    all_days = [d for days in waiting.values() for d in days]
    totals = [sum(counts[t].get(code, 0) for t in types) for code, _label in states]
    rows.append(
        (
            env._("Total"),
            [(v, v) for v in totals]
            + [(sum(totals), sum(totals)), (_median(all_days), len(all_days))],
        )
    )
    table = ReportTable(
        title=env._("Referrals by Partner Type and Outcome"),
        headers=[label for _code, label in states]
        + [env._("Total"), env._("Median Waiting Time (Days)")],
        kinds=["count"] * (len(states) + 1) + ["days"],
        rows=rows,
        chart={"type": "bar_stacked", "columns": len(states), "skip_last_row": True},
        note=env._(
            "Referrals requested in the period, by their status today. The "
            "waiting time runs from the request to the first appointment."
        ),
    )
    table.add_row_sums(len(states))
    table.add_column_sums(len(rows) - 1, range(len(states) + 1))
    return ReportSheet(
        name=env._("Referrals"),
        title=env._("Referrals to Network Partners"),
        tables=[table],
    )


def hours_sheet(scope, contacts=None):
    env = scope.env
    if contacts is None:
        contacts = contact_groups(scope)
    kinds = env["fall.contact"]._fields["kind"]._description_selection(env)
    by_month = defaultdict(lambda: defaultdict(float))
    for _company, month, kind, total, _count in contacts:
        day = month.date() if hasattr(month, "date") else month
        by_month[day][kind] += total or 0.0
    rows = []
    month = scope.date_from.replace(day=1)
    while month <= scope.date_to:
        values = by_month.get(month, {})
        row_total = sum(values.values())
        rows.append(
            (
                month,
                [(values.get(code, 0.0), values.get(code, 0.0)) for code, _l in kinds]
                + [(row_total, row_total)],
            )
        )
        month += relativedelta(months=1)
    table = ReportTable(
        title=env._("Counselling Hours by Month and Kind of Contact"),
        headers=[label for _code, label in kinds] + [env._("Total")],
        kinds=["hours"] * (len(kinds) + 1),
        rows=rows,
        chart={"type": "column_stacked", "columns": len(kinds)},
        # hours are no counts of people: no small-cell suppression
        suppress=False,
    )
    table.add_row_sums(len(kinds))
    return ReportSheet(
        name=env._("Counselling Hours"),
        title=env._("Counselling Hours"),
        tables=[table],
    )
