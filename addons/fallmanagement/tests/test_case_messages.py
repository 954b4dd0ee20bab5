from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FallNetworkCommon


@tagged("post_install", "-at_install")
class TestCaseMessages(FallNetworkCommon):
    """Messages from the case chatter: the consent decides who may get them."""

    def _post(self, partners, **kwargs):
        kwargs.setdefault("message_type", "comment")
        kwargs.setdefault("subtype_xmlid", "mail.mt_comment")
        return self.case.with_user(self.user_counsellor).message_post(
            body="Termin am Montag bestätigt", partner_ids=partners.ids, **kwargs
        )

    def _messages(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "fall.case"), ("res_id", "=", self.case.id)]
        )

    def test_outside_partner_needs_consent(self):
        before = self._messages()
        with self.assertRaisesRegex(UserError, "may not be shared with"):
            self._post(self.partner_debt_contact)
        self.assertEqual(self._messages(), before, "nothing half-written")
        # a consent for the partner, but not for counselling notes
        self._create_consent(self.cat_contact)
        with self.assertRaisesRegex(UserError, "not covered"):
            self._post(self.partner_debt_contact)
        self._create_consent(self.cat_contact | self.cat_notes)
        self.assertTrue(self._post(self.partner_debt_contact))
        # ... even in an internal note that names the partner
        with self.assertRaisesRegex(UserError, "may not be shared with"):
            self._post(
                self.partner_housing,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def test_followers_outside_get_comments_only_with_consent(self):
        self.case.message_subscribe(partner_ids=self.partner_housing.ids)
        # an internal note reaches no follower: no check
        self.case.with_user(self.user_counsellor).message_post(
            body="Interne Notiz", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        with self.assertRaisesRegex(UserError, "may not be shared with"):
            self._post(self.env["res.partner"])

    def test_colleagues_and_client_are_fine(self):
        self.assertTrue(
            self._post(self.user_colleague.partner_id | self.user_lead.partner_id)
        )
        self.assertTrue(self._post(self.client))

    def test_county_needs_consent_for_the_county(self):
        with self.assertRaisesRegex(UserError, "may not be shared with the county"):
            self._post(self.user_county.partner_id)
        self._create_consent(
            self.cat_contact | self.cat_notes,
            recipient_kind="county",
            recipient_partner_id=False,
            purpose="Austausch mit dem Landkreis",
        )
        self.assertTrue(self._post(self.user_county.partner_id))

    def test_other_association_never(self):
        with self.assertRaisesRegex(UserError, "stay within the association"):
            self._post(self.user_counsellor_aia.partner_id)

    def test_no_mass_mailing_of_case_files(self):
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.user_counsellor)
            .with_context(
                default_model="fall.case",
                default_res_ids=self.case.ids,
                default_composition_mode="mass_mail",
            )
            .create({"subject": "Rundschreiben", "body": "Hallo"})
        )
        with self.assertRaisesRegex(UserError, "mass mailing"):
            composer.action_send_mail()
