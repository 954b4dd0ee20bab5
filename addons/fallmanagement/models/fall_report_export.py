import hashlib

from odoo import api, fields, models
from odoo.tools import SQL

RECIPIENTS = [
    ("county", "County (leaves the association)"),
    ("internal", "Internal Use"),
]


class FallReportExport(models.Model):
    """Export log: who exported which cases for which period, and when.

    Entries are written by the export only (:meth:`_log_export`) and can be
    read, never changed or deleted, by the heads of the associations.
    """

    _name = "fall.report.export"
    _description = "Report Export Log"
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name")
    user_id = fields.Many2one(
        "res.users", string="Exported By", required=True, readonly=True, index=True
    )
    create_date = fields.Datetime(string="Exported On", readonly=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    company_ids = fields.Many2many(
        "res.company", string="Associations", required=True, readonly=True
    )
    recipient = fields.Selection(RECIPIENTS, required=True, readonly=True)
    min_cell = fields.Integer(string="Small-Cell Threshold", readonly=True)
    include_case_list = fields.Boolean(string="Case List", readonly=True)
    case_ids = fields.Many2many(
        "fall.case",
        "fall_report_export_case_rel",
        "export_id",
        "case_id",
        string="Cases in the Case List",
        readonly=True,
    )
    case_count = fields.Integer(string="Number of Cases", readonly=True)
    file_size = fields.Integer(string="File Size (Bytes)", readonly=True)
    checksum = fields.Char(
        string="SHA-256",
        readonly=True,
        help="Checksum of the exported file: shows whether a workbook that "
        "turns up later is the one exported here.",
    )

    @api.depends("create_date", "date_from", "date_to")
    def _compute_name(self):
        for export in self:
            export.name = self.env._(
                "Export %(from)s – %(to)s",
                **{"from": export.date_from, "to": export.date_to},
            )

    @api.model
    def _log_export(self, values, content, case_ids):
        """Record the export of ``content`` by the current user.

        :param dict values: the export's parameters (period, associations,
            recipient, threshold, case list)
        :param bytes content: the file as exported
        :param list case_ids: the cases of its case list
        """
        # sudo: the heads of the associations may read the log only (no
        # create right), so that nobody can write an entry by hand. This
        # private method (not callable over RPC) is called by the county
        # report after its own access check, and it writes the current user
        # and the file's own size and checksum.
        export = self.sudo().create(
            {
                **values,
                "user_id": self.env.uid,
                "company_ids": [fields.Command.set(values["company_ids"])],
                "case_count": len(case_ids),
                "file_size": len(content),
                "checksum": hashlib.sha256(content).hexdigest(),
            }
        )
        # Raw SQL, for speed: the cases in one statement, their ids as one
        # array. The ORM writes a many2many as one (export, case) pair of
        # parameters per row and keeps the pairs in Python sets; for the
        # 17,000 cases of the 50k benchmark that took 1.2-1.3x the time of
        # this insert (measured alternately, 9 runs). The ids come from the
        # user's own search of the case list; the cache is invalidated below.
        field = self._fields["case_ids"]
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
