"""What the county's workbook is made of: its scope and its tables.

:class:`CountyScope` is one export: the associations and the period chosen
in the wizard (``fall.county.report``), the access check, and the
environment the figures are read in. :class:`ReportTable` and
:class:`ReportSheet` are the statistics as the sheets show them
(``county_sheets`` builds them, ``report_fall_county_xlsx`` writes them).
"""

import datetime
from dataclasses import dataclass, field

import pytz
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError

from .small_cells import suppress_cells

MAX_PERIOD_YEARS = 10


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


def check_period(env, date_from, date_to):
    """The period runs forwards and spans at most MAX_PERIOD_YEARS."""
    if date_to < date_from:
        raise ValidationError(
            env._(
                "The period ends (%(to)s) before it begins (%(from)s).",
                to=date_to,
                **{"from": date_from},
            )
        )
    if date_to >= date_from + relativedelta(years=MAX_PERIOD_YEARS):
        raise ValidationError(
            env._(
                "A report covers at most %(years)s years; please choose a "
                "shorter period.",
                years=MAX_PERIOD_YEARS,
            )
        )


def check_report_access(wizard):
    """Only heads of association report, and only on their associations."""
    wizard.ensure_one()
    env = wizard.env
    if not env.user.has_group("fallmanagement.group_fall_manager"):
        raise AccessError(
            env._("Only the head of an association can export reports for the county.")
        )
    # the own wizard only (record rule), whatever the cache holds of it
    wizard.check_access("read")
    # sudo: only to compare the chosen companies with the user's own ones
    # (a company the user does not belong to is not even readable).
    companies = wizard.sudo().company_ids
    if not companies:
        raise UserError(env._("Please choose at least one association."))
    foreign = companies - env.user.company_ids
    if foreign:
        raise AccessError(
            env._(
                "You cannot report on associations you do not belong to: %(names)s.",
                names=", ".join(foreign.mapped("name")),
            )
        )
    # also for a wizard saved before the rule
    check_period(env, wizard.date_from, wizard.date_to)


@dataclass
class CountyScope:
    """One export: what the wizard chose, read in the user's own rights."""

    env: object
    companies: object
    date_from: datetime.date
    date_to: datetime.date
    recipient: str
    min_cell: int
    include_case_list: bool

    @classmethod
    def from_wizard(cls, wizard):
        """The scope of ``wizard``, after the access check. The figures are
        read with the user's own rights, restricted to the chosen
        associations (archived records included)."""
        check_report_access(wizard)
        env = wizard.env(
            context=dict(
                wizard.env.context,
                allowed_company_ids=wizard.company_ids.ids,
                active_test=False,
            )
        )
        return cls(
            env=env,
            companies=wizard.company_ids.with_env(env).sorted("name"),
            date_from=wizard.date_from,
            date_to=wizard.date_to,
            recipient=wizard.recipient,
            min_cell=wizard.min_cell,
            include_case_list=wizard.include_case_list,
        )

    @property
    def company_ids(self):
        return self.companies.ids

    def period_datetimes(self):
        """The period as naive UTC datetimes ``[start, stop)`` (local days)."""
        tz = pytz.timezone(self.env.user.tz or "Europe/Berlin")

        def utc(day):
            local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(self.date_from), utc(self.date_to + datetime.timedelta(days=1))

    def columns(self):
        """Column headers: one per association, plus the total if several."""
        headers = self.companies.mapped("name")
        if len(self.companies) > 1:
            headers.append(self.env._("Total"))
        return headers

    def cells(self, counts, base=None):
        """Cells per association (+ total) from ``{company_id: value}``."""
        cells = [
            (counts.get(c.id, 0), (base or counts).get(c.id, 0)) for c in self.companies
        ]
        if len(self.companies) > 1:
            cells.append((sum(v for v, _b in cells), sum(b for _v, b in cells)))
        return cells

    def add_total_column(self, table, rows=None):
        """With several associations, the last column is the rows' total."""
        width = len(self.companies)
        if width > 1:
            table.add_row_sums(width, rows=rows)

    def case_domain_active(self):
        """Cases open at any time in the period."""
        return [
            ("company_id", "in", self.company_ids),
            ("opened_date", "<=", self.date_to),
            "|",
            ("closed_date", "=", False),
            ("closed_date", ">=", self.date_from),
        ]

    def count_by_company(self, model, domain, aggregate="__count"):
        groups = self.env[model]._read_group(domain, ["company_id"], [aggregate])
        return {company.id: value or 0 for company, value in groups}


def suppressed_cells(sheets, min_cell):
    """``{(table, row, col): reason}`` of the cells hidden from the county:
    small figures (primary) and the cells that would give them back through
    totals, differences or shares (secondary)."""
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
    return suppress_cells(cells, equations, derived, min_cell)
