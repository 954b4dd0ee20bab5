import datetime
import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..models.base import FALL_EARLIEST
from ..models.fall_case import FALL_COUNTY_BASE_FIELDS, FALL_COUNTY_FIELDS
from ..models.fall_report_export import RECIPIENTS
from .small_cells import suppress_cells

DEFAULT_MIN_CELL = 3
MAX_PERIOD_YEARS = 10
MIN_CELL_PARAM = "fallmanagement.report_min_cell"


def get_min_cell_setting(env):
    """Smallest aggregate shown as a number in workbooks for the county."""
    # sudo: reading a non-secret setting
    value = env["ir.config_parameter"].sudo().get_param(MIN_CELL_PARAM)
    try:
        return max(int(value), 0) if value else DEFAULT_MIN_CELL
    except ValueError:
        return DEFAULT_MIN_CELL


@dataclass(eq=False)
class ReportTable:
    """One table of a statistics sheet.

    ``rows`` are ``(label, [cell, ...])``; a cell is ``(value, base)``:
    ``base`` is the number of cases, referrals, ... the value stands for, which
    small-cell suppression looks at. ``kinds`` gives per column how the value
    is written: ``count``, ``hours``, ``days``, ``share`` or ``text``.

    ``equations`` and ``derived`` tell secondary suppression how a reader can
    recompute a cell (see ``small_cells``): ``(lhs, rhs)`` with
    ``sum(lhs) == sum(rhs)``, and ``(cell, sources)`` for shares and averages;
    cells as :meth:`cell` names them, also of other tables.
    """

    title: str
    headers: list
    kinds: list
    rows: list = field(default_factory=list)
    chart: dict = None
    note: str = ""
    # per row, overriding ``kinds`` (a table of mixed figures)
    row_kinds: list = None
    # False for figures that do not count people (hours)
    suppress: bool = True
    equations: list = field(default_factory=list)
    derived: list = field(default_factory=list)

    def cell(self, row, col):
        """The key of a cell: its row and column (0: first value column)."""
        return (self, row, col)

    def kind(self, row, col):
        return self.row_kinds[row] if self.row_kinds else self.kinds[col]

    def add_sum(self, total, members):
        """``total`` (a cell key) is the sum of ``members``."""
        self.equations.append(([total], list(members)))

    def add_row_sums(self, total_col, rows=None, columns=None):
        """Column ``total_col`` of each row is the sum of ``columns``."""
        columns = range(total_col) if columns is None else columns
        for row in range(len(self.rows)) if rows is None else rows:
            self.add_sum(
                self.cell(row, total_col), [self.cell(row, c) for c in columns]
            )

    def add_column_sums(self, total_row, columns):
        """Row ``total_row`` of each column is the sum of the rows above."""
        for col in columns:
            self.add_sum(
                self.cell(total_row, col),
                [self.cell(row, col) for row in range(total_row)],
            )


@dataclass
class ReportSheet:
    name: str
    title: str
    tables: list = field(default_factory=list)


class FallCountyReport(models.TransientModel):
    _name = "fall.county.report"
    _description = "County Report"
    _fall_date_ranges = {
        "date_from": (FALL_EARLIEST, relativedelta(years=1)),
        "date_to": (FALL_EARLIEST, relativedelta(years=1)),
    }

    @api.model
    def _default_date_from(self):
        today = fields.Date.context_today(self)
        quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return quarter_start - relativedelta(months=3)

    @api.model
    def _default_date_to(self):
        return self._default_date_from() + relativedelta(months=3, days=-1)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    company_ids = fields.Many2many(
        "res.company",
        string="Associations",
        required=True,
        default=lambda self: self.env.company,
        help="Offered are the associations you belong to.",
    )
    recipient = fields.Selection(
        RECIPIENTS,
        required=True,
        default="county",
        help="Workbooks for the county show aggregated values below the "
        "threshold of the settings as '<3'.",
    )
    include_case_list = fields.Boolean(
        string="Case List",
        default=True,
        help="A sheet with one line per case, with only the fields the county may see.",
    )
    min_cell = fields.Integer(
        string="Small-Cell Threshold",
        compute="_compute_min_cell",
        help="Aggregated values from 1 up to this number minus one appear as "
        "'<N' (0: no suppression).",
    )

    @api.depends("recipient")
    def _compute_min_cell(self):
        threshold = get_min_cell_setting(self.env)
        for wizard in self:
            wizard.min_cell = threshold if wizard.recipient == "county" else 0

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        """The period runs forwards and spans at most MAX_PERIOD_YEARS (its
        first and last day: ``_fall_date_ranges``)."""
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._(
                        "The period ends (%(to)s) before it begins (%(from)s).",
                        to=wizard.date_to,
                        **{"from": wizard.date_from},
                    )
                )
            if wizard.date_to >= wizard.date_from + relativedelta(
                years=MAX_PERIOD_YEARS
            ):
                raise ValidationError(
                    self.env._(
                        "A report covers at most %(years)s years; please choose a "
                        "shorter period.",
                        years=MAX_PERIOD_YEARS,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_report_access(self):
        """Only heads of association report, and only on their associations."""
        self.ensure_one()
        if not self.env.user.has_group("fallmanagement.group_fall_manager"):
            raise AccessError(
                self.env._(
                    "Only the head of an association can export reports for the county."
                )
            )
        # sudo: only to compare the chosen companies with the user's own ones
        # (a company the user does not belong to is not even readable).
        companies = self.sudo().company_ids
        if not companies:
            raise UserError(self.env._("Please choose at least one association."))
        foreign = companies - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot report on associations you do not belong to: "
                    "%(names)s.",
                    names=", ".join(foreign.mapped("name")),
                )
            )
        self._check_period()  # also for a wizard saved before the rule

    def action_export_xlsx(self):
        self._check_report_access()
        # config=False: no document layout configurator before a workbook
        return self.env.ref(
            "fallmanagement.action_report_fall_county_xlsx"
        ).report_action(self, config=False)

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def _report_env(self):
        """The environment the figures are read in: the user's own rights,
        restricted to the chosen associations."""
        self._check_report_access()
        return self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=self.company_ids.ids,
                active_test=False,
            )
        )

    def _period_datetimes(self):
        """The period as naive UTC datetimes ``[start, stop)`` (local days)."""
        tz = pytz.timezone(self.env.user.tz or "Europe/Berlin")

        def utc(day):
            local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(self.date_from), utc(self.date_to + datetime.timedelta(days=1))

    def _companies(self):
        return self.company_ids.sorted("name")

    def _columns(self):
        """Column headers: one per association, plus the total if several."""
        companies = self._companies()
        headers = companies.mapped("name")
        if len(companies) > 1:
            headers.append(self.env._("Total"))
        return headers

    def _cells(self, counts, base=None):
        """Cells per association (+ total) from ``{company_id: value}``."""
        companies = self._companies()
        cells = [
            (counts.get(c.id, 0), (base or counts).get(c.id, 0)) for c in companies
        ]
        if len(companies) > 1:
            cells.append((sum(v for v, _b in cells), sum(b for _v, b in cells)))
        return cells

    def _add_total_column(self, table, rows=None):
        """With several associations, the last column is the rows' total."""
        width = len(self._companies())
        if width > 1:
            table.add_row_sums(width, rows=rows)

    def _suppressed_cells(self, sheets):
        """``{(table, row, col): reason}`` of the cells hidden from the county:
        small figures (primary) and the cells that would give them back
        through totals, differences or shares (secondary)."""
        cells, equations, derived = {}, [], []
        for sheet in sheets:
            for table in sheet.tables:
                for row, (_label, values) in enumerate(table.rows):
                    for col, (value, base) in enumerate(values):
                        kind = table.kind(row, col)
                        if kind == "text":
                            continue
                        cells[table.cell(row, col)] = (
                            value,
                            base,
                            table.suppress,
                            kind == "count",
                        )
                equations += table.equations
                derived += table.derived
        return suppress_cells(cells, equations, derived, self.min_cell)

    def _case_domain_active(self):
        """Cases open at any time in the period."""
        return [
            ("company_id", "in", self.company_ids.ids),
            ("opened_date", "<=", self.date_to),
            "|",
            ("closed_date", "=", False),
            ("closed_date", ">=", self.date_from),
        ]

    def _count_by_company(self, env, model, domain, aggregate="__count"):
        groups = env[model]._read_group(domain, ["company_id"], [aggregate])
        return {company.id: value or 0 for company, value in groups}

    def _sheet_overview(self, env):
        Case = env["fall.case"]
        ids = self.company_ids.ids
        date_from, date_to = self.date_from, self.date_to
        in_company = [("company_id", "in", ids)]
        open_start = self._count_by_company(
            env,
            "fall.case",
            in_company
            + [
                ("opened_date", "<", date_from),
                "|",
                ("closed_date", "=", False),
                ("closed_date", ">=", date_from),
            ],
        )
        new = self._count_by_company(
            env,
            "fall.case",
            in_company
            + [("opened_date", ">=", date_from), ("opened_date", "<=", date_to)],
        )
        closed_domain = in_company + [
            ("closed_date", ">=", date_from),
            ("closed_date", "<=", date_to),
        ]
        closed = self._count_by_company(env, "fall.case", closed_domain)
        open_end = self._count_by_company(
            env,
            "fall.case",
            in_company
            + [
                ("opened_date", "<=", date_to),
                "|",
                ("closed_date", "=", False),
                ("closed_date", ">", date_to),
            ],
        )
        headers = self._columns()
        cases = ReportTable(
            title=self.env._("Cases"),
            headers=headers,
            kinds=["count"] * len(headers),
            rows=[
                (
                    self.env._("Open at the start of the period"),
                    self._cells(open_start),
                ),
                (self.env._("New cases"), self._cells(new)),
                (self.env._("Closed cases"), self._cells(closed)),
                (self.env._("Open at the end of the period"), self._cells(open_end)),
            ],
        )
        self._add_total_column(cases)
        for col in range(len(headers)):
            # open at the end = open at the start + new - closed
            cases.equations.append(
                (
                    [cases.cell(0, col), cases.cell(1, col)],
                    [cases.cell(2, col), cases.cell(3, col)],
                )
            )
        # Closure reasons
        reasons = dict(Case._fields["closure_reason"]._description_selection(env))
        by_reason = defaultdict(dict)
        for company, reason, count in Case._read_group(
            closed_domain, ["company_id", "closure_reason"], ["__count"]
        ):
            by_reason[reason][company.id] = count
        closures = ReportTable(
            title=self.env._("Closed Cases by Reason"),
            headers=headers,
            kinds=["count"] * len(headers),
            rows=[
                (label, self._cells(by_reason.get(code, {})))
                for code, label in reasons.items()
            ],
            chart={"type": "column"},
        )
        self._add_total_column(closures)
        for col in range(len(headers)):
            # every closed case has a reason
            closures.add_sum(
                cases.cell(2, col),
                [closures.cell(row, col) for row in range(len(closures.rows))],
            )
        # Job starts
        kinds = dict(Case._fields["job_kind"]._description_selection(env))
        job_domain = in_company + [
            ("job_start_date", ">=", date_from),
            ("job_start_date", "<=", date_to),
        ]
        by_kind = defaultdict(dict)
        for company, kind, count in Case._read_group(
            job_domain, ["company_id", "job_kind"], ["__count"]
        ):
            by_kind[kind][company.id] = count
        rows = [
            (label, self._cells(by_kind.get(code, {}))) for code, label in kinds.items()
        ]
        if by_kind.get(False):
            rows.append((self.env._("Kind not recorded"), self._cells(by_kind[False])))
        rows.append(
            (
                self.env._("Job starts in all"),
                self._cells(self._count_by_company(env, "fall.case", job_domain)),
            )
        )
        jobs = ReportTable(
            title=self.env._("Job Starts by Kind of Employment"),
            headers=headers,
            kinds=["count"] * len(headers),
            rows=rows,
            chart={"type": "column", "rows": len(kinds)},
        )
        self._add_total_column(jobs)
        jobs.add_column_sums(len(rows) - 1, range(len(headers)))
        # Average duration of the cases closed in the period
        durations = {}
        for company, total, count in Case._read_group(
            closed_domain, ["company_id"], ["duration_days:sum", "__count"]
        ):
            durations[company.id] = (total or 0, count)
        duration_cells = [
            (durations[c.id][0] / durations[c.id][1], durations[c.id][1])
            if c.id in durations
            else (None, 0)
            for c in self._companies()
        ]
        if len(self.company_ids) > 1:
            total = sum(t for t, _n in durations.values())
            count = sum(n for _t, n in durations.values())
            duration_cells.append((total / count if count else None, count))
        # Counselling hours
        contact_domain = in_company + [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        hours, contacts = {}, {}
        for company, total, count in env["fall.contact"]._read_group(
            contact_domain, ["company_id"], ["duration:sum", "__count"]
        ):
            hours[company.id], contacts[company.id] = total, count
        figures = ReportTable(
            title=self.env._("Duration and Counselling"),
            headers=headers,
            kinds=["days"] * len(headers),
            row_kinds=["days", "count", "hours"],
            rows=[
                (self.env._("Average duration of closed cases (days)"), duration_cells),
                (self.env._("Counselling contacts"), self._cells(contacts)),
                (
                    self.env._("Counselling hours"),
                    self._cells(hours, base=contacts),
                ),
            ],
        )
        self._add_total_column(figures, rows=[1, 2])
        if len(headers) > 1:
            # the average of all gives back a hidden average of one association
            last = len(headers) - 1
            figures.derived.append(
                (figures.cell(0, last), [figures.cell(0, c) for c in range(last)])
            )
        return ReportSheet(
            name=self.env._("Overview"),
            title=self.env._("Overview"),
            tables=[cases, closures, jobs, figures],
        )

    def _sheet_barriers(self, env):
        groups = env["fall.case.barrier"]._read_group(
            [("case_id", "any", self._case_domain_active())],
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
            title=self.env._("Barriers at Intake and Now"),
            headers=[
                self.env._("At Intake"),
                self.env._("Now"),
                self.env._("Reduced"),
                self.env._("Share Reduced"),
            ],
            kinds=["count", "count", "count", "share"],
            rows=rows,
            chart={"type": "bar", "columns": 2},
            note=self.env._(
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
            name=self.env._("Barriers"),
            title=self.env._("Barriers at Intake and Now"),
            tables=[table],
        )

    def _sheet_referrals(self, env):
        Referral = env["fall.referral"]
        domain = [
            ("company_id", "in", self.company_ids.ids),
            ("requested_date", ">=", self.date_from),
            ("requested_date", "<=", self.date_to),
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
                    partner_type.name or self.env._("Without Type"),
                    [(by_state.get(code, 0),) * 2 for code, _label in states]
                    + [
                        (total, total),
                        (statistics.median(days) if days else None, len(days)),
                    ],
                )
            )
        all_days = [d for days in waiting.values() for d in days]
        totals = [sum(counts[t].get(code, 0) for t in types) for code, _label in states]
        rows.append(
            (
                self.env._("Total"),
                [(v, v) for v in totals]
                + [
                    (sum(totals), sum(totals)),
                    (statistics.median(all_days) if all_days else None, len(all_days)),
                ],
            )
        )
        table = ReportTable(
            title=self.env._("Referrals by Partner Type and Outcome"),
            headers=[label for _code, label in states]
            + [self.env._("Total"), self.env._("Median Waiting Time (Days)")],
            kinds=["count"] * (len(states) + 1) + ["days"],
            rows=rows,
            chart={
                "type": "bar_stacked",
                "columns": len(states),
                "skip_last_row": True,
            },
            note=self.env._(
                "Referrals requested in the period, by their status today. The "
                "waiting time runs from the request to the first appointment."
            ),
        )
        table.add_row_sums(len(states))
        table.add_column_sums(len(rows) - 1, range(len(states) + 1))
        return ReportSheet(
            name=self.env._("Referrals"),
            title=self.env._("Referrals to Network Partners"),
            tables=[table],
        )

    def _sheet_hours(self, env):
        Contact = env["fall.contact"]
        domain = [
            ("company_id", "in", self.company_ids.ids),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        kinds = Contact._fields["kind"]._description_selection(env)
        by_month = defaultdict(dict)
        for month, kind, total in Contact._read_group(
            domain, ["date:month", "kind"], ["duration:sum"]
        ):
            by_month[month.date() if hasattr(month, "date") else month][kind] = total
        rows = []
        month = self.date_from.replace(day=1)
        while month <= self.date_to:
            values = by_month.get(month, {})
            row_total = sum(values.values())
            rows.append(
                (
                    month,
                    [
                        (values.get(code, 0.0), values.get(code, 0.0))
                        for code, _l in kinds
                    ]
                    + [(row_total, row_total)],
                )
            )
            month += relativedelta(months=1)
        table = ReportTable(
            title=self.env._("Counselling Hours by Month and Kind of Contact"),
            headers=[label for _code, label in kinds] + [self.env._("Total")],
            kinds=["hours"] * (len(kinds) + 1),
            rows=rows,
            chart={"type": "column_stacked", "columns": len(kinds)},
            # hours are no counts of people: no small-cell suppression
            suppress=False,
        )
        table.add_row_sums(len(kinds))
        return ReportSheet(
            name=self.env._("Counselling Hours"),
            title=self.env._("Counselling Hours"),
            tables=[table],
        )

    def _report_sheets(self, env):
        """The statistics sheets of the workbook, in order (extension hook)."""
        overview, hours = self._sheet_overview(env), self._sheet_hours(env)
        figures, by_month = overview.tables[3], hours.tables[0]
        # the hours of all months add up to the hours of the overview
        by_month.add_sum(
            figures.cell(2, len(figures.headers) - 1),
            [
                by_month.cell(row, len(by_month.headers) - 1)
                for row in range(len(by_month.rows))
            ],
        )
        return [overview, self._sheet_barriers(env), self._sheet_referrals(env), hours]

    # ------------------------------------------------------------------
    # Case list
    # ------------------------------------------------------------------
    def _case_list_fields(self):
        """The case list's columns: stored fields of ``fall.case``."""
        return list(FALL_COUNTY_FIELDS)

    def _case_list_base_fields(self):
        """The fields shown for every case; the others need a consent."""
        return list(FALL_COUNTY_BASE_FIELDS)

    def _case_list_ids(self, env):
        return (
            env["fall.case"]
            .search(self._case_domain_active(), order="company_id, name, id")
            .ids
        )

    def _case_list_rows(self, env, case_ids, chunk_size=5000):
        """Yield per case the values to write and whether the county's consent
        covers the client: ``(values, consented)``.

        ``values`` follows :meth:`_case_list_fields`: names for relations,
        labels for selections, ``datetime.date``, ``float`` or ``str``;
        ``None`` for an empty field or one the county may not see. Chunk by
        chunk, each read in one query per table from the ORM cache, which is
        dropped after each chunk: memory stays flat, and no field is read
        record by record.
        """
        Case = env["fall.case"]
        cache = env.cache
        fields_ = [Case._fields[fname] for fname in self._case_list_fields()]
        consent_fields = {f.name for f in fields_} - set(self._case_list_base_fields())
        # all stored: read from the cache as fetched (client_id for the consents)
        stored = [f.name for f in fields_] + ["client_id"]
        selections = {
            f.name: dict(f._description_selection(env))
            for f in fields_
            if f.type == "selection"
        }
        names = {}  # (model, id): display name, for all chunks
        for start in range(0, len(case_ids), chunk_size):
            cases = Case.browse(case_ids[start : start + chunk_size])
            cases.fetch(stored)
            visible = cases._fall_county_visible_fields()
            columns = []
            for column in fields_:
                raw = list(cache.get_values(cases, column))
                if column.type == "many2one":
                    comodel = column.comodel_name
                    missing = {v for v in raw if v and (comodel, v) not in names}
                    for record in env[comodel].browse(missing):
                        names[comodel, record.id] = record.display_name
                    raw = [names[comodel, v] if v else None for v in raw]
                elif column.type == "selection":
                    labels = selections[column.name]
                    raw = [labels.get(v) if v else None for v in raw]
                elif column.type != "float":
                    raw = [v or None for v in raw]
                columns.append((column.name, raw))
            for index, case_id in enumerate(cases.ids):
                shown = visible[case_id]
                yield (
                    [
                        values[index] if fname in shown else None
                        for fname, values in columns
                    ],
                    bool(consent_fields & shown),
                )
            env.invalidate_all()

    # ------------------------------------------------------------------
    # Export log
    # ------------------------------------------------------------------
    def _log_export(self, content, case_ids):
        """Record who exported which cases for which period."""
        self.ensure_one()
        # sudo: the log is written by the export itself; no user may write,
        # change or delete log entries (read-only access rights).
        export = (
            self.env["fall.report.export"]
            .sudo()
            .create(
                {
                    "user_id": self.env.uid,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "company_ids": [fields.Command.set(self.company_ids.ids)],
                    "recipient": self.recipient,
                    "min_cell": self.min_cell,
                    "include_case_list": self.include_case_list,
                    "case_count": len(case_ids),
                    "file_size": len(content),
                    "checksum": hashlib.sha256(content).hexdigest(),
                }
            )
        )
        # The cases in one statement (the ORM writes a many2many row by row
        # as parameters): the ids come from the user's own search.
        field = export._fields["case_ids"]
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s, %s) SELECT %s, unnest(%s::int[])",
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                SQL.identifier(field.column2),
                export.id,
                list(case_ids),
            )
        )
        export.invalidate_recordset(["case_ids"])
        return export
