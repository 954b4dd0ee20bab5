"""Who may see and change what: roles, associations and sensitive data.

Every path to a record is checked (search, read, read_group, name_search,
export, the web client's RPC calls, attachments, chatter), because a record
rule that one path bypasses protects nothing.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import FallmanagementContentCommon

CASE_MODELS = (
    "fall.case",
    "fall.case.barrier",
    "fall.goal",
    "fall.goal.step",
    "fall.contact",
    "fall.household.member",
)


@tagged("post_install", "-at_install", "fallmanagement_access")
class TestAssociationIsolation(FallmanagementContentCommon):
    """ALRA and AiA are separate data controllers: nothing crosses over."""

    def _alra_records(self):
        """The ALRA case and one record of each kind hanging on it."""
        return {
            "fall.case": self.case,
            "fall.case.barrier": self.case_barrier_debts | self.case_barrier_addiction,
            "fall.goal": self.goal,
            "fall.goal.step": self.step,
            "fall.contact": self.contact | self.contact_confidential,
            "fall.household.member": self.household_member,
        }

    @users("fm_counsellor", "fm_colleague", "fm_lead")
    def test_alra_users_see_own_cases_only(self):
        cases = self.env["fall.case"].search([])
        self.assertIn(self.case, cases)
        self.assertNotIn(self.case_aia, cases)

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_users_see_own_cases_only(self):
        cases = self.env["fall.case"].search([])
        self.assertIn(self.case_aia, cases)
        self.assertNotIn(self.case, cases)

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_search_finds_no_alra_case_content(self):
        for model, records in self._alra_records().items():
            with self.subTest(model=model):
                found = self.env[model].search([])
                for record in records:
                    self.assertNotIn(record, found)
        # The own association's content stays visible: the rule is not just empty.
        self.assertIn(self.goal_aia, self.env["fall.goal"].search([]))
        self.assertIn(self.barrier_aia, self.env["fall.case.barrier"].search([]))

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_cannot_read_alra_case_content(self):
        for model, records in self._alra_records().items():
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].browse(records.ids).read(["display_name"])

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_read_group_counts_no_alra_case(self):
        groups = self.env["fall.case"].read_group(
            [], ["contact_hours:sum"], ["company_id"]
        )
        companies = {group["company_id"][0] for group in groups}
        self.assertEqual(companies, {self.company_aia.id})
        groups = self.env["fall.case"].read_group([], ["name"], ["client_id"])
        clients = {group["client_id"][0] for group in groups}
        self.assertNotIn(self.client.id, clients)
        barrier_groups = self.env["fall.case.barrier"].read_group(
            [], ["case_id"], ["case_id"]
        )
        self.assertNotIn(self.case.id, [g["case_id"][0] for g in barrier_groups])
        grouped = self.env["fall.case"].web_read_group([], ["name"], ["stage_id"])
        self.assertEqual(
            sum(group["stage_id_count"] for group in grouped["groups"]),
            1,
            "only the AiA case is counted",
        )

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_name_search_finds_no_alra_record(self):
        self.assertFalse(self.env["fall.case"].name_search(self.case.name))
        self.assertFalse(self.env["res.partner"].name_search("Klaus Testmann"))
        self.assertFalse(self.env["fall.goal"].name_search("debts under control"))
        self.assertFalse(self.env["fall.case.barrier"].name_search("Addiction"))
        self.assertFalse(self.env["fall.household.member"].name_search("Lena Testmann"))

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_export_of_alra_case_is_refused(self):
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case.id).export_data(
                ["name", "client_id/name", "barrier_ids/barrier_type_id"]
            )
        # Exporting everything the user may see leaves the ALRA case out.
        rows = self.env["fall.case"].search([]).export_data(["name"])["datas"]
        self.assertNotIn([self.case.name], rows)
        self.assertIn([self.case_aia.name], rows)

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_web_client_rpc_hides_alra_case(self):
        spec = {
            "name": {},
            "client_id": {"fields": {"display_name": {}}},
            "barrier_ids": {"fields": {"display_name": {}}},
        }
        result = self.env["fall.case"].web_search_read([], spec)
        self.assertNotIn(self.case.id, [record["id"] for record in result["records"]])
        self.assertEqual(result["length"], 1)
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case.id).web_read(spec)
        with self.assertRaises(AccessError):
            self.env["res.partner"].browse(self.client.id).web_read({"name": {}})

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_cannot_write_alra_case(self):
        case = self.env["fall.case"].browse(self.case.id)
        with self.assertRaises(AccessError):
            case.write({"review_date": "2026-03-01", "priority": "1"})
        with self.assertRaises(AccessError):
            self.env["fall.contact"].create(
                {"case_id": self.case.id, "date": "2026-02-01", "duration": 1.0}
            )
        self.case.invalidate_recordset()
        self.assertFalse(self.case.review_date)
        self.assertEqual(self.case.priority, "0")

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_cannot_see_alra_client(self):
        partners = self.env["res.partner"].search([("fall_is_client", "=", True)])
        self.assertNotIn(self.client, partners)
        self.assertIn(self.client_aia, partners)
        with self.assertRaises(AccessError):
            self.env["res.partner"].browse(self.client.id).read(["name"])

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_cannot_see_alra_attachment(self):
        Attachment = self.env["ir.attachment"]
        found = Attachment.search(
            [("res_model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(found)
        self.assertNotIn(self.attachment, Attachment.search([]))
        with self.assertRaises(AccessError):
            Attachment.browse(self.attachment.id).read(["datas"])
        with self.assertRaises(AccessError):
            Attachment.browse(self.attachment.id).read(["name"])

    @users("fm_counsellor_aia", "fm_lead_aia")
    def test_aia_cannot_see_alra_chatter(self):
        Message = self.env["mail.message"]
        found = Message.search(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            Message.browse(self.message.id).read(["body"])
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case.id).message_post(body="Hello")

    @users("fm_counsellor", "fm_colleague")
    def test_alra_users_see_case_documents_and_chatter(self):
        """Positive control for the two tests above."""
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertEqual(attachments, self.attachment)
        self.assertEqual(attachments.raw, b"%PDF-1.4 social data")
        messages = self.env["mail.message"].search(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertIn(self.message, messages)


@tagged("post_install", "-at_install", "fallmanagement_access")
class TestRoleAccess(FallmanagementContentCommon):
    """What each role may do with case files, clients and catalogues."""

    @users("fm_county", "fm_internal")
    def test_county_and_internal_users_have_no_case_access(self):
        for model in CASE_MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].search([])
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["fall.case"].create({"client_id": self.client.id})
        with self.assertRaises(AccessError):
            self.env["fall.case"].read_group([], ["name"], ["stage_id"])

    @users("fm_county", "fm_internal")
    def test_county_and_internal_users_see_no_case_documents(self):
        found = self.env["ir.attachment"].search(
            [("res_model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].browse(self.attachment.id).read(["datas"])
        found = self.env["mail.message"].search(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(found)

    @users("fm_county", "fm_internal")
    def test_clients_hidden_from_users_outside_case_management(self):
        Partner = self.env["res.partner"]
        # user_internal works in ALRA, the client's company: only the client
        # rule hides the client from him.
        self.assertNotIn(self.client, Partner.search([]))
        self.assertFalse(Partner.search([("fall_is_client", "=", True)]))
        self.assertFalse(Partner.name_search("Klaus Testmann"))
        with self.assertRaises(AccessError):
            Partner.browse(self.client.id).read(["name", "fall_birthdate"])
        # Ordinary contacts stay visible to them.
        self.assertIn(self.env.user.partner_id, Partner.search([]))

    @users("fm_counsellor", "fm_colleague", "fm_lead")
    def test_clients_visible_to_counsellors_of_the_association(self):
        clients = self.env["res.partner"].search([("fall_is_client", "=", True)])
        self.assertIn(self.client, clients)
        self.assertNotIn(self.client_aia, clients)
        self.assertEqual(
            self.env["res.partner"].browse(self.client.id).fall_customer_number,
            "K-1001",
        )

    @users("fm_counsellor", "fm_colleague")
    def test_counsellor_cannot_delete_case(self):
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case.id).unlink()
        self.assertTrue(self.case.exists())

    @users("fm_lead")
    def test_lead_can_delete_case(self):
        case = self.env["fall.case"].browse(self.case.id)
        case.unlink()
        self.assertFalse(case.exists())
        # ... with its content (ondelete cascade).
        self.assertFalse(self.goal.exists())
        self.assertFalse(self.case_barrier_addiction.exists())

    @users("fm_lead")
    def test_lead_cannot_delete_other_association_case(self):
        with self.assertRaises(AccessError):
            self.env["fall.case"].browse(self.case_aia.id).unlink()
        self.assertTrue(self.case_aia.exists())

    @users("fm_counsellor", "fm_lead")
    def test_counsellor_cannot_change_catalogues(self):
        barrier_type = self.env["fall.barrier.type"].browse(self.barrier_addiction.id)
        stage = self.env["fall.case.stage"].browse(self.stage_closed.id)
        self.assertEqual(barrier_type.name, "Addiction", "catalogues are readable")
        with self.assertRaises(AccessError):
            barrier_type.write({"is_sensitive": False})
        with self.assertRaises(AccessError):
            self.env["fall.barrier.type"].create({"name": "Gambling"})
        with self.assertRaises(AccessError):
            stage.write({"is_closed": False})
        with self.assertRaises(AccessError):
            self.env["fall.case.stage"].create({"name": "Waiting"})
        with self.assertRaises(AccessError):
            stage.unlink()
        self.barrier_addiction.invalidate_recordset()
        self.assertTrue(self.barrier_addiction.is_sensitive)

    @users("fm_admin")
    def test_admin_can_change_catalogues(self):
        barrier_type = self.env["fall.barrier.type"].create(
            {"name": "Gambling", "code": "gambling", "is_sensitive": True}
        )
        self.assertTrue(barrier_type.is_sensitive)
        stage = self.env["fall.case.stage"].browse(self.stage_planning.id)
        stage.write({"name": "Hilfeplanung"})
        self.assertEqual(stage.name, "Hilfeplanung")

    @users("fm_counsellor")
    def test_counsellor_creates_case_in_own_association(self):
        client = self.env["res.partner"].create(
            {
                "name": "Neue Klientin",
                "fall_is_client": True,
                "company_id": self.company_alra.id,
            }
        )
        case = self.env["fall.case"].create({"client_id": client.id})
        self.assertEqual(case.company_id, self.company_alra)
        self.assertEqual(case.user_id, self.user_counsellor)
        self.assertTrue(case.name.startswith("TALRA-"))

    @users("fm_counsellor")
    def test_counsellor_cannot_create_case_in_other_association(self):
        with self.assertRaises(AccessError):
            self.env["fall.case"].create(
                {"client_id": self.client.id, "company_id": self.company_aia.id}
            )
        with self.assertRaises(AccessError):
            self.env["fall.case"].create({"client_id": self.client_aia.id})


@tagged("post_install", "-at_install", "fallmanagement_access")
class TestSensitiveData(FallmanagementContentCommon):
    """Sensitive barriers and confidential contacts: the case's counsellors only."""

    @users("fm_counsellor", "fm_lead")
    def test_case_counsellor_and_lead_see_sensitive_barrier(self):
        barriers = self.env["fall.case.barrier"].search([])
        self.assertIn(self.case_barrier_addiction, barriers)
        case = self.env["fall.case"].browse(self.case.id)
        self.assertEqual(
            case.barrier_ids, self.case_barrier_debts | self.case_barrier_addiction
        )
        self.assertEqual(
            self.env["fall.case.barrier"].browse(self.case_barrier_addiction.id).note,
            "Alcohol, in treatment since 2025",
        )

    @users("fm_colleague")
    def test_colleague_sees_case_but_not_sensitive_barrier(self):
        barriers = self.env["fall.case.barrier"].search([])
        self.assertIn(self.case_barrier_debts, barriers)
        self.assertNotIn(self.case_barrier_addiction, barriers)
        case = self.env["fall.case"].browse(self.case.id)
        self.assertEqual(case.barrier_ids, self.case_barrier_debts)
        [values] = case.read(["barrier_ids"])
        self.assertEqual(values["barrier_ids"], self.case_barrier_debts.ids)
        with self.assertRaises(AccessError):
            self.env["fall.case.barrier"].browse(self.case_barrier_addiction.id).read(
                ["note"]
            )

    @users("fm_colleague")
    def test_colleague_web_read_of_case_hides_sensitive_barrier(self):
        [values] = (
            self.env["fall.case"]
            .browse(self.case.id)
            .web_read(
                {
                    "barrier_ids": {
                        "fields": {
                            "barrier_type_id": {"fields": {"display_name": {}}},
                            "note": {},
                        }
                    }
                }
            )
        )
        types = [line["barrier_type_id"]["id"] for line in values["barrier_ids"]]
        self.assertEqual(types, [self.barrier_debts.id])

    @users("fm_colleague")
    def test_colleague_read_group_hides_sensitive_barrier(self):
        groups = self.env["fall.case.barrier"].read_group(
            [], ["case_id"], ["barrier_type_id"]
        )
        types = {group["barrier_type_id"][0] for group in groups}
        self.assertIn(self.barrier_debts.id, types)
        self.assertNotIn(self.barrier_addiction.id, types)

    @users("fm_counsellor")
    def test_counsellor_read_group_shows_sensitive_barrier(self):
        groups = self.env["fall.case.barrier"].read_group(
            [], ["case_id"], ["barrier_type_id"]
        )
        types = {group["barrier_type_id"][0] for group in groups}
        self.assertIn(self.barrier_addiction.id, types)

    def test_name_search_of_sensitive_barrier(self):
        Barrier = self.env["fall.case.barrier"]
        found = Barrier.with_user(self.user_counsellor).name_search("Addiction")
        self.assertEqual([row[0] for row in found], self.case_barrier_addiction.ids)
        self.assertFalse(
            Barrier.with_user(self.user_colleague).name_search("Addiction")
        )
        found = Barrier.with_user(self.user_colleague).name_search("Debts")
        self.assertEqual([row[0] for row in found], self.case_barrier_debts.ids)

    def test_search_case_by_sensitive_barrier(self):
        """The colleague cannot find out who has an addiction by searching."""
        domains = [
            [("barrier_ids.barrier_type_id", "=", self.barrier_addiction.id)],
            # the "Barrier" field of the search view
            [("barrier_ids.barrier_type_id", "ilike", "Addiction")],
        ]
        for domain in domains:
            with self.subTest(domain=domain):
                Case = self.env["fall.case"]
                self.assertEqual(
                    Case.with_user(self.user_counsellor).search(domain), self.case
                )
                self.assertEqual(
                    Case.with_user(self.user_lead).search(domain), self.case
                )
                self.assertFalse(Case.with_user(self.user_colleague).search(domain))
        domain = [("barrier_ids.barrier_type_id", "=", self.barrier_debts.id)]
        self.assertEqual(
            self.env["fall.case"].with_user(self.user_colleague).search(domain),
            self.case,
        )

    @users("fm_colleague")
    def test_colleague_export_hides_sensitive_barrier(self):
        rows = (
            self.env["fall.case"]
            .browse(self.case.id)
            .export_data(["name", "barrier_ids/barrier_type_id"])["datas"]
        )
        exported = [row[1] for row in rows]
        self.assertIn("Debts", exported)
        self.assertNotIn("Addiction", exported)

    @users("fm_colleague")
    def test_colleague_cannot_change_sensitive_barrier(self):
        barrier = self.env["fall.case.barrier"].browse(self.case_barrier_addiction.id)
        with self.assertRaises(AccessError):
            barrier.write({"severity_current": "0"})
        with self.assertRaises(AccessError):
            barrier.unlink()
        self.case_barrier_addiction.invalidate_recordset()
        self.assertEqual(self.case_barrier_addiction.severity_current, "2")

    @users("fm_colleague")
    def test_colleague_cannot_record_sensitive_barrier(self):
        """Refused the same way whether the case has the barrier or not."""
        Barrier = self.env["fall.case.barrier"]
        health = self.env.ref("fallmanagement.fall_barrier_type_health")
        messages = []
        for barrier_type in (self.barrier_addiction, health):  # recorded / not
            with self.assertRaises(AccessError) as error:
                Barrier.create(
                    {"case_id": self.case.id, "barrier_type_id": barrier_type.id}
                )
            messages.append(str(error.exception).replace(barrier_type.name, "X"))
        self.assertEqual(messages[0], messages[1])
        self.assertIn("Only the counsellors of case", messages[0])
        # non-sensitive barriers: any counsellor of the association
        housing = self.env.ref("fallmanagement.fall_barrier_type_housing")
        self.assertTrue(
            Barrier.create({"case_id": self.case.id, "barrier_type_id": housing.id})
        )

    def test_deputy_counsellor_sees_sensitive_data(self):
        self.case.counsellor_ids = self.user_colleague
        as_colleague = self.env["fall.case.barrier"].with_user(self.user_colleague)
        self.assertIn(self.case_barrier_addiction, as_colleague.search([]))
        contacts = self.env["fall.contact"].with_user(self.user_colleague).search([])
        self.assertIn(self.contact_confidential, contacts)

    def test_confidential_contact_only_for_case_counsellors(self):
        Contact = self.env["fall.contact"]
        for user in (self.user_counsellor, self.user_lead):
            with self.subTest(user=user.login):
                contacts = Contact.with_user(user).search([])
                self.assertIn(self.contact_confidential, contacts)
        contacts = Contact.with_user(self.user_colleague).search([])
        self.assertIn(self.contact, contacts)
        self.assertNotIn(self.contact_confidential, contacts)
        with self.assertRaises(AccessError):
            self.contact_confidential.with_user(self.user_colleague).read(["note"])
        case = self.case.with_user(self.user_colleague)
        self.assertEqual(case.contact_ids, self.contact)
        # the total of hours reveals no content and includes the confidential contact
        self.assertEqual(case.contact_hours, 1.5)

    @users("fm_colleague")
    def test_colleague_contact_read_group_hides_confidential_contact(self):
        groups = self.env["fall.contact"].read_group(
            [("case_id", "=", self.case.id)], ["duration:sum"], []
        )
        self.assertEqual(groups[0]["duration"], 1.0)
        self.assertEqual(groups[0]["__count"], 1)

    @mute_logger("odoo.models.unlink")
    def test_reassigned_case_moves_sensitive_access(self):
        self.case.user_id = self.user_colleague
        as_colleague = self.env["fall.case.barrier"].with_user(self.user_colleague)
        as_counsellor = self.env["fall.case.barrier"].with_user(self.user_counsellor)
        self.assertIn(self.case_barrier_addiction, as_colleague.search([]))
        self.assertNotIn(self.case_barrier_addiction, as_counsellor.search([]))
