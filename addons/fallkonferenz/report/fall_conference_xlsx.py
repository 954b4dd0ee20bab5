from odoo import models


class FallConferenceXlsx(models.AbstractModel):
    """Agenda and minutes of conferences as Excel, for the county.

    One sheet per conference. Rows are the agenda items the user may read;
    the case columns are the agenda item's case summary, i.e. exactly what
    the county may see of the case (empty outside its access period).
    """

    _name = "report.fallkonferenz.conference_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Case Conference Excel Export"

    def get_workbook_options(self):
        """User text stays text: a question starting with "=" is no formula,
        an address no link (CSV/formula injection)."""
        return {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        }

    def _get_columns(self):
        """(header, width, getter) of each column of the agenda table."""

        def selection_label(record, fname):
            field = record._fields[fname]
            return dict(field._description_selection(record.env)).get(record[fname], "")

        def name(record):
            return record.display_name if record else ""

        def date(value):
            return value.strftime("%d.%m.%Y") if value else ""

        def not_shared(item):
            # within the access period a missing value is a missing consent
            return self.env._("not shared") if item.case_info_visible else ""

        return [
            (self.env._("No."), 5, lambda item, index: index),
            (self.env._("Time"), 12, lambda item, index: item.time_slot),
            (self.env._("Case Number"), 18, lambda item, index: item.case_name),
            (self.env._("Association"), 22, lambda item, index: item.association_name),
            (self.env._("Presenter"), 20, lambda item, index: name(item.presenter_id)),
            (
                self.env._("Question to the Conference"),
                45,
                lambda item, index: item.question,
            ),
            (
                self.env._("Result"),
                14,
                lambda item, index: selection_label(item, "state"),
            ),
            (self.env._("Discussion Result"), 45, lambda item, index: item.result),
            (self.env._("Decisions"), 45, lambda item, index: item.decision),
            (
                self.env._("Tasks"),
                45,
                lambda item, index: "\n".join(
                    task._get_summary() for task in item.task_ids
                ),
            ),
            (self.env._("Phase"), 18, lambda item, index: name(item.case_stage_id)),
            (self.env._("Counsellor"), 20, lambda item, index: name(item.case_user_id)),
            (
                self.env._("Assignment Date"),
                14,
                lambda item, index: date(item.case_assignment_date),
            ),
            (
                self.env._("Customer Number"),
                16,
                lambda item, index: (
                    item.case_customer_number
                    if item.case_customer_number_shared
                    else not_shared(item)
                ),
            ),
            (
                self.env._("Plan Review Due"),
                14,
                lambda item, index: date(item.case_plan_review_due_date),
            ),
            (
                self.env._("Closure Reason"),
                20,
                lambda item, index: selection_label(item, "case_closure_reason"),
            ),
            (
                self.env._("Job Start Date"),
                14,
                lambda item, index: date(item.case_job_start_date),
            ),
        ]

    def generate_xlsx_report(self, workbook, data, conferences):
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
        )
        cell = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
        columns = self._get_columns()
        for conference in conferences:
            start = conference._get_local_start()
            sheet = workbook.add_worksheet(start.strftime("%Y-%m-%d"))
            sheet.write_string(0, 0, conference.name, title)
            sheet.write_string(1, 0, self.env._("Date"), bold)
            sheet.write_string(1, 1, start.strftime("%d.%m.%Y %H:%M"))
            sheet.write_string(2, 0, self.env._("Location"), bold)
            sheet.write_string(
                2, 1, conference.location or conference.videocall_url or ""
            )
            sheet.write_string(3, 0, self.env._("Status"), bold)
            sheet.write_string(
                3,
                1,
                dict(conference._fields["state"]._description_selection(self.env))[
                    conference.state
                ],
            )
            sheet.write_string(4, 0, self.env._("Organiser"), bold)
            sheet.write_string(4, 1, conference.user_id.name)
            row = 6
            for col, (label, width, _getter) in enumerate(columns):
                sheet.set_column(col, col, width)
                sheet.write_string(row, col, label, header)
            items = conference._get_visible_items()
            for index, item in enumerate(items, start=1):
                row += 1
                for col, (_label, _width, getter) in enumerate(columns):
                    value = getter(item, index) or ""
                    if isinstance(value, str):
                        sheet.write_string(row, col, value, cell)
                    else:
                        sheet.write_number(row, col, value, cell)
            sheet.freeze_panes(7, 0)
