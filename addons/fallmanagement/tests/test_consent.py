from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import SCAN, FallNetworkCommon


@tagged("post_install", "-at_install")
class TestConsent(FallNetworkCommon):
    def check(self, partner, categories, client=None):
        return self.env["fall.consent"]._check_sharing(
            client or self.client, partner, categories
        )

    def test_states(self):
        consent = self._create_consent(self.cat_contact)
        self.assertEqual(consent.state, "valid")
        self.assertEqual(consent.company_id, self.company_alra)
        draft = self._create_consent(self.cat_contact, signed_date=False)
        self.assertEqual(draft.state, "draft")
        unscanned = self._create_consent(self.cat_contact, signed_scan=False)
        self.assertEqual(unscanned.state, "draft")
        expired = self._create_consent(self.cat_contact, valid_until="2026-03-09")
        self.assertEqual(expired.state, "expired")
        Consent = self.env["fall.consent"]
        for state, record in (
            ("valid", consent),
            ("draft", draft),
            ("expired", expired),
        ):
            with self.subTest(state=state):
                found = Consent.search(
                    [("state", "=", state), ("client_id", "=", self.client.id)]
                )
                self.assertIn(record, found)
                self.assertEqual(len(found), 2 if state == "draft" else 1)
        self.assertNotIn(
            consent,
            Consent.search(
                [("state", "!=", "valid"), ("client_id", "=", self.client.id)]
            ),
        )

    def test_valid_on_domain_matches_is_valid_on(self):
        consents = (
            self._create_consent(self.cat_contact)
            | self._create_consent(self.cat_contact, signed_date=False)
            | self._create_consent(self.cat_contact, signed_scan=False)
            | self._create_consent(self.cat_contact, valid_until="2026-03-09")
            | self._create_consent(self.cat_contact, valid_until="2026-03-10")
            | self._create_consent(self.cat_contact, valid_until=False)
        )
        consents[5].action_revoke()
        Consent = self.env["fall.consent"]
        for day in (date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)):
            with self.subTest(day=day):
                found = Consent.search(
                    [("id", "in", consents.ids), *Consent._valid_on_domain(day)]
                )
                valid = consents.filtered(lambda c, day=day: c._is_valid_on(day))
                self.assertEqual(found, valid)
        self.assertEqual(len(found), 1)  # on 11 March: valid until 31 December

    def test_valid_consent_allows_sharing(self):
        self._create_consent(self.cat_contact | self.cat_debts)
        self.assertTrue(
            self.check(self.partner_debt, self.cat_contact | self.cat_debts)
        )
        # a contact person of the partner is covered by the organisation's consent
        self.assertTrue(self.check(self.partner_debt_contact, self.cat_debts))

    def test_valid_until_is_inclusive(self):
        self._create_consent(self.cat_contact, valid_until="2026-03-10")
        self.assertTrue(self.check(self.partner_debt, self.cat_contact))

    def test_no_consent(self):
        with self.assertRaises(UserError) as error:
            self.check(self.partner_debt, self.cat_contact)
        message = str(error.exception)
        self.assertIn("Klaus Testmann", message)
        self.assertIn("Test-Schuldnerberatung", message)
        self.assertIn("has not given any consent for this recipient", message)

    def test_consent_for_another_recipient(self):
        self._create_consent(
            self.cat_contact, recipient_partner_id=self.partner_housing.id
        )
        with self.assertRaisesRegex(UserError, "not given any consent"):
            self.check(self.partner_debt, self.cat_contact)

    def test_consent_of_another_client(self):
        other = self._create_client(self.company_alra, name="Other Client")
        self._create_consent(self.cat_contact, client=other)
        with self.assertRaisesRegex(UserError, "not given any consent"):
            self.check(self.partner_debt, self.cat_contact)

    def test_missing_category(self):
        self._create_consent(self.cat_contact | self.cat_debts)
        with self.assertRaises(UserError) as error:
            self.check(
                self.partner_debt,
                self.cat_contact | self.cat_health | self.cat_addiction,
            )
        message = str(error.exception)
        self.assertIn("“Health” is not covered", message)
        self.assertIn("“Addiction” is not covered", message)
        self.assertNotIn("Personal and Contact Data", message)

    def test_categories_of_several_consents_add_up(self):
        self._create_consent(self.cat_contact)
        self._create_consent(self.cat_debts)
        self.assertTrue(
            self.check(self.partner_debt, self.cat_contact | self.cat_debts)
        )

    def test_expired(self):
        self._create_consent(self.cat_contact, valid_until="2026-03-09")
        with self.assertRaisesRegex(UserError, "expired on 03/09/2026"):
            self.check(self.partner_debt, self.cat_contact)

    def test_not_signed_and_no_scan(self):
        self._create_consent(self.cat_contact, signed_date=False, signed_scan=False)
        with self.assertRaisesRegex(UserError, "not been signed yet"):
            self.check(self.partner_debt, self.cat_contact)
        consent = self.env["fall.consent"].search([("client_id", "=", self.client.id)])
        consent.write({"signed_date": "2026-03-01"})
        with self.assertRaisesRegex(UserError, "signed form .* is missing"):
            self.check(self.partner_debt, self.cat_contact)
        consent.signed_scan = SCAN
        self.assertTrue(self.check(self.partner_debt, self.cat_contact))

    def test_revoked_stops_sharing_at_once(self):
        consent = self._create_consent(self.cat_contact)
        self.assertTrue(self.check(self.partner_debt, self.cat_contact))
        consent.with_user(self.user_counsellor).action_revoke()
        self.assertEqual(consent.revoked_date, date(2026, 3, 10))
        self.assertEqual(consent.state, "revoked")
        with self.assertRaisesRegex(UserError, "revoked on 03/10/2026"):
            self.check(self.partner_debt, self.cat_contact)
        with self.assertRaisesRegex(UserError, "stays revoked"):
            consent.revoked_date = False

    def test_partner_type_consent(self):
        self._create_consent(
            self.cat_contact | self.cat_addiction,
            recipient_kind="partner_type",
            recipient_partner_id=False,
            partner_type_id=self.type_addiction.id,
        )
        self.assertTrue(self.check(self.partner_addiction, self.cat_addiction))
        self.assertTrue(self.check(self.partner_addiction_other, self.cat_contact))
        with self.assertRaisesRegex(UserError, "not given any consent"):
            self.check(self.partner_debt, self.cat_contact)

    def test_county_consent_and_categories(self):
        Consent = self.env["fall.consent"]
        self.assertFalse(
            Consent._valid_consents(self.client, county=True).data_category_ids
        )
        county = self._create_consent(
            self.cat_contact | self.cat_barriers,
            recipient_kind="county",
            recipient_partner_id=False,
        )
        self._create_consent(self.cat_debts)  # for the debt counselling only
        self.assertEqual(
            Consent._valid_consents(self.client, county=True).data_category_ids,
            self.cat_contact | self.cat_barriers,
        )
        self.assertTrue(Consent._check_county_sharing(self.client, self.cat_barriers))
        with self.assertRaisesRegex(UserError, "“Debts” is not covered"):
            Consent._check_county_sharing(self.client, self.cat_debts)
        # a county consent does not cover a network partner
        with self.assertRaisesRegex(UserError, "“Barriers \\(General\\)”"):
            self.check(self.partner_debt, self.cat_barriers)
        county.action_revoke()
        self.assertFalse(
            Consent._valid_consents(self.client, county=True).data_category_ids
        )
        self.assertFalse(
            Consent._valid_consents(self.client_aia, county=True).data_category_ids
        )

    def test_recipient_required(self):
        with self.assertRaisesRegex(ValidationError, "network partner"):
            self._create_consent(self.cat_contact, recipient_partner_id=False)
        with self.assertRaisesRegex(ValidationError, "partner type"):
            self._create_consent(
                self.cat_contact,
                recipient_kind="partner_type",
                recipient_partner_id=False,
            )
        with self.assertRaisesRegex(ValidationError, "at least one data category"):
            self._create_consent(self.env["fall.data.category"])

    def test_dates(self):
        with self.assertRaisesRegex(ValidationError, "Signed On: .* plausible"):
            self._create_consent(self.cat_contact, signed_date="2026-03-11")
        with self.assertRaisesRegex(ValidationError, "cannot end"):
            self._create_consent(self.cat_contact, valid_until="2026-01-31")
        with self.assertRaisesRegex(ValidationError, "Revoked On: .* plausible"):
            self._create_consent(self.cat_contact, revoked_date="2026-03-11")
        with self.assertRaisesRegex(ValidationError, "Only a signed consent"):
            self._create_consent(self.cat_contact, revoked_date="2026-01-15")

    def test_signed_consent_is_locked(self):
        consent = self._create_consent(self.cat_contact)
        self.assertTrue(consent.is_locked)
        for vals in (
            {"data_category_ids": [(4, self.cat_health.id)]},
            {"valid_until": "2027-12-31"},
            {"recipient_partner_id": self.partner_housing.id},
            {"purpose": "Alles"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "cannot be changed"),
            ):
                consent.with_user(self.user_counsellor).write(vals)
        consent.with_user(self.user_counsellor).write({"note": "Kopie an Klientin"})
        draft = self._create_consent(self.cat_contact, signed_date=False)
        self.assertFalse(draft.is_locked)
        draft.write(
            {"data_category_ids": [(4, self.cat_debts.id)], "signed_date": "2026-03-09"}
        )
        self.assertEqual(draft.state, "valid")

    def test_only_the_lead_deletes_signed_consents(self):
        consent = self._create_consent(self.cat_contact)
        with self.assertRaisesRegex(UserError, "revoke it instead"):
            consent.with_user(self.user_counsellor).unlink()
        draft = self._create_consent(self.cat_contact, signed_date=False)
        draft.with_user(self.user_counsellor).unlink()
        consent.with_user(self.user_lead).unlink()
        self.assertFalse(consent.exists())

    def test_revoke_unsigned_is_refused(self):
        draft = self._create_consent(self.cat_contact, signed_date=False)
        with self.assertRaisesRegex(UserError, "never signed"):
            draft.action_revoke()

    def test_expiry_reminder_cron(self):
        Consent = self.env["fall.consent"]
        activity_type = self.env.ref(
            "fallmanagement.mail_activity_type_fall_consent_expiry"
        )
        soon = self._create_consent(self.cat_contact, valid_until="2026-04-09")
        later = self._create_consent(self.cat_contact, valid_until="2026-04-10")
        revoked = self._create_consent(self.cat_contact, valid_until="2026-03-20")
        revoked.action_revoke()
        unsigned = self._create_consent(
            self.cat_contact, valid_until="2026-03-20", signed_date=False
        )
        reminded = Consent._cron_expiry_reminder()
        self.assertEqual(reminded, soon)
        activity = soon.activity_ids
        self.assertEqual(activity.activity_type_id, activity_type)
        self.assertEqual(activity.user_id, self.user_counsellor)
        self.assertEqual(activity.date_deadline, date(2026, 3, 10))
        self.assertIn("04/09/2026", activity.summary)
        self.assertEqual(soon.expiry_reminder_date, date(2026, 3, 10))
        self.assertFalse((later | revoked | unsigned).activity_ids)
        # once only
        self.assertFalse(Consent._cron_expiry_reminder())
        with freeze_time("2026-03-11 09:00:00"):
            self.assertEqual(Consent._cron_expiry_reminder(), later)
        self.assertEqual(len(soon.activity_ids), 1)

    def test_expiry_reminder_days_setting(self):
        self._set_param("fallmanagement.consent_reminder_days", "5")
        consent = self._create_consent(self.cat_contact, valid_until="2026-03-16")
        self.assertFalse(self.env["fall.consent"]._cron_expiry_reminder())
        self._set_param("fallmanagement.consent_reminder_days", "6")
        self.assertEqual(self.env["fall.consent"]._cron_expiry_reminder(), consent)

    def test_expiry_reminder_without_open_case(self):
        client = self._create_client(self.company_alra, name="Ohne Fall")
        consent = self._create_consent(
            self.cat_contact,
            client=client,
            valid_until="2026-03-20",
            user_id=self.user_colleague.id,
        )
        self.env["fall.consent"]._cron_expiry_reminder()
        self.assertEqual(consent.activity_ids.user_id, self.user_colleague)

    def test_print_consent_form(self):
        consent = self._create_consent(
            self.cat_contact | self.cat_addiction,
            recipient_kind="partner_type",
            recipient_partner_id=False,
            partner_type_id=self.type_addiction.id,
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "fallmanagement.action_report_fall_consent", consent.ids
        )
        html = html.decode()
        self.assertIn("Klaus Testmann", html)
        self.assertIn("Addiction Counselling", html)
        self.assertIn("Particularly protected information", html)
        self.assertIn("12/31/2026", html)
        self.assertIn("revoke your consent at any time", html)

    def test_errors_in_german(self):
        env = self._use_german()
        self.cat_health.with_env(env).name = "Gesundheit"
        Consent = env["fall.consent"]
        with self.assertRaises(UserError) as error:
            Consent._check_sharing(self.client, self.partner_debt, self.cat_contact)
        self.assertEqual(
            str(error.exception),
            "Die Daten von Klaus Testmann dürfen nicht an Test-Schuldnerberatung "
            "weitergegeben werden:\n• Die Klientin bzw. der Klient hat für diesen "
            "Empfänger keine Einwilligung erteilt.",
        )
        consent = self._create_consent(self.cat_contact)
        with self.assertRaises(UserError) as error:
            Consent._check_sharing(
                self.client, self.partner_debt, self.cat_contact | self.cat_health
            )
        self.assertIn(
            "• Die Datenkategorie „Gesundheit“ ist durch keine gültige Einwilligung "
            "gedeckt.",
            str(error.exception),
        )
        consent.action_revoke()
        with self.assertRaises(UserError) as error:
            Consent._check_sharing(self.client, self.partner_debt, self.cat_contact)
        self.assertIn(
            "• Die Einwilligung vom 01.02.2026 wurde am 10.03.2026 widerrufen.",
            str(error.exception),
        )
