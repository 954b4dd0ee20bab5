"""Widening the audience of sensitive data is a deliberate, logged act (issue 10).

Deputies, the client's consents, the sensitivity flags of barriers,
referrals, authority matters, consents and counselling contacts, the write
path of barriers and the tracking values of the sensitive period.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SCAN, FallNetworkCommon


@tagged("post_install", "-at_install")
class TestSensitivityAudit(FallNetworkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls._create_contact(cls.case, note="Talked about the CV")
        cls.contact_confidential = cls._create_contact(
            cls.case, note="Relapse after the divorce", is_confidential=True
        )
        cls.consent_sensitive = cls._create_consent(cls.cat_addiction)
        cls.referral_sensitive = cls._create_referral(
            partner=cls.partner_addiction,
            barrier_ids=[Command.set(cls.case_barrier_addiction.ids)],
        )
        cls.matter_sensitive = cls._create_matter(kind="disability")
        cls.type_housing_barrier = cls.env.ref(
            "fallmanagement.fall_barrier_type_housing"
        )
        # "colleague" stands in for the responsible counsellor in some tests
        cls.user_deputy = cls.user_colleague
        # a third counsellor of ALRA: neither responsible nor deputy
        cls.user_third = new_test_user(
            cls.env,
            login="fm_third",
            password="fm_third-password",
            name="Dora Dritte",
            groups="fallmanagement.group_fall_user",
            company_id=cls.company_alra.id,
            company_ids=[Command.set(cls.company_alra.ids)],
            lang="en_US",
        )

    def _notes(self, thread):
        """The chatter notes of ``thread``, as text."""
        self.env.flush_all()
        self.env.cr.precommit.run()  # what a commit would post
        thread.invalidate_recordset(["message_ids"])
        return "\n".join(thread.sudo().message_ids.mapped("body"))

    def _last_note(self, thread):
        thread.invalidate_recordset(["message_ids"])
        return thread.sudo().message_ids[:1]

    def _set_deputy(self):
        self.case.counsellor_ids = [Command.link(self.user_deputy.id)]

    def _as(self, user, record):
        return record.with_user(user).with_context(lang="en_US")

    # ------------------------------------------------------------------
    # L7 (a): deputies
    # ------------------------------------------------------------------

    def test_colleague_cannot_make_himself_deputy(self):
        case = self._as(self.user_colleague, self.case)
        with self.assertRaisesRegex(AccessError, "responsible counsellor"):
            case.write({"counsellor_ids": [Command.link(self.user_colleague.id)]})
        self.assertFalse(self.case.counsellor_ids)
        with self.assertRaisesRegex(AccessError, "responsible counsellor"):
            case.write({"user_id": self.user_colleague.id})
        self.assertEqual(self.case.user_id, self.user_counsellor)
        barrier = self._as(self.user_colleague, self.case_barrier_addiction)
        with self.assertRaises(AccessError):
            barrier.read(["note"])

    def test_colleague_cannot_create_case_with_himself_as_deputy(self):
        client = self._create_client(self.company_alra, name="Neue Klientin")
        Case = self._as(self.user_colleague, self.env["fall.case"])
        with self.assertRaisesRegex(AccessError, "responsible counsellor"):
            Case.create(
                {
                    "client_id": client.id,
                    "user_id": self.user_counsellor.id,
                    "counsellor_ids": [Command.set(self.user_colleague.ids)],
                }
            )
        self.assertFalse(client.fall_case_ids)

    def test_responsible_and_head_set_deputies_logged(self):
        case = self._as(self.user_counsellor, self.case)
        case.write({"counsellor_ids": [Command.link(self.user_colleague.id)]})
        self.assertEqual(self.case.counsellor_ids, self.user_colleague)
        message = self._last_note(self.case)
        self.assertIn("Deputies added: Bernd Kollege", message.body)
        self.assertEqual(message.author_id, self.user_counsellor.partner_id)
        self._as(self.user_lead, self.case).write(
            {"counsellor_ids": [Command.unlink(self.user_colleague.id)]}
        )
        message = self._last_note(self.case)
        self.assertIn("Deputies removed: Bernd Kollege", message.body)
        self.assertEqual(message.author_id, self.user_lead.partner_id)

    def test_deputy_change_logged_without_tracking(self):
        """Switching mail tracking off in the context switches off no log."""
        case = self._as(self.user_lead, self.case).with_context(
            tracking_disable=True, mail_notrack=True
        )
        case.write(
            {
                "counsellor_ids": [Command.link(self.user_colleague.id)],
                "user_id": self.user_colleague.id,
            }
        )
        body = self._last_note(self.case).body
        self.assertIn("Deputies added: Bernd Kollege", body)
        self.assertIn("from Anna Beraterin to Bernd Kollege", body)

    # ------------------------------------------------------------------
    # L7 (b): consents follow the cases the user counsels now
    # ------------------------------------------------------------------

    def test_no_second_open_case_for_a_client(self):
        Case = self._as(self.user_colleague, self.env["fall.case"])
        with self.assertRaisesRegex(ValidationError, "already has an open case"):
            Case.create({"client_id": self.client.id})
        self.assertEqual(len(self.client.fall_case_ids), 1)
        consent = self._as(self.user_colleague, self.consent_sensitive)
        with self.assertRaises(AccessError):
            consent.read(["signed_scan"])

    def _close_case(self):
        self.case.write(
            {
                "stage_id": self.stage_closed.id,
                "closure_reason": "moved",
                "closed_date": "2026-03-01",
            }
        )

    def test_consent_follows_the_active_cases(self):
        self._close_case()
        Case = self._as(self.user_colleague, self.env["fall.case"])
        new_case = Case.create({"client_id": self.client.id})
        consent = self._as(self.user_colleague, self.consent_sensitive)
        self.assertEqual(consent.read(["signed_scan"])[0]["signed_scan"], SCAN)
        # the new case of a returning client is logged on the case and client
        self.assertIn("client with earlier cases", self._notes(new_case))
        self.assertIn(self.case.name, self._notes(self.client))
        new_case.action_archive()
        consent.invalidate_recordset()
        with self.assertRaises(AccessError):
            consent.read(["signed_scan"])
        self.assertNotIn(
            self.consent_sensitive,
            self._as(self.user_colleague, self.env["fall.consent"]).search([]),
        )
        # the counsellor of the archived old case no longer sees it either
        self.case.action_archive()
        counsellor_consent = self._as(self.user_counsellor, self.consent_sensitive)
        with self.assertRaises(AccessError):
            counsellor_consent.read(["purpose"])

    # ------------------------------------------------------------------
    # L7 (c): clearing a sensitivity flag
    # ------------------------------------------------------------------

    def test_derived_flags_cannot_be_written(self):
        for record in (
            self.case_barrier_addiction,
            self.referral_sensitive,
            self.consent_sensitive,
        ):
            for user in (self.user_counsellor, self.user_lead):
                with (
                    self.subTest(model=record._name, user=user.login),
                    self.assertRaisesRegex(AccessError, "cannot be set directly"),
                ):
                    self._as(user, record).write({"is_sensitive": False})
                self.assertTrue(record.is_sensitive)

    def test_deputy_cannot_clear_flags(self):
        self._set_deputy()
        cases = [
            (
                self.case_barrier_addiction,
                {"barrier_type_id": self.type_housing_barrier.id},
            ),
            (
                self.referral_sensitive,
                {
                    "barrier_ids": [Command.clear()],
                    "data_category_ids": [Command.set(self.cat_contact.ids)],
                },
            ),
            (self.matter_sensitive, {"is_sensitive": False}),
            (self.matter_sensitive, {"kind": "citizen_benefit"}),
            (self.contact_confidential, {"is_confidential": False}),
        ]
        for record, vals in cases:
            flag = record._fall_sensitivity_field
            with (
                self.subTest(model=record._name, vals=vals),
                self.assertRaisesRegex(UserError, "Only the responsible"),
            ):
                self._as(self.user_deputy, record).write(vals)
            record.invalidate_recordset()
            self.assertTrue(record[flag])
            third = self._as(self.user_third, record)
            self.assertFalse(third.search([("id", "=", record.id)]))

    def test_responsible_clears_flags_logged(self):
        colleague = self.user_colleague
        cases = [
            (
                self.case_barrier_addiction,
                {"barrier_type_id": self.type_housing_barrier.id},
                "barrier “Housing” is no longer marked as sensitive",
            ),
            (
                self.referral_sensitive,
                {
                    "barrier_ids": [Command.clear()],
                    "data_category_ids": [Command.set(self.cat_contact.ids)],
                    "partner_id": self.partner_debt.id,
                },
                "referral to Test-Schuldnerberatung is no longer marked",
            ),
            (
                self.matter_sensitive,
                {"is_sensitive": False},
                "“Weiterbewilligungsantrag” is no longer marked as sensitive",
            ),
            (
                self.contact_confidential,
                {"is_confidential": False},
                "of 02/02/2026 is no longer confidential",
            ),
        ]
        for record, vals, note in cases:
            with self.subTest(model=record._name):
                self._as(self.user_counsellor, record).write(vals)
                visible = self._as(colleague, record).search([("id", "=", record.id)])
                self.assertEqual(visible, record)
                message = self._last_note(self.case)
                self.assertIn(note, message.body)
                self.assertEqual(message.author_id, self.user_counsellor.partner_id)
                self.assertNotIn("Addiction", message.body)
                self.assertNotIn("Relapse", message.body)

    def test_marking_sensitive_is_logged_without_content(self):
        self._set_deputy()
        self._as(self.user_deputy, self.contact).write({"is_confidential": True})
        self.assertIn("was marked as confidential", self._last_note(self.case).body)
        self._as(self.user_deputy, self.case_barrier_debts).write(
            {
                "barrier_type_id": self.env.ref(
                    "fallmanagement.fall_barrier_type_health"
                ).id
            }
        )
        body = self._last_note(self.case).body
        self.assertIn("A barrier of this case was marked as sensitive", body)
        self.assertNotIn("Health", body)

    def test_head_clears_consent_logged(self):
        consent = self._create_consent(self.cat_addiction, signed_date=False)
        self._as(self.user_lead, consent).write(
            {"data_category_ids": [Command.set(self.cat_contact.ids)]}
        )
        self.assertFalse(consent.is_sensitive)
        self.assertIn("no longer marked as sensitive", self._notes(consent))

    def test_catalogue_change_logged_on_cases(self):
        barrier_type = self._as(self.user_admin, self.barrier_addiction)
        barrier_type.is_sensitive = False
        barrier_type.env.flush_all()  # recomputed as the administrator
        self.assertFalse(self.case_barrier_addiction.is_sensitive)
        self.assertIn(
            "barrier “Addiction” is no longer marked as sensitive",
            self._notes(self.case),
        )
        self.assertEqual(
            self._last_note(self.case).author_id, self.user_admin.partner_id
        )

    # ------------------------------------------------------------------
    # L8: the write path of barriers
    # ------------------------------------------------------------------

    def test_barrier_type_write_reveals_no_hidden_barrier(self):
        barrier = self._as(self.user_colleague, self.case_barrier_debts)
        with self.assertRaises(AccessError) as hidden:
            barrier.write({"barrier_type_id": self.barrier_addiction.id})
        self.assertNotIn("only once", str(hidden.exception))
        # the same answer where no such barrier exists
        other = self._create_other_case(self.user_counsellor)
        plain = self._create_barrier(other, self.barrier_debts)
        with self.assertRaises(AccessError) as absent:
            self._as(self.user_colleague, plain).write(
                {"barrier_type_id": self.barrier_addiction.id}
            )
        self.assertEqual(
            str(hidden.exception).replace(self.case.name, "#"),
            str(absent.exception).replace(other.name, "#"),
        )
        self.assertEqual(self.case_barrier_debts.barrier_type_id, self.barrier_debts)

    # ------------------------------------------------------------------
    # L9: tracking values of the sensitive period
    # ------------------------------------------------------------------

    def _tracked_texts(self, record, user):
        values = record.sudo().message_ids.tracking_value_ids
        shown = self._as(user, record)._track_filter_for_display(values)
        return " ".join(
            str(value.get("oldValue", {}).get("value"))
            + " "
            + str(value.get("newValue", {}).get("value"))
            for value in shown._tracking_value_format()
        )

    def test_tracking_of_sensitive_period_hidden(self):
        referral = self.referral_sensitive
        referral.partner_id = self.partner_addiction_other
        self._notes(referral)
        self._as(self.user_counsellor, referral).write(
            {
                "barrier_ids": [Command.clear()],
                "data_category_ids": [Command.set(self.cat_contact.ids)],
                "partner_id": self.partner_debt.id,
            }
        )
        self._notes(referral)
        colleague_sees = self._tracked_texts(referral, self.user_colleague)
        self.assertNotIn("Suchtberatung", colleague_sees)
        lead_sees = self._tracked_texts(referral, self.user_lead)
        self.assertIn("Andere Suchtberatung", lead_sees)
        self.assertIn("Test-Suchtberatung", lead_sees)
        # changes after the widening are shown to colleagues again
        self._as(self.user_counsellor, referral).partner_id = self.partner_housing
        self._notes(referral)
        self.assertIn(
            "Test-Wohnungshilfe", self._tracked_texts(referral, self.user_colleague)
        )
