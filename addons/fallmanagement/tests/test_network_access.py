import base64

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FallNetworkCommon

MODELS = ("fall.referral", "fall.consent", "fall.authority.matter")
NOTE_FIELDS = {
    "fall.referral": "request_note",
    "fall.consent": "note",
    "fall.authority.matter": "note",
}


@tagged("post_install", "-at_install")
class TestNetworkAccess(FallNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent = cls._create_consent(cls.cat_contact | cls.cat_debts)
        cls.consent_sensitive = cls._create_consent(
            cls.cat_contact | cls.cat_addiction,
            recipient_kind="partner_type",
            recipient_partner_id=False,
            partner_type_id=cls.type_addiction.id,
        )
        cls.consent_aia = cls._create_consent(cls.cat_contact, client=cls.client_aia)
        cls.referral = cls._create_referral(
            barrier_ids=[Command.set(cls.case_barrier_debts.ids)]
        )
        cls.referral_sensitive = cls._create_referral(
            partner=cls.partner_addiction,
            barrier_ids=[Command.set(cls.case_barrier_addiction.ids)],
        )
        cls.referral_aia = cls._create_referral(case=cls.case_aia)
        cls.matter = cls._create_matter()
        cls.matter_sensitive = cls._create_matter(
            name="Schwerbehindertenausweis", kind="disability"
        )
        cls.matter_aia = cls._create_matter(case=cls.case_aia)
        cls.records = {
            "fall.referral": (cls.referral, cls.referral_sensitive, cls.referral_aia),
            "fall.consent": (cls.consent, cls.consent_sensitive, cls.consent_aia),
            "fall.authority.matter": (cls.matter, cls.matter_sensitive, cls.matter_aia),
        }
        cls.alra_users = (cls.user_counsellor, cls.user_colleague, cls.user_lead)
        cls.aia_users = (cls.user_counsellor_aia, cls.user_lead_aia)
        # export rights must not open a way around the record rules
        export = cls.env.ref("base.group_allow_export")
        for user in cls.alra_users + cls.aia_users:
            user.groups_id = [Command.link(export.id)]

    def _visible(self, model, user):
        """The records of our fixtures ``user`` finds along every read path."""
        Model = self.env[model].with_user(user)
        ours = set().union(*(r.ids for r in self.records[model]))
        found = {
            "search": set(Model.search([]).ids) & ours,
            "search_read": {r["id"] for r in Model.search_read([], ["id"])} & ours,
            "web_search_read": {
                r["id"]
                for r in Model.web_search_read([], {"display_name": {}})["records"]
            }
            & ours,
            "name_search": {rid for rid, __ in Model.name_search("", limit=None)}
            & ours,
        }
        exported = Model.search([]).export_data([".id"])["datas"]
        found["export_data"] = {int(row[0]) for row in exported} & ours
        paths = set(map(frozenset, found.values()))
        self.assertEqual(len(paths), 1, f"{model}: the read paths disagree: {found}")
        return set(found["search"])

    def test_association_isolation(self):
        for model, (plain, sensitive, aia) in self.records.items():
            for user in self.alra_users + self.aia_users:
                with self.subTest(model=model, user=user.login):
                    visible = self._visible(model, user)
                    other = aia if user in self.alra_users else plain | sensitive
                    self.assertFalse(visible & set(other.ids))
                    Model = self.env[model].with_user(user)
                    for record in other:
                        with self.assertRaises(AccessError):
                            Model.browse(record.id).read(["display_name"])
                        with self.assertRaises(AccessError):
                            Model.browse(record.id).export_data(["display_name"])
                        with self.assertRaises(AccessError):
                            Model.browse(record.id).write({NOTE_FIELDS[model]: "x"})
                        with self.assertRaises(AccessError):
                            Model.browse(record.id).unlink()

    def test_association_isolation_read_group(self):
        for model in MODELS:
            for user, company in (
                (self.user_lead, self.company_alra),
                (self.user_lead_aia, self.company_aia),
            ):
                with self.subTest(model=model, user=user.login):
                    groups = (
                        self.env[model]
                        .with_user(user)
                        .read_group([], ["company_id"], ["company_id"])
                    )
                    self.assertEqual(
                        [group["company_id"][0] for group in groups], [company.id]
                    )

    def test_sensitive_only_for_counsellors_of_the_case(self):
        for model, (plain, sensitive, __) in self.records.items():
            with self.subTest(model=model):
                self.assertTrue(sensitive.is_sensitive)
                self.assertFalse(plain.is_sensitive)
                for user in (self.user_counsellor, self.user_lead):
                    self.assertEqual(
                        self._visible(model, user), set((plain | sensitive).ids)
                    )
                self.assertEqual(
                    self._visible(model, self.user_colleague), set(plain.ids)
                )
                Model = self.env[model].with_user(self.user_colleague)
                with self.assertRaises(AccessError):
                    Model.browse(sensitive.id).read(["display_name"])
                with self.assertRaises(AccessError):
                    Model.browse(sensitive.id).export_data(["display_name"])
                groups = Model.read_group([], ["company_id"], ["company_id"])
                self.assertEqual(
                    groups[0]["company_id_count"],
                    Model.search_count([]),
                )
                self.assertNotIn(sensitive, Model.search([]))

    def test_deputy_counsellor_sees_sensitive(self):
        self.case.counsellor_ids = [Command.link(self.user_colleague.id)]
        for model, (plain, sensitive, __) in self.records.items():
            with self.subTest(model=model):
                self.assertEqual(
                    self._visible(model, self.user_colleague),
                    set((plain | sensitive).ids),
                )

    def test_colleague_cannot_create_sensitive_referral_on_others_case(self):
        Referral = self.env["fall.referral"].with_user(self.user_colleague)
        with self.assertRaises(AccessError):
            Referral.create(
                {
                    "case_id": self.case.id,
                    "partner_id": self.partner_addiction.id,
                    "barrier_ids": [Command.set(self.case_barrier_addiction.ids)],
                }
            )
        plain = Referral.create(
            {"case_id": self.case.id, "partner_id": self.partner_debt.id}
        )
        self.assertFalse(plain.is_sensitive)

    def test_case_counts_follow_the_rules(self):
        case = self.case.with_user(self.user_colleague)
        self.assertEqual(case.referral_count, 1)
        self.assertEqual(case.authority_matter_count, 1)
        self.assertEqual(case.consent_count, 1)
        self.assertEqual(case.referral_ids, self.referral)
        case = self.case.with_user(self.user_counsellor)
        self.assertEqual(case.referral_count, 2)
        self.assertEqual(case.authority_matter_count, 2)
        self.assertEqual(case.consent_count, 2)

    def test_county_and_other_staff_get_nothing(self):
        models = (*MODELS, "fall.partner.type", "fall.data.category")
        for user in (self.user_county, self.user_internal):
            for model in models:
                with self.subTest(user=user.login, model=model):
                    Model = self.env[model].with_user(user)
                    with self.assertRaises(AccessError):
                        Model.search([])
                    with self.assertRaises(AccessError):
                        Model.create({})
            for model, records in self.records.items():
                with (
                    self.subTest(user=user.login, model=model),
                    self.assertRaises(AccessError),
                ):
                    records[0].with_user(user).read(["display_name"])

    def test_catalogues_read_only_for_counsellors(self):
        for model in ("fall.partner.type", "fall.data.category"):
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.user_lead)
                record = Model.search([], limit=1)
                self.assertTrue(record)
                with self.assertRaises(AccessError):
                    record.write({"name": "Anders"})
                with self.assertRaises(AccessError):
                    Model.create({"name": "Neu", "code": "new_test"})
                record.with_user(self.user_admin).write({"sequence": 99})

    def test_attachments_and_messages_of_sensitive_records(self):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "Entlassungsbericht.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 geheim"),
                "res_model": "fall.referral",
                "res_id": self.referral_sensitive.id,
            }
        )
        message = self.referral_sensitive.message_post(
            body="Rückfall", subtype_xmlid="mail.mt_note"
        )
        Attachment = self.env["ir.attachment"].with_user(self.user_colleague)
        with self.assertRaises(AccessError):
            Attachment.browse(attachment.id).read(["datas"])
        self.assertFalse(
            Attachment.search(
                [
                    ("res_model", "=", "fall.referral"),
                    ("res_id", "=", self.referral_sensitive.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            message.with_user(self.user_colleague).read(["body"])
        with self.assertRaises(AccessError):
            message.with_user(self.user_counsellor_aia).read(["body"])
        self.assertEqual(
            Attachment.with_user(self.user_counsellor).browse(attachment.id).name,
            "Entlassungsbericht.pdf",
        )
        # the signed scan of a sensitive consent
        with self.assertRaises(AccessError):
            self.consent_sensitive.with_user(self.user_colleague).read(["signed_scan"])
        scan = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "fall.consent"),
                ("res_id", "=", self.consent_sensitive.id),
                ("res_field", "=", "signed_scan"),
            ]
        )
        self.assertTrue(scan)
        with self.assertRaises(AccessError):
            scan.with_user(self.user_colleague).read(["datas"])
        with self.assertRaises(AccessError):
            scan.with_user(self.user_lead_aia).read(["datas"])

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_reports_follow_the_rules(self):
        self._create_consent(
            self.cat_contact | self.cat_addiction,
            recipient_partner_id=self.partner_addiction.id,
        )
        Report = self.env["ir.actions.report"]
        letter = "fallmanagement.action_report_fall_referral_letter"
        html, __ = Report.with_user(self.user_counsellor)._render_qweb_html(
            letter, self.referral_sensitive.ids
        )
        self.assertIn(b"Addiction", html)
        for user in (self.user_colleague, self.user_counsellor_aia, self.user_county):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Report.with_user(user)._render_qweb_html(
                    letter, self.referral_sensitive.ids
                )
        with self.assertRaises(AccessError):
            Report.with_user(self.user_colleague)._render_qweb_html(
                "fallmanagement.action_report_fall_consent",
                self.consent_sensitive.ids,
            )

    def test_network_partner_fields_for_other_staff(self):
        partner = self.partner_debt.with_user(self.user_county)
        values = partner.read(["name", "fall_partner_type_id"])[0]
        self.assertEqual(values["fall_partner_type_id"][0], self.type_debt.id)
        with self.assertRaises(AccessError):
            partner.read(["fall_referral_count"])
        self.assertEqual(
            self.partner_debt.with_user(self.user_counsellor).fall_referral_count, 1
        )
