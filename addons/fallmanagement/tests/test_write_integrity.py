"""Write-side integrity (issue 10, L1 and L2): no user write moves a record
into another association, out of its case or out of reach of a record rule.

The reproductions are sent as an outsider would send them: logged in as the
role, over JSON-RPC. Each must be refused with a German message, and the
record must be unchanged afterwards (the failed request is rolled back).
"""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import FallmanagementCommon, FallmanagementContentCommon
from .common_rpc import CLIENT, DERIVED, FIXED, MOVING, RpcMixin, password


@tagged("post_install", "-at_install")
class TestWriteIntegrityRpc(RpcMixin, FallmanagementContentCommon, HttpCase):
    """Issue 10, L1 and L2, as the roles of ALRA send them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.goal_aia = cls._create_goal(cls.case_aia, name="AiA goal")
        categories = cls.env["fall.data.category"].search([], limit=1)
        cls.consent = cls.env["fall.consent"].create(
            {
                "client_id": cls.client.id,
                "recipient_kind": "county",
                "purpose": "Fallkonferenz",
                "data_category_ids": [Command.set(categories.ids)],
                "signed_date": "2026-02-01",
                "signed_scan": base64.b64encode(b"%PDF-1.4 signed consent"),
                "signed_scan_name": "einwilligung.pdf",
            }
        )
        partner_type = cls.env.ref("fallmanagement.fall_partner_type_debt")
        cls.partner_debt = cls.env["res.partner"].create(
            {
                "name": "Schuldnerberatung",
                "is_company": True,
                "fall_partner_type_id": partner_type.id,
            }
        )
        cls.referral = cls.env["fall.referral"].create(
            {"case_id": cls.case.id, "partner_id": cls.partner_debt.id}
        )

    def _snapshot(self, record, fnames):
        record.invalidate_recordset()
        return record.sudo().read(fnames)[0]

    def _assert_write_refused(self, user, record, vals, regex):
        before = self._snapshot(record, list(vals))
        self.assertRefused(user, record._name, "write", record.ids, vals, regex=regex)
        self.assertEqual(self._snapshot(record, list(vals)), before)

    # L1: stored related fields the record rules read

    def test_company_of_lines_cannot_be_written(self):
        """company_id of household member, consent, goal, step, contact,
        barrier and referral: AiA would then read them."""
        for record in (
            self.household_member,
            self.consent,
            self.goal,
            self.step,
            self.contact,
            self.case_barrier_debts,
            self.referral,
        ):
            with self.subTest(model=record._name):
                self._assert_write_refused(
                    self.user_lead,
                    record,
                    {"company_id": self.company_aia.id},
                    DERIVED,
                )
                self.assertUnreadable(self.user_lead_aia, record)

    def test_consent_scan_stays_in_the_association(self):
        self._assert_write_refused(
            self.user_counsellor,
            self.consent,
            {"company_id": self.company_aia.id},
            DERIVED,
        )
        self.authenticate(self.user_lead_aia.login, password(self.user_lead_aia.login))
        self._rpc_login = None
        response = self.url_open(
            f"/web/content/fall.consent/{self.consent.id}/signed_scan"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"signed consent", response.content)

    def test_lines_cannot_move_to_another_case(self):
        """The head of ALRA cannot move lines into an AiA case."""
        for record in (
            self.goal,
            self.contact,
            self.case_barrier_debts,
            self.referral,
        ):
            with self.subTest(model=record._name):
                self._assert_write_refused(
                    self.user_lead, record, {"case_id": self.case_aia.id}, FIXED
                )
                self.assertUnreadable(self.user_lead_aia, record)
        # a step follows its goal: moving it to an AiA goal moves its case
        self._assert_write_refused(
            self.user_lead, self.step, {"goal_id": self.goal_aia.id}, MOVING
        )
        self._assert_write_refused(
            self.user_lead, self.step, {"case_id": self.case_aia.id}, DERIVED
        )
        # a household member stays with its client
        self._assert_write_refused(
            self.user_lead,
            self.household_member,
            {"client_id": self.client_aia.id},
            FIXED,
        )
        # also within the association: a line belongs to its case
        other_case = self._create_other_case(self.user_counsellor)
        self._assert_write_refused(
            self.user_lead, self.goal, {"case_id": other_case.id}, FIXED
        )

    def test_counsellor_fields_of_rules_cannot_be_written(self):
        """The case's counsellor on barriers and referrals opens sensitive
        records to whoever is named there."""
        self._assert_write_refused(
            self.user_colleague,
            self.case_barrier_debts,
            {"case_user_id": self.user_colleague.id},
            DERIVED,
        )
        self._assert_write_refused(
            self.user_colleague,
            self.referral,
            {"user_id": self.user_colleague.id},
            DERIVED,
        )
        self._assert_write_refused(
            self.user_colleague,
            self.contact,
            {"case_user_id": self.user_colleague.id},
            DERIVED,
        )

    def test_case_number_name_and_association_are_fixed(self):
        self._assert_write_refused(
            self.user_counsellor, self.case, {"client_name": "Someone else"}, DERIVED
        )
        self._assert_write_refused(
            self.user_counsellor, self.case, {"name": "TAIA-2026-0001"}, FIXED
        )
        self._assert_write_refused(
            self.user_lead, self.case, {"company_id": self.company_aia.id}, FIXED
        )

    def test_create_with_mismatching_company_is_refused(self):
        Goal = self.env["fall.goal"]
        count = Goal.search_count([])
        self.assertRefused(
            self.user_counsellor,
            "fall.goal",
            "create",
            [
                {
                    "case_id": self.case.id,
                    "name": "Goal in the wrong association",
                    "company_id": self.company_aia.id,
                }
            ],
            regex=DERIVED,
        )
        self.assertRefused(
            self.user_counsellor,
            "fall.household.member",
            "create",
            [
                {
                    "client_id": self.client.id,
                    "name": "Child",
                    "company_id": self.company_aia.id,
                }
            ],
            regex=DERIVED,
        )
        self.assertEqual(Goal.search_count([]), count)

    def test_forms_keep_working(self):
        """What the web client sends is accepted: unchanged values of
        protected fields, a step moved to another goal of its case."""
        goal_2 = self._create_goal(self.case, name="Second goal")
        self.assertAllowed(
            self.user_counsellor,
            "fall.goal.step",
            "write",
            self.step.ids,
            {"goal_id": goal_2.id, "case_id": self.case.id},
        )
        self.assertEqual(self.step.goal_id, goal_2)
        self.assertAllowed(
            self.user_counsellor,
            "fall.case.barrier",
            "write",
            self.case_barrier_debts.ids,
            {"severity_current": "1", "company_id": self.company_alra.id},
        )
        self.assertEqual(self.case_barrier_debts.severity_current, "1")
        result = self.assertAllowed(
            self.user_counsellor,
            "fall.goal",
            "create",
            [
                {
                    "case_id": self.case.id,
                    "name": "New goal",
                    "company_id": self.company_alra.id,
                }
            ],
        )
        self.assertEqual(
            self.env["fall.goal"].browse(result).company_id, self.company_alra
        )

    # L2: clients stay in their association

    def test_client_cannot_move_to_another_association(self):
        for user in (self.user_counsellor, self.user_lead):
            for company in (self.company_aia, self.env["res.company"]):
                with self.subTest(user=user.login, company=company.name):
                    self._assert_write_refused(
                        user, self.client, {"company_id": company.id}, CLIENT
                    )
        self.assertUnreadable(self.user_counsellor_aia, self.client)

    def test_client_flag_cannot_be_switched_off(self):
        self._assert_write_refused(
            self.user_counsellor, self.client, {"fall_is_client": False}, CLIENT
        )
        self.assertUnreadable(self.user_internal, self.client)

    def test_rule_fields_of_contacts_cannot_be_written(self):
        """``partner_share`` opens Odoo's company rule on contacts, the
        counsellors of the client open its sensitive consents."""
        self._assert_write_refused(
            self.user_counsellor, self.client, {"partner_share": False}, DERIVED
        )
        self.assertUnreadable(self.user_counsellor_aia, self.client)
        self._assert_write_refused(
            self.user_colleague,
            self.client,
            {"fall_counsellor_user_ids": [Command.link(self.user_colleague.id)]},
            DERIVED,
        )

    def test_new_client_without_data_can_be_corrected(self):
        """A contact marked as client by mistake, with nothing recorded yet,
        can be unmarked; other contacts keep their company as before."""
        contact = self.env["res.partner"].create(
            {
                "name": "Marked by mistake",
                "fall_is_client": True,
                "company_id": self.company_alra.id,
            }
        )
        self.assertAllowed(
            self.user_counsellor,
            "res.partner",
            "write",
            contact.ids,
            {"fall_is_client": False},
        )
        self.assertFalse(contact.fall_is_client)


@tagged("post_install", "-at_install")
class TestCheckCompany(FallmanagementCommon):
    """Relational fields that point to records of an association refuse
    records of the other one (``check_company``)."""

    def test_partners_of_another_association_are_refused(self):
        partner_aia = self.env["res.partner"].create(
            {"name": "AiA employer", "company_id": self.company_aia.id}
        )
        goal = self._create_goal(self.case)
        step = self._create_step(goal)
        cases = [
            (self.case, "employer_id", partner_aia),
            (self.case, "county_contact_id", partner_aia),
            (step, "partner_id", partner_aia),
        ]
        for record, fname, value in cases:
            with self.subTest(field=fname), self.assertRaisesRegex(UserError, ""):
                record.write({fname: value.id})

    def test_users_of_another_association_are_refused(self):
        contact = self._create_contact(self.case)
        with self.assertRaisesRegex(UserError, ""):
            contact.write({"user_id": self.user_counsellor_aia.id})
        household_member = self.env["fall.household.member"]
        with self.assertRaisesRegex((UserError, AccessError), ""):
            household_member.with_user(self.user_counsellor).create(
                {"client_id": self.client_aia.id, "name": "Child"}
            )

    def test_superuser_code_is_not_guarded(self):
        """Code that must set a protected field does it as superuser."""
        goal = self._create_goal(self.case)
        goal.sudo().write({"company_id": self.company_alra.id})
        self.assertEqual(goal.company_id, self.company_alra)
