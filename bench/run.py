#!/usr/bin/env python3
"""Benchmarks of the hot paths on a generated data set (issue 6).

Not part of the test suite: run ``bench/run.sh`` (creates the database with
``fall_generate``) or this script on an existing database::

    python3 bench/run.py -d fm_bench [--db_host 127.0.0.1 --db_user odoo]

Every benchmark is measured in the same run as its baseline and printed as a
ratio, with the number of SQL queries. Times are medians of several runs with
a cold ORM cache (``invalidate_all``) and warm worker caches, as in a running
server. The table is also written to ``bench/results.md``.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
import tracemalloc
from types import SimpleNamespace

import odoo
from odoo.tools import config

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--db_host", default="127.0.0.1")
    parser.add_argument("--db_port", default="5432")
    parser.add_argument("--db_user", default="odoo")
    parser.add_argument(
        "--addons-path",
        default=None,
        help="defaults to Odoo's addons and this repository's addons/",
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--export-cases", type=int, default=10000)
    parser.add_argument("--output", default=os.path.join(HERE, "results.md"))
    return parser.parse_args()


def setup_odoo(args):
    addons = args.addons_path
    if not addons:
        core = os.path.join(os.path.dirname(odoo.__file__), os.pardir, "addons")
        addons = ",".join(
            [os.path.abspath(core), os.path.join(os.path.dirname(HERE), "addons")]
        )
    config.parse_config(
        [
            "-d",
            args.database,
            "--db_host",
            args.db_host,
            "--db_port",
            args.db_port,
            "--db_user",
            args.db_user,
            "--addons-path",
            addons,
            "--log-level",
            "warn",
        ]
    )
    return odoo.modules.registry.Registry(args.database)


class Measure:
    """Median wall time and query count of a callable, cache cold each run."""

    def __init__(self, env, runs):
        self.env = env
        self.runs = runs

    def __call__(self, func):
        func()  # warm up the worker caches (access rules, views, ...)
        times, queries = [], []
        for _run in range(self.runs):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
            queries.append(self.env.cr.sql_log_count - before)
        # queries: the steady state (the first run may fill caches of the worker)
        return statistics.median(times), int(statistics.median(queries))


def measure_pair(env, ours, baseline, runs):
    """Median times and queries of two callables measured alternately, so that
    both see the same state of the machine (caches, load)."""
    for func in (ours, baseline, ours, baseline):  # warm up
        func()
    samples = {ours: [], baseline: []}
    queries = {ours: [], baseline: []}
    for _run in range(runs):
        for func in (ours, baseline):
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            func()
            samples[func].append(time.perf_counter() - start)
            queries[func].append(env.cr.sql_log_count - before)
    return [
        (statistics.median(samples[f]), int(statistics.median(queries[f])))
        for f in (ours, baseline)
    ]


def peak_memory(env, func):
    """Peak of Python allocations during ``func`` (tracemalloc), in MiB."""
    env.invalidate_all()
    tracemalloc.start()
    try:
        func()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def first_user(env, group, company=None):
    domain = [("groups_id", "in", env.ref(group).id), ("share", "=", False)]
    if company:
        domain.append(("company_id", "=", company.id))
    return env["res.users"].search(domain, order="id", limit=1)


def bench_case_list(env, measure, rows):
    """Counsellor's case list vs Odoo's res.partner list, same size."""
    from odoo.addons.fallmanagement.tests.web_spec import view_specification

    case = env["fall.case"].search([("is_closed", "=", False)], limit=1)
    counsellor = case.user_id
    Case = env["fall.case"].with_user(counsellor).with_company(case.company_id)
    Partner = env["res.partner"].with_user(counsellor).with_company(case.company_id)
    case_spec = view_specification(Case, "list")
    partner_spec = view_specification(Partner, "list")
    domain = [("is_closed", "=", False)]

    # as the web client's list views ask (RelationalModel.DEFAULT_COUNT_LIMIT)
    count_limit = 10001

    def cases(limit):
        return lambda: Case.web_search_read(
            domain, case_spec, limit=limit, count_limit=count_limit
        )

    def partners(limit):
        return lambda: Partner.web_search_read(
            [], partner_spec, limit=limit, count_limit=count_limit
        )

    (ours, ours_q), (base, base_q) = measure_pair(
        env, cases(rows), partners(rows), max(measure.runs, 21)
    )
    _t, ours_q_half = measure(cases(rows // 2))
    return [
        {
            "name": f"Case list, counsellor, {rows} rows",
            "ours": ours,
            "base": base,
            "baseline": f"res.partner list, {rows} rows",
            "ratio": ours / base,
            "target": "≤ 1.3×",
            "ok": ours / base <= 1.3,
            "queries": f"{ours_q} ({rows // 2} rows: {ours_q_half}); "
            f"res.partner: {base_q}",
        }
    ]


def bench_case_form(env, measure):
    """Opening a case form: queries constant in barriers, goals, referrals.

    The case with the most lines is measured as it is, and again after ten
    more goals (with steps), barriers, contacts and referrals (rolled back).
    """
    from odoo.addons.fallmanagement.tests.web_spec import view_specification

    # a case with lines on every tab (and a county contact), the most lines
    env.cr.execute(
        """
        SELECT c.id
          FROM fall_case c
         WHERE c.county_contact_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM fall_case_barrier b WHERE b.case_id = c.id)
           AND EXISTS (SELECT 1 FROM fall_goal g WHERE g.case_id = c.id)
           AND EXISTS (SELECT 1 FROM fall_contact t WHERE t.case_id = c.id)
           AND EXISTS (SELECT 1 FROM fall_referral r WHERE r.case_id = c.id)
           AND EXISTS (SELECT 1 FROM fall_authority_matter m WHERE m.case_id = c.id)
         ORDER BY (SELECT count(*) FROM fall_case_barrier b WHERE b.case_id = c.id)
                + (SELECT count(*) FROM fall_goal g WHERE g.case_id = c.id)
                + (SELECT count(*) FROM fall_referral r WHERE r.case_id = c.id)
                + (SELECT count(*) FROM fall_contact t WHERE t.case_id = c.id) DESC,
                  c.id
         LIMIT 1
        """
    )
    case = env["fall.case"].browse(env.cr.fetchone()[0])
    user = case.user_id or first_user(
        env, "fallmanagement.group_fall_manager", case.company_id
    )
    Case = env["fall.case"].with_user(user).with_company(case.company_id)
    spec = view_specification(Case, "form")

    def lines():
        return (
            len(case.barrier_ids)
            + len(case.goal_ids)
            + len(case.step_ids)
            + len(case.contact_ids)
            + len(case.referral_ids)
        )

    before_lines = lines()
    before_t, before_q = measure(lambda: Case.browse(case.id).web_read(spec))
    # ten more of each kind
    used = case.barrier_ids.barrier_type_id
    types = env["fall.barrier.type"].search([("id", "not in", used.ids)], limit=10)
    env["fall.case.barrier"].create(
        [{"case_id": case.id, "barrier_type_id": t.id} for t in types]
    )
    goals = env["fall.goal"].create(
        [{"case_id": case.id, "name": f"Ziel {i}"} for i in range(10)]
    )
    env["fall.goal.step"].create([{"goal_id": g.id, "name": "Schritt"} for g in goals])
    today = datetime.date.today()
    # by the case's counsellor, to the case's partner: more lines of the
    # kinds the form already shows
    env["fall.contact"].create(
        [
            {
                "case_id": case.id,
                "date": today,
                "duration": 1.0,
                "user_id": case.contact_ids[:1].user_id.id or user.id,
            }
            for _i in range(10)
        ]
    )
    partner = case.referral_ids[:1].partner_id
    env["fall.referral"].create(
        [{"case_id": case.id, "partner_id": partner.id} for _i in range(10)]
    )
    env.flush_all()
    env.invalidate_all()
    after_lines = lines()
    after_t, after_q = measure(lambda: Case.browse(case.id).web_read(spec))
    return [
        {
            "name": f"Case form, {after_lines} lines vs {before_lines} lines",
            "ours": after_t,
            "base": before_t,
            "baseline": f"the same form with {before_lines} lines",
            "ratio": after_t / before_t,
            "target": "≤ 25 queries, constant",
            "ok": after_q <= 25 and after_q == before_q,
            "queries": f"{after_q} vs {before_q}",
        }
    ]


def _period_for(env, company, count):
    """The shortest period up to today with at least ``count`` active cases."""
    today = datetime.date.today()
    env.cr.execute(
        """
        SELECT date_from FROM (
            SELECT d::date AS date_from,
                   (SELECT count(*) FROM fall_case c
                     WHERE c.company_id = %(company)s AND c.opened_date <= %(today)s
                       AND (c.closed_date IS NULL OR c.closed_date >= d::date)) AS n
              FROM generate_series(%(today)s::date - interval '6 years',
                                   %(today)s::date, interval '1 week') d
        ) t WHERE n >= %(count)s ORDER BY date_from DESC LIMIT 1
        """,
        {"company": company.id, "today": today, "count": count},
    )
    row = env.cr.fetchone()
    return (row[0] if row else today - datetime.timedelta(days=6 * 365)), today


def bench_county_export(env, measure, count):
    """County workbook vs Odoo's export of the same fields vs raw xlsxwriter."""
    import xlsxwriter

    from odoo.addons.fallmanagement.models.fall_case import FALL_COUNTY_FIELDS
    from odoo.addons.fallmanagement.report.county_statistics import CountyScope
    from odoo.addons.web.controllers import export as web_export

    # the same fields as the county's case list, in its order (the floor's
    # SQL below selects them in this order too)
    COUNTY_EXPORT_FIELDS = list(FALL_COUNTY_FIELDS)

    company = env["fall.case"].search([], limit=1).company_id
    lead = first_user(env, "fallmanagement.group_fall_manager", company)
    date_from, date_to = _period_for(env, company, count)
    wizard = (
        env["fall.county.report"]
        .with_user(lead)
        .create(
            {
                "date_from": date_from,
                "date_to": date_to,
                "company_ids": [(6, 0, company.ids)],
                "recipient": "county",
            }
        )
    )
    Report = env["ir.actions.report"].with_user(lead)
    Renderer = env["report.fallmanagement.county_report_xlsx"].with_user(lead)
    scope = CountyScope.from_wizard(wizard)
    case_ids = Renderer._case_list_ids(scope)

    def ours():
        Report._render_xlsx("fallmanagement.county_report_xlsx", wizard.ids, {})

    # the export right of the web client's "Export" (rolled back at the end)
    lead.groups_id = [(4, env.ref("base.group_allow_export").id)]
    Case = env["fall.case"].with_user(lead).with_company(company)
    domain = scope.case_domain_active()
    # Odoo's export (web client "Export", xlsx) needs a request for its writer
    web_export.request = SimpleNamespace(env=Case.env)

    def odoo_export():
        records = Case.search(domain)
        rows = records.export_data(COUNTY_EXPORT_FIELDS)["datas"]
        fields = [
            {"name": f, "label": Case._fields[f].string, "type": Case._fields[f].type}
            for f in COUNTY_EXPORT_FIELDS
        ]
        headers = [field["label"] for field in fields]
        web_export.ExcelExport().from_data(fields, headers, rows)

    def floor():
        env.cr.execute(
            """
            SELECT c.name, co.name, s.name->>'en_US', p.name, c.assignment_date,
                   cc.name, c.opened_date, c.review_date, c.plan_review_due_date,
                   cl.fall_customer_number, c.contact_hours, c.closed_date,
                   c.closure_reason, c.job_start_date, c.job_kind
              FROM fall_case c
              JOIN res_company co ON co.id = c.company_id
              LEFT JOIN fall_case_stage s ON s.id = c.stage_id
              LEFT JOIN res_users u ON u.id = c.user_id
              LEFT JOIN res_partner p ON p.id = u.partner_id
              LEFT JOIN res_partner cc ON cc.id = c.county_contact_id
              JOIN res_partner cl ON cl.id = c.client_id
             WHERE c.id = ANY(%s)
             ORDER BY c.company_id, c.name, c.id
            """,
            [case_ids],
        )
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"constant_memory": True})
        sheet = book.add_worksheet()
        date_format = book.add_format({"num_format": "dd.mm.yyyy"})
        for col, fname in enumerate(COUNTY_EXPORT_FIELDS):
            sheet.write_string(0, col, fname)
        for row, values in enumerate(env.cr.fetchall(), start=1):
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    sheet.write_datetime(
                        row,
                        col,
                        datetime.datetime.combine(value, datetime.time()),
                        date_format,
                    )
                elif isinstance(value, int | float):
                    sheet.write_number(row, col, value)
                else:
                    sheet.write_string(row, col, str(value))
        book.close()

    runs = measure.runs
    measure.runs = max(3, runs // 2)
    odoo_t, odoo_q = measure(odoo_export)
    measure.runs = runs
    # ours and the floor alternately: the ratio sees one state of the machine
    (ours_t, ours_q), (floor_t, _floor_q) = measure_pair(env, ours, floor, runs)
    mem_ours = peak_memory(env, ours)
    mem_odoo = peak_memory(env, odoo_export)
    # flat memory: the same export with half the cases in the case list
    from unittest.mock import patch

    half_ids = case_ids[: len(case_ids) // 2]
    half_cases = len(half_ids)
    with patch.object(
        type(Renderer), "_case_list_ids", lambda self, scope, ids=half_ids: list(ids)
    ):
        mem_half = peak_memory(
            env,
            lambda: Report._render_xlsx(
                "fallmanagement.county_report_xlsx", wizard.ids, {}
            ),
        )
    n = len(case_ids)
    return [
        {
            "name": f"County workbook, {n} cases (statistics + case list)",
            "ours": ours_t,
            "base": odoo_t,
            "baseline": "Odoo's xlsx export of the same fields",
            "ratio": odoo_t / ours_t,
            "target": "≥ 3× faster",
            "ok": odoo_t / ours_t >= 3,
            "queries": f"{ours_q} vs {odoo_q}",
            "ratio_label": "faster",
        },
        {
            "name": f"County workbook, {n} cases",
            "ours": ours_t,
            "base": floor_t,
            "baseline": "raw xlsxwriter from one SQL query (floor)",
            "ratio": ours_t / floor_t,
            "target": "≤ 1.5× the floor",
            "ok": ours_t / floor_t <= 1.5,
            "queries": f"{ours_q} vs 1",
        },
        {
            "name": "Peak memory of the county workbook",
            "ours": mem_ours,
            "base": mem_half,
            "baseline": f"the same for {half_cases} cases; Odoo export: "
            f"{mem_odoo:.1f} MiB",
            "ratio": mem_ours / mem_half,
            "target": "flat",
            "ok": mem_ours / mem_half < 1.5,
            "queries": "",
            "unit": "MiB",
        },
    ]


def bench_agenda_proposal(env, measure):
    """Agenda proposal: queries constant in the number of proposed cases."""
    if "fall.conference" not in env:
        return []
    case = env["fall.case"].search([("is_closed", "=", False)], limit=1)
    company = case.company_id
    counsellor = case.user_id
    county_user = first_user(env, "fallmanagement.group_fall_county")
    start = datetime.datetime.now().replace(microsecond=0) + datetime.timedelta(days=14)
    conference = (
        env["fall.conference"]
        .with_user(county_user)
        .create(
            {
                "name": "Benchmark-Konferenz",
                "start": start,
                "participant_user_ids": [(6, 0, counsellor.ids)],
                "association_ids": [(6, 0, company.ids)],
            }
        )
    )
    Case = env["fall.case"].with_user(counsellor).with_company(company)
    conference_as_counsellor = conference.with_user(counsellor).with_company(company)
    open_cases = env["fall.case"].search(
        [("company_id", "=", company.id), ("is_closed", "=", False)], order="id"
    )
    # Only flagged cases are to be candidates: no other reason applies to any
    # case of the association (rolled back at the end).
    env.cr.execute(
        """
        UPDATE fall_case
           SET fall_conference_flag = false, write_date = now(),
               review_date = NULL, plan_review_due_date = %s,
               assignment_date = LEAST(assignment_date, opened_date - 400),
               follow_up_end_date = NULL
         WHERE company_id = %s
        """,
        [datetime.date.today() + datetime.timedelta(days=180), company.id],
    )
    env.invalidate_all()
    results = {}
    for size in (25, 50):
        open_cases[:size].write({"fall_conference_flag": True})
        env.flush_all()

        def propose():
            return Case._fall_conference_candidates(conference_as_counsellor)

        elapsed, queries = measure(propose)
        found = len(propose())
        elapsed_wizard, queries_wizard = measure(
            conference_as_counsellor.action_propose_items
        )
        results[size] = (elapsed, queries, found, elapsed_wizard, queries_wizard)
    big, small = results[50], results[25]
    return [
        {
            "name": f"Agenda proposal, {big[2]} cases",
            "ours": big[3],
            "base": small[3],
            "baseline": f"the same with {small[2]} cases",
            "ratio": big[3] / small[3],
            "target": "queries constant",
            "ok": big[4] == small[4] and big[1] == small[1],
            "queries": f"{big[4]} vs {small[4]} (candidate search alone: "
            f"{big[1]} vs {small[1]})",
        }
    ]


def format_table(rows, info):
    lines = [
        (
            f"Benchmarks on {info['cases']} cases / {info['clients']} clients "
            f"({info['date']}, {info['machine']})"
        ),
        "",
        "| Benchmark | ours | baseline | ratio | target | queries | ok |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        unit = row.get("unit")
        if unit:
            ours = f"{row['ours']:.1f} {unit}"
            base = f"{row['base']:.1f} {unit}"
        else:
            ours = f"{row['ours'] * 1000:.1f} ms"
            base = f"{row['base'] * 1000:.1f} ms"
        ratio = f"{row['ratio']:.2f}×" + (
            f" {row['ratio_label']}" if row.get("ratio_label") else ""
        )
        lines.append(
            f"| {row['name']} | {ours} | {base} ({row['baseline']}) | {ratio} | "
            f"{row['target']} | {row['queries']} | {'yes' if row['ok'] else 'NO'} |"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    registry = setup_odoo(args)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
        measure = Measure(env, args.runs)
        rows = []
        rows += bench_case_list(env, measure, 80)
        rows += bench_case_form(env, measure)
        rows += bench_county_export(env, measure, args.export_cases)
        rows += bench_agenda_proposal(env, measure)
        info = {
            "cases": env["fall.case"].search_count([]),
            "clients": env["res.partner"].search_count([("fall_is_client", "=", True)]),
            "date": datetime.date.today().isoformat(),
            "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        }
        cr.rollback()  # the benchmarks leave nothing behind
    table = format_table(rows, info)
    print(table)
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(table + "\n")
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
