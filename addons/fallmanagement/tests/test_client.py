"""Clients: required association, birth date, duplicates and household."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import FallmanagementCommon


@tagged("post_install", "-at_install")
class TestClient(FallmanagementCommon):
    @users("fm_counsellor")
    def test_client_without_company_is_refused(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesRegex(ValidationError, "must belong to an association"):
            Partner.create({"name": "Ohne Verein", "fall_is_client": True})
        self.assertFalse(Partner.search([("name", "=", "Ohne Verein")]))
        client = Partner.browse(self.client.id)
        with self.assertRaises(ValidationError):
            client.write({"company_id": False})
        client.invalidate_recordset()
        self.assertEqual(client.company_id, self.company_alra)
        # ordinary contacts need no association
        self.assertTrue(Partner.create({"name": "Schuldnerberatung Rastede"}))

    @users("fm_counsellor")
    @freeze_time("2026-03-01")
    def test_birth_date_in_future_is_refused(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesRegex(ValidationError, "Birth Date: .* plausible"):
            Partner.create(
                {
                    "name": "Zukunft",
                    "fall_is_client": True,
                    "company_id": self.company_alra.id,
                    "fall_birthdate": "2026-03-02",
                }
            )
        client = Partner.browse(self.client.id)
        with self.assertRaises(ValidationError):
            client.write({"fall_birthdate": "2026-12-24"})
        client.invalidate_recordset()
        self.assertEqual(client.fall_birthdate, date(1980, 5, 17))
        # clients are 14 years old at least (test_input)
        client.write({"fall_birthdate": "2012-03-01"})
        self.assertEqual(client.fall_birthdate, date(2012, 3, 1))

    def test_duplicate_client_detection(self):
        same = self._create_client(self.company_alra, name="klaus TESTMANN")
        other_birthdate = self._create_client(
            self.company_alra, name="Klaus Testmann", fall_birthdate="1981-05-17"
        )
        other_name = self._create_client(self.company_alra, name="Klaus Testmann-Berg")
        in_aia = self._create_client(self.company_aia, name="Klaus Testmann")
        # The superuser sees every duplicate, in both associations.
        self.assertEqual(self.client.fall_duplicate_ids, same | in_aia)
        # A counsellor sees only those of the own association.
        client = self.client.with_user(self.user_counsellor)
        self.assertEqual(client.fall_duplicate_ids, same)
        self.assertNotIn(other_birthdate, client.fall_duplicate_ids)
        self.assertNotIn(other_name, client.fall_duplicate_ids)
        self.assertEqual(
            in_aia.with_user(self.user_counsellor_aia).fall_duplicate_ids,
            self.env["res.partner"],
        )

    def test_no_duplicate_check_without_birth_date_or_for_contacts(self):
        self._create_client(self.company_alra, name="Ohne Datum", fall_birthdate=False)
        twin = self._create_client(
            self.company_alra, name="Ohne Datum", fall_birthdate=False
        )
        self.assertFalse(twin.fall_duplicate_ids)
        contact = self.env["res.partner"].create({"name": "Klaus Testmann"})
        self.assertFalse(contact.fall_duplicate_ids)

    @users("fm_counsellor")
    def test_duplicate_shown_while_creating_client(self):
        """The warning appears in the form before the client is saved."""
        partner_form = Form(
            self.env["res.partner"].with_context(
                default_fall_is_client=True, default_company_id=self.company_alra.id
            )
        )
        partner_form.name = "Klaus Testmann"
        partner_form.fall_birthdate = date(1980, 5, 17)
        self.assertEqual(partner_form.fall_duplicate_ids[:], self.client)

    @users("fm_counsellor")
    def test_client_menu_creates_client_of_own_association(self):
        """Clients created from the Clients menu belong to the user's association.

        The counsellor works in one company only, so the company field is not
        in the form: the action's context must provide it.
        """
        # sudo: the web client loads actions as superuser too
        action = self.env.ref("fallmanagement.res_partner_action_client").sudo()
        context = safe_eval(
            action.context, {"allowed_company_ids": self.env.companies.ids}
        )
        with Form(
            self.env["res.partner"].with_context(**context),
            view="base.view_partner_form",
        ) as partner_form:
            partner_form.name = "Maria Neu"
        client = partner_form.record
        self.assertTrue(client.fall_is_client)
        self.assertEqual(client.company_id, self.company_alra)
        self.assertIn(
            client,
            self.env["res.partner"].search(safe_eval(action.domain)),
        )

    @users("fm_counsellor")
    def test_case_count_and_action(self):
        client = self.env["res.partner"].browse(self.client.id)
        self.assertEqual(client.fall_case_count, 1)
        # an earlier, closed case: a client has one open case at most
        self._create_case(
            self.client,
            self.user_colleague,
            opened_date="2026-01-02",
            stage_id=self.stage_closed.id,
            closure_reason="moved",
            closed_date="2026-01-10",
        )
        client.invalidate_recordset(["fall_case_count"])
        self.assertEqual(client.fall_case_count, 2)
        action = client.action_fall_open_cases()
        self.assertEqual(action["res_model"], "fall.case")
        self.assertEqual(
            self.env["fall.case"].search(action["domain"]), client.fall_case_ids
        )
        self.assertEqual(action["context"]["default_client_id"], client.id)
        self.assertEqual(action["context"]["default_company_id"], self.company_alra.id)


@tagged("post_install", "-at_install")
class TestHousehold(FallmanagementCommon):
    """Children under twelve need childcare (a barrier to a job start)."""

    def _member(self, name, birthdate, relation="child"):
        return self.env["fall.household.member"].create(
            {
                "client_id": self.client.id,
                "name": name,
                "birthdate": birthdate,
                "relation": relation,
            }
        )

    @freeze_time("2026-06-01")
    def test_childcare_computed_for_children_under_twelve(self):
        eleven = self._member("Tim", "2014-06-02")  # turns 12 tomorrow
        twelve = self._member("Tom", "2014-06-01")  # 12 today
        baby = self._member("Mia", "2025-12-24")
        partner = self._member("Sabine", "2020-01-01", relation="partner")
        no_date = self._member("Unbekannt", False)
        self.assertTrue(eleven.needs_childcare)
        self.assertEqual(eleven.age, 11)
        self.assertFalse(twelve.needs_childcare)
        self.assertEqual(twelve.age, 12)
        self.assertTrue(baby.needs_childcare)
        self.assertFalse(partner.needs_childcare, "only children")
        self.assertFalse(no_date.needs_childcare)
        self.assertTrue(self.client.fall_needs_childcare)

    def test_childcare_ends_when_the_child_turns_twelve(self):
        with freeze_time("2026-05-30"):
            tim = self._member("Tim", "2014-06-01")  # 12 on 1 June 2026
            lea = self._member("Lea", "2015-06-01")
            self.assertTrue(tim.needs_childcare)
            teen = self._member("Jonas", "2012-01-01")
            teen.needs_childcare = True  # set by hand: stays
            Member = self.env["fall.household.member"]
            self.assertFalse(Member._cron_childcare_age_limit())
        with freeze_time("2026-06-03"):  # the job ran late: caught up
            self.assertEqual(Member._cron_childcare_age_limit(), tim)
            self.assertFalse(tim.needs_childcare)
            self.assertTrue(lea.needs_childcare)
            self.assertTrue(teen.needs_childcare)
            self.client.invalidate_recordset(["fall_needs_childcare"])
            self.assertTrue(self.client.fall_needs_childcare)  # Lea, Jonas
        cron = self.env.ref("fallmanagement.ir_cron_fall_childcare_age_limit")
        self.assertEqual(cron.model_id.model, "fall.household.member")

    @freeze_time("2026-06-01")
    def test_childcare_can_be_set_by_hand_and_searched(self):
        teen = self._member("Jonas", "2012-01-01")
        self.assertFalse(teen.needs_childcare)
        self.assertFalse(self.client.fall_needs_childcare)
        other = self._create_client(self.company_alra, name="Ohne Kinder")
        Partner = self.env["res.partner"].with_user(self.user_counsellor)
        self.assertNotIn(
            self.client, Partner.search([("fall_needs_childcare", "=", True)])
        )
        teen.needs_childcare = True  # e.g. a disabled teenager
        self.client.invalidate_recordset(["fall_needs_childcare"])
        self.assertTrue(self.client.fall_needs_childcare)
        with_childcare = Partner.search([("fall_needs_childcare", "=", True)])
        self.assertIn(self.client, with_childcare)
        self.assertNotIn(other, with_childcare)
        without = Partner.search([("fall_needs_childcare", "=", False)])
        self.assertIn(other, without)
        self.assertNotIn(self.client, without)
        with self.assertRaises(ValidationError):
            Partner.search([("fall_needs_childcare", "in", [True])])

    @freeze_time("2026-06-01")
    def test_relation_change_recomputes_childcare(self):
        member = self._member("Lea", "2019-03-03", relation="other")
        self.assertFalse(member.needs_childcare)
        member.relation = "child"
        self.assertTrue(member.needs_childcare)
