from odoo.tests import tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import FallmanagementContentCommon


@tagged("post_install", "-at_install")
class TestDashboards(FallmanagementContentCommon):
    """The saved filters of the leads' dashboards work as they are stored."""

    def _filters(self):
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "fallmanagement"), ("model", "=", "ir.filters")])
        )
        return self.env["ir.filters"].browse(data.mapped("res_id"))

    @users("fm_lead")
    def test_saved_filters_group_and_measure(self):
        filters = self._filters()
        self.assertGreaterEqual(len(filters), 8)
        for saved in filters.sudo():
            with self.subTest(filter=saved.name):
                self.assertFalse(saved.user_id, "shared with all who may open it")
                self.assertTrue(saved.action_id)
                model = self.env[saved.model_id]
                domain = safe_eval(saved.domain)
                context = safe_eval(saved.context)
                measures = [
                    m for m in context.get("pivot_measures", []) if m != "__count"
                ]
                for measure in measures + [context.get("graph_measure")]:
                    if measure and measure != "__count":
                        self.assertTrue(model._fields[measure].aggregator, measure)
                aggregates = ["__count"] + [
                    f"{m}:{model._fields[m].aggregator}" for m in measures
                ]
                for key in (
                    "pivot_row_groupby",
                    "pivot_column_groupby",
                    "graph_groupbys",
                ):
                    groupby = context.get(key)
                    if groupby:
                        # runs the lead's grouping with her record rules
                        model._read_group(domain, groupby, aggregates)

    @users("fm_lead")
    def test_barrier_dashboard_counts(self):
        self.case_barrier_debts.sudo().write(
            {"severity_intake": "3", "severity_current": "1"}
        )
        groups = self.env["fall.case.barrier"]._read_group(
            [("case_id", "=", self.case.id)],
            ["barrier_type_id"],
            ["intake_count:sum", "current_count:sum", "reduced_count:sum"],
        )
        by_type = {t: (i, c, r) for t, i, c, r in groups}
        self.assertEqual(by_type[self.barrier_debts], (1, 1, 1))
        self.assertEqual(by_type[self.barrier_addiction], (1, 1, 0))

    def test_dashboards_only_for_leads(self):
        menu = self.env.ref("fallmanagement.fallmanagement_menu_reporting")
        self.assertIn(
            menu,
            self.env["ir.ui.menu"].with_user(self.user_lead)._visible_menu_ids()
            and self.env["ir.ui.menu"]
            .with_user(self.user_lead)
            .search([("id", "=", menu.id)]),
        )
        self.assertFalse(
            self.env["ir.ui.menu"]
            .with_user(self.user_counsellor)
            .search([("id", "=", menu.id)])
        )
