from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import FallNetworkCommon

LETTER = "fallmanagement.action_report_fall_referral_letter"


@tagged("post_install", "-at_install")
class TestReferralSharing(FallNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client.write(
            {
                "street": "Teststraße 7",
                "phone": "+49 4402 123456",
                "fall_bg_number": "BG-77",
                "fall_household_member_ids": [
                    Command.create(
                        {"name": "Kind", "relation": "child", "birthdate": "2022-05-01"}
                    )
                ],
            }
        )
        cls.env["fall.authority.matter"].create(
            {
                "name": "Wohngeldantrag XY",
                "case_id": cls.case.id,
                "authority_id": cls.authority.id,
                "kind": "housing_benefit",
                "submitted_date": "2026-02-02",
            }
        )
        cls.env["fall.authority.matter"].create(
            {
                "name": "Antrag auf Schwerbehinderung",
                "case_id": cls.case.id,
                "authority_id": cls.authority.id,
                "kind": "disability",
                "submitted_date": "2026-02-02",
            }
        )

    def render(self, referral, user=None):
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        html, __ = Report._render_qweb_html(LETTER, referral.ids)
        return html.decode()

    def test_letter_contains_only_consented_categories(self):
        self._create_consent(self.cat_contact | self.cat_debts | self.cat_addiction)
        referral = self._create_referral(
            barrier_ids=[
                Command.set((self.case_barrier_debts | self.case_barrier_addiction).ids)
            ],
            data_category_ids=[Command.set((self.cat_contact | self.cat_debts).ids)],
            request_note="Bitte vormittags",
        )
        html = self.render(referral)
        self.assertIn("Klaus Testmann", html)
        self.assertIn("Teststraße 7", html)
        self.assertIn("02/01/2026", html)  # date of the consent
        self.assertIn("Debts", html)
        # consented, but not shared with this referral
        self.assertNotIn("Addiction", html)
        # neither consented nor shared
        self.assertNotIn("K-1001", html)
        self.assertNotIn("BG-77", html)
        self.assertNotIn("needs childcare", html)
        self.assertNotIn("Bitte vormittags", html)
        self.assertNotIn("Wohngeldantrag XY", html)
        self.assertIn(
            "has not agreed to pass on their name", self.render_without_contact()
        )

    def render_without_contact(self):
        self._create_consent(
            self.cat_debts, recipient_partner_id=self.partner_housing.id
        )
        referral = self._create_referral(
            partner=self.partner_housing,
            data_category_ids=[Command.set(self.cat_debts.ids)],
        )
        html = self.render(referral)
        self.assertNotIn("Klaus Testmann", html)
        return html

    def test_letter_with_every_category(self):
        self._create_consent(
            self.cat_contact
            | self.cat_customer
            | self.cat_household
            | self.cat_debts
            | self.cat_addiction
            | self.cat_notes
            | self.cat_applications
        )
        referral = self._create_referral(
            barrier_ids=[
                Command.set((self.case_barrier_debts | self.case_barrier_addiction).ids)
            ],
            data_category_ids=[
                Command.set(
                    (
                        self.cat_contact
                        | self.cat_customer
                        | self.cat_household
                        | self.cat_debts
                        | self.cat_addiction
                        | self.cat_notes
                        | self.cat_applications
                    ).ids
                )
            ],
            request_note="Bitte vormittags",
        )
        html = self.render(referral)
        for text in (
            "Klaus Testmann",
            "K-1001",
            "BG-77",
            "needs childcare",
            "Debts",
            "Addiction",
            "Bitte vormittags",
            "Wohngeldantrag XY",
        ):
            with self.subTest(text=text):
                self.assertIn(text, html)
        # the disability application reveals health data: not consented
        self.assertNotIn("Schwerbehinderung", html)

    def test_letter_refused_without_valid_consent(self):
        referral = self._create_referral()
        with self.assertRaisesRegex(UserError, "not given any consent"):
            self.render(referral)
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.action_print_letter()
        consent = self._create_consent(self.cat_contact)
        self.assertIn("Klaus Testmann", self.render(referral))
        self.assertEqual(referral.action_print_letter()["type"], "ir.actions.report")
        consent.action_revoke()
        with self.assertRaisesRegex(UserError, "revoked on"):
            self.render(referral)

    def test_letter_refused_for_uncovered_category(self):
        self._create_consent(self.cat_contact)
        referral = self._create_referral(
            data_category_ids=[Command.set((self.cat_contact | self.cat_health).ids)]
        )
        with self.assertRaisesRegex(UserError, "“Health” is not covered"):
            self.render(referral, user=self.user_counsellor)

    def test_email_action_checks_consent(self):
        referral = self._create_referral(contact_id=self.partner_debt_contact.id)
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.with_user(self.user_counsellor).action_send_referral_email()
        self._create_consent(self.cat_contact)
        action = referral.with_user(self.user_counsellor).action_send_referral_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.user_counsellor)
            .with_context(**action["context"])
        ).save()
        self.assertEqual(composer.partner_ids, self.partner_debt_contact)
        composer._action_send_mail()
        message = referral.message_ids.filtered(
            lambda m: self.partner_debt_contact in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(len(message.attachment_ids), 1)

    def test_message_to_partner_needs_consent(self):
        referral = self._create_referral()
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.with_user(self.user_counsellor).message_post(
                body="Anfrage",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_debt_contact.ids,
            )
        # a mention of an outside partner in a note reaches them too
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.message_post(
                body="Notiz",
                subtype_xmlid="mail.mt_note",
                partner_ids=self.partner_debt.ids,
            )
        # internal notes, colleagues and the client themselves are fine
        referral.message_post(body="Interne Notiz", subtype_xmlid="mail.mt_note")
        referral.message_post(
            body="Kollege",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.user_colleague.partner_id.ids,
        )
        referral.message_post(
            body="An die Klientin",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.client.ids,
        )
        # the consent covers the partner, not another organisation
        self._create_consent(self.cat_contact)
        referral.message_post(
            body="Anfrage",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_debt_contact.ids,
        )
        with self.assertRaisesRegex(UserError, "Test-Wohnungshilfe"):
            referral.message_post(
                body="Anfrage",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_housing.ids,
            )

    def test_message_to_county_or_other_association(self):
        """Staff with a login are not all colleagues: the county needs the
        client's consent for the county, another association never."""
        referral = self._create_referral().with_user(self.user_counsellor)

        def post(partner):
            return referral.message_post(
                body="Stand der Vermittlung",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )

        with self.assertRaisesRegex(UserError, "stay within the association"):
            post(self.user_counsellor_aia.partner_id)
        with self.assertRaisesRegex(UserError, "may not be shared with the county"):
            post(self.user_county.partner_id)
        self._create_consent(
            referral.data_category_ids,
            recipient_kind="county",
            recipient_partner_id=False,
            purpose="Austausch mit dem Landkreis",
        )
        self.assertTrue(post(self.user_county.partner_id))

    def test_outside_follower_needs_consent(self):
        referral = self._create_referral()
        referral.message_subscribe(partner_ids=self.partner_debt.ids)
        with self.assertRaisesRegex(UserError, "not given any consent"):
            referral.message_post(
                body="Nachricht",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        referral.message_post(body="Notiz", subtype_xmlid="mail.mt_note")

    def test_no_mass_mailing_of_referrals(self):
        self._create_consent(self.cat_contact)
        referrals = self._create_referral() | self._create_referral()
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_model="fall.referral",
                default_res_ids=referrals.ids,
                default_composition_mode="mass_mail",
            )
            .create({"subject": "Rundschreiben", "body": "<p>Hallo</p>"})
        )
        with self.assertRaisesRegex(UserError, "mass mailing"):
            composer._action_send_mail()

    @mute_logger("odoo.addons.mail.models.mail_mail")
    def test_revocation_stops_queued_mail_and_warns(self):
        consent = self._create_consent(self.cat_contact)
        referral = self._create_referral()
        referral.action_request()
        referral.with_context(mail_notify_force_send=False).message_post(
            body="Anfrage",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_debt.ids,
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "fall.referral"), ("res_id", "=", referral.id)]
        )
        self.assertTrue(mail)
        self.assertEqual(set(mail.mapped("state")), {"outgoing"})
        consent.with_user(self.user_counsellor).action_revoke()
        self.assertEqual(set(mail.mapped("state")), {"cancel"})
        self.assertTrue(
            any("revoked the consent" in m.body for m in referral.message_ids)
        )
        with self.assertRaisesRegex(UserError, "revoked on"):
            referral.message_post(
                body="Noch etwas",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.partner_debt.ids,
            )
