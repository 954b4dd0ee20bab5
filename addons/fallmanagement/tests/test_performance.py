"""The case list must not issue one query per case (record rules included)."""

from odoo.tests import tagged, users, warmup

from .common import FallmanagementCommon
from .web_spec import view_specification

QUERIES = 13


@tagged("post_install", "-at_install", "is_query_count")
class TestCaseListPerformance(FallmanagementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        counsellors = cls.user_counsellor | cls.user_colleague | cls.user_lead
        clients = cls.env["res.partner"].create(
            [
                {
                    "name": f"Klient {index:02d}",
                    "fall_is_client": True,
                    "company_id": cls.company_alra.id,
                    "fall_customer_number": f"K-{index:04d}",
                }
                for index in range(40)
            ]
        )
        cls.cases = (
            cls.env["fall.case"]
            .with_company(cls.company_alra)
            .create(
                [
                    {
                        "client_id": client.id,
                        "user_id": counsellors[index % 3].id,
                        "opened_date": "2026-01-15",
                        "review_date": f"2026-03-{index % 28 + 1:02d}",
                        "priority": str(index % 2),
                    }
                    for index, client in enumerate(clients)
                ]
            )
        )
        cls.env["fall.contact"].create(
            [
                {"case_id": case.id, "date": "2026-02-01", "duration": 1.5}
                for case in cls.cases
            ]
        )
        # Noise in the other association: filtered out by the record rules.
        cls._create_case(
            cls._create_client(cls.company_aia, name="AiA Klient"),
            cls.user_counsellor_aia,
        )

    @users("fm_counsellor")
    @warmup
    def test_case_list_query_count(self):
        Case = self.env["fall.case"]
        # what the web client asks for the list view fall_case_view_list
        specification = view_specification(Case, "list")
        self.assertIn("client_name", specification)
        self.assertIn("activity_state", specification)  # list_activity widget
        domain = [("is_closed", "=", False)]
        for limit in (20, 40):
            self.env.invalidate_all()
            with self.assertQueryCount(fm_counsellor=QUERIES):
                result = Case.web_search_read(
                    domain, specification, limit=limit, count_limit=10001
                )
            self.assertEqual(len(result["records"]), limit)
            self.assertEqual(result["length"], 41)


@tagged("post_install", "-at_install", "is_query_count")
class TestCaseFormPerformance(FallmanagementCommon):
    """Opening a case form: at most 25 queries, whatever the case holds."""

    MAX_FORM_QUERIES = 25

    def _fill(self, case, count):
        types = self.env["fall.barrier.type"].search([], limit=count)
        self.env["fall.case.barrier"].create(
            [
                {"case_id": case.id, "barrier_type_id": barrier_type.id}
                for barrier_type in types
            ]
        )
        goals = self.env["fall.goal"].create(
            [{"case_id": case.id, "name": f"Ziel {i}"} for i in range(count)]
        )
        self.env["fall.goal.step"].create(
            [{"goal_id": goal.id, "name": "Schritt"} for goal in goals]
        )
        self.env["fall.contact"].create(
            [
                {"case_id": case.id, "date": "2026-02-01", "duration": 1.0}
                for _i in range(count)
            ]
        )
        partner_type = self.env.ref("fallmanagement.fall_partner_type_debt")
        partner = self.env["res.partner"].create(
            {
                "name": "Netzwerk",
                "is_company": True,
                "fall_partner_type_id": partner_type.id,
            }
        )
        self.env["fall.referral"].create(
            [{"case_id": case.id, "partner_id": partner.id} for _i in range(count)]
        )
        authority = self.env["res.partner"].create(
            {"name": "Jobcenter", "is_company": True}
        )
        self.env["fall.authority.matter"].create(
            [
                {
                    "name": f"Antrag {i}",
                    "case_id": case.id,
                    "authority_id": authority.id,
                    "kind": "citizen_benefit",
                }
                for i in range(count)
            ]
        )

    def _form_queries(self, case, spec):
        """Queries of opening the form once the worker's caches are warm."""
        Case = self.env["fall.case"].with_user(self.user_counsellor)
        counts = []
        for _run in range(3):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Case.browse(case.id).web_read(spec)
            counts.append(self.env.cr.sql_log_count - before)
        return counts[-1]

    def test_case_form_query_count(self):
        spec = view_specification(
            self.env["fall.case"].with_user(self.user_counsellor), "form"
        )
        self.assertIn("barrier_ids", spec)
        self.assertIn("referral_ids", spec)
        small = self._create_other_case(self.user_counsellor)
        self._fill(small, 1)
        large = self._create_other_case(self.user_counsellor)
        self._fill(large, 10)
        queries_small = self._form_queries(small, spec)
        queries_large = self._form_queries(large, spec)
        self.assertEqual(queries_large, queries_small)
        self.assertLessEqual(queries_large, self.MAX_FORM_QUERIES)
        self.env.invalidate_all()
        with self.assertQueryCount(queries_large):
            self.env["fall.case"].with_user(self.user_counsellor).browse(
                large.id
            ).web_read(spec)
