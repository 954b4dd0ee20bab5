import datetime
from io import BytesIO

import xlsxwriter

from odoo import fields, models
from odoo.tools import format_date, format_datetime

from ..models.fall_case import FALL_COUNTY_FIELDS
from .county_case_list import case_list_ids, case_list_rows
from .county_sheets import statistics_sheets
from .county_statistics import CountyScope, suppressed_cells
from .small_cells import PRIMARY, SECONDARY

CHART_TYPES = {
    "column": {"type": "column"},
    "column_stacked": {"type": "column", "subtype": "stacked"},
    "bar": {"type": "bar"},
    "bar_stacked": {"type": "bar", "subtype": "stacked"},
}
# Excel's day 0 (1900 date system)
EXCEL_EPOCH = datetime.date(1899, 12, 31).toordinal()
NUMBER_FORMATS = {
    "count": "#,##0",
    "hours": "#,##0.0",
    "days": "#,##0.0",
    "share": "0.0%",
}


def excel_date(day):
    """The serial number Excel stores for ``day``, as xlsxwriter's
    ``write_datetime`` computes it (with Excel's 29 February 1900)."""
    serial = day.toordinal() - EXCEL_EPOCH
    return serial + 1 if serial > 59 else serial


class ReportFallCountyXlsx(models.AbstractModel):
    """The county's workbook: statistics sheets with charts and the case list.

    The wizard (``fall.county.report``) holds the parameters; the figures are
    this report's own: ``county_statistics`` (scope, access check, tables),
    ``county_sheets`` (the statistics sheets), ``county_case_list``,
    ``small_cells`` (suppression for the county).

    Written in xlsxwriter's constant-memory mode: every sheet is written row
    by row and flushed to disk, so the case list of a large county does not
    grow the memory of the worker.
    """

    _name = "report.fallmanagement.county_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "County Report (Excel)"

    def get_workbook_options(self):
        return {
            "constant_memory": True,
            # user input stays text: a note starting with "=" is no formula
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "dd.mm.yyyy",
        }

    def create_xlsx_report(self, docids, data):
        """As ``report_xlsx`` does, then the export log, which needs the
        finished file (size, checksum) and the cases of the case list."""
        wizard = self.env["fall.county.report"].browse(docids)
        wizard.ensure_one()
        scope = CountyScope.from_wizard(wizard)
        file_data = BytesIO()
        workbook = xlsxwriter.Workbook(file_data, self.get_workbook_options())
        case_ids = self._write_workbook(workbook, scope)
        workbook.close()
        content = file_data.getvalue()
        self.env["fall.report.export"]._log_export(
            {
                "date_from": scope.date_from,
                "date_to": scope.date_to,
                "company_ids": scope.company_ids,
                "recipient": scope.recipient,
                "min_cell": scope.min_cell,
                "include_case_list": scope.include_case_list,
            },
            content,
            case_ids,
        )
        return content, "xlsx"

    def generate_xlsx_report(self, workbook, data, objs):
        for wizard in objs:
            self._write_workbook(workbook, CountyScope.from_wizard(wizard))

    # ------------------------------------------------------------------
    # Contents (extension hooks)
    # ------------------------------------------------------------------
    def _statistics_sheets(self, scope):
        """The statistics sheets of the workbook, in order."""
        return statistics_sheets(scope)

    def _case_list_fields(self):
        """The case list's columns: stored fields of ``fall.case``."""
        return list(FALL_COUNTY_FIELDS)

    def _case_list_ids(self, scope):
        return case_list_ids(scope)

    # ------------------------------------------------------------------
    def _formats(self, workbook):
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "subtitle": workbook.add_format({"bold": True, "font_size": 11}),
            "info": workbook.add_format({"italic": True, "font_color": "#555555"}),
            "header": workbook.add_format(
                {
                    "bold": True,
                    "bg_color": "#DDE6F0",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "top",
                }
            ),
            "label": workbook.add_format({"border": 1}),
            "label_month": workbook.add_format(
                {"border": 1, "num_format": "mmmm yyyy"}
            ),
            "suppressed": workbook.add_format({"border": 1, "align": "right"}),
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": "dd.mm.yyyy"}),
            "number": workbook.add_format({"num_format": "#,##0.0"}),
        }
        for kind, num_format in NUMBER_FORMATS.items():
            formats[kind] = workbook.add_format({"border": 1, "num_format": num_format})
        return formats

    def _write_workbook(self, workbook, scope):
        """Write all sheets; return the ids of the cases in the case list."""
        formats = self._formats(workbook)
        sheets = self._statistics_sheets(scope)
        hidden = suppressed_cells(sheets, scope.min_cell)
        for sheet in sheets:
            self._write_sheet(workbook, formats, scope, sheet, hidden)
        if not scope.include_case_list:
            return []
        case_ids = self._case_list_ids(scope)
        self._write_case_list(workbook, formats, scope, case_ids)
        return case_ids

    def _page_setup(self, sheet):
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_footer("&L&A&R" + self.env._("Page &P of &N"))

    def _write_header(self, sheet, formats, scope, title):
        env = self.env
        sheet.write_string(0, 0, title, formats["title"])
        sheet.write_string(
            1,
            0,
            env._(
                "Period: %(from)s to %(to)s",
                **{
                    "from": format_date(env, scope.date_from),
                    "to": format_date(env, scope.date_to),
                },
            ),
            formats["info"],
        )
        sheet.write_string(
            2,
            0,
            env._(
                "Associations: %(names)s",
                names=", ".join(scope.companies.mapped("name")),
            ),
            formats["info"],
        )
        sheet.write_string(
            3,
            0,
            env._(
                "Created on %(date)s by %(user)s",
                date=format_datetime(env, fields.Datetime.now()),
                user=env.user.name,
            ),
            formats["info"],
        )
        if scope.min_cell > 1:
            legend = env._(
                "For the county: values from 1 to %(max)s appear as '<%(min)s'; "
                "'–': no value, or one based on fewer than %(min)s cases; 'x': "
                "withheld (any value) so that no such figure can be recomputed "
                "from totals, differences or shares.",
                max=scope.min_cell - 1,
                min=scope.min_cell,
            )
        else:
            legend = env._(
                "Internal use: not to be passed on. '–': no value.",
            )
        sheet.write_string(4, 0, legend, formats["info"])
        return 6

    def _write_cell(self, sheet, formats, scope, row, col, cell, kind, reason):
        """Write one figure; ``reason``: why it is hidden (see small_cells)."""
        value, _base = cell
        if value is None:
            sheet.write_string(row, col, "–", formats["suppressed"])
        elif reason == PRIMARY:
            sheet.write_string(
                row,
                col,
                f"<{scope.min_cell}" if kind == "count" else "–",
                formats["suppressed"],
            )
        elif reason == SECONDARY:
            sheet.write_string(row, col, "x", formats["suppressed"])
        elif kind == "text":
            sheet.write_string(row, col, str(value), formats["label"])
        else:
            sheet.write_number(row, col, value, formats[kind])

    def _write_sheet(self, workbook, formats, scope, report_sheet, hidden):
        sheet = workbook.add_worksheet(report_sheet.name[:31])
        width = max((len(t.headers) for t in report_sheet.tables), default=1)
        self._page_setup(sheet)
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, width, 16)
        row = self._write_header(sheet, formats, scope, report_sheet.title)
        for table in report_sheet.tables:
            start = row
            sheet.write_string(row, 0, table.title, formats["subtitle"])
            row += 1
            header_row = row
            sheet.set_row(row, 30)
            sheet.write_string(row, 0, "", formats["header"])
            for col, header in enumerate(table.headers, start=1):
                sheet.write_string(row, col, header, formats["header"])
            row += 1
            first = row
            for index, (label, cells) in enumerate(table.rows):
                if isinstance(label, datetime.date):
                    sheet.write_datetime(
                        row,
                        0,
                        datetime.datetime.combine(label, datetime.time()),
                        formats["label_month"],
                    )
                else:
                    sheet.write_string(row, 0, str(label), formats["label"])
                for col, cell in enumerate(cells, start=1):
                    self._write_cell(
                        sheet,
                        formats,
                        scope,
                        row,
                        col,
                        cell,
                        table.kind(index, col - 1),
                        hidden.get(table.cell(index, col - 1)),
                    )
                row += 1
            last = row - 1
            if table.note:
                sheet.write_string(row, 0, table.note, formats["info"])
                row += 1
            if table.chart and table.rows:
                self._insert_chart(
                    workbook, sheet, table, start, header_row, first, last
                )
                # leave room for the chart below short tables
                row = max(row, start + 16)
            row += 1

    def _insert_chart(self, workbook, sheet, table, start, header_row, first, last):
        spec = table.chart
        chart = workbook.add_chart(CHART_TYPES[spec["type"]])
        if spec.get("skip_last_row"):
            last -= 1
        if spec.get("rows"):
            last = min(last, first + spec["rows"] - 1)
        # by default a series per association: the total column is none
        columns = spec.get("columns") or max(len(table.headers) - 1, 1)
        name = sheet.get_name()
        for col in range(1, columns + 1):
            chart.add_series(
                {
                    "name": [name, header_row, col],
                    "categories": [name, first, 0, last, 0],
                    "values": [name, first, col, last, col],
                }
            )
        chart.set_title({"name": table.title})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 620, "height": 300})
        sheet.insert_chart(start, len(table.headers) + 2, chart)

    # ------------------------------------------------------------------
    def _write_case_list(self, workbook, formats, scope, case_ids):
        env = scope.env
        sheet = workbook.add_worksheet(env._("Case List")[:31])
        self._page_setup(sheet)
        Case = env["fall.case"]
        fnames = self._case_list_fields()
        columns = [Case._fields[fname] for fname in fnames]
        for col, field in enumerate(columns):
            sheet.set_column(col, col, 24 if field.type == "many2one" else 14)
        sheet.set_column(len(columns), len(columns), 18)
        row = self._write_header(sheet, formats, scope, env._("Case List"))
        sheet.write_string(
            row,
            0,
            env._(
                "Only the fields the county may see; fields that need the "
                "client's consent stay empty without a valid consent for the "
                "county."
            ),
            formats["info"],
        )
        row += 2
        for col, field in enumerate(columns):
            sheet.write_string(
                row, col, field._description_string(env), formats["header"]
            )
        sheet.write_string(
            row, len(columns), env._("Consent for the County"), formats["header"]
        )
        sheet.freeze_panes(row + 1, 1)
        sheet.autofilter(row, 0, row + max(len(case_ids), 1), len(columns))
        row += 1
        yes, no = env._("yes"), env._("no")
        kinds = [field.type for field in columns]
        date_format, number_format = formats["date"], formats["number"]
        write_string, write_number = sheet.write_string, sheet.write_number
        for values, consented in case_list_rows(env, case_ids, fnames):
            for col, value in enumerate(values):
                if value is None:
                    continue
                kind = kinds[col]
                if kind == "date":
                    # a date is a number in a date format: the cell
                    # write_datetime would write, without a datetime per cell
                    write_number(row, col, excel_date(value), date_format)
                elif kind == "float":
                    write_number(row, col, value, number_format)
                else:
                    write_string(row, col, value)
            write_string(row, len(columns), yes if consented else no)
            row += 1
