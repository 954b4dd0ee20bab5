import base64
from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command
from odoo.tools import file_open, file_path
from odoo.tools.translate import CodeTranslations, code_translations

from .common import FallmanagementCommon

SCAN = base64.b64encode(b"%PDF-1.4 signed consent form")


class FallNetworkCommon(FallmanagementCommon):
    """Network partners, barriers and factories for referrals, consents and
    dealings with authorities. Time stands still on Tuesday, 10 March 2026.
    """

    freeze_time = "2026-03-10 09:00:00"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The tests read English texts and dates whatever languages the database
        # has loaded; German is tested on purpose (see _use_german).
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        for name in ("client", "client_aia", "case", "case_aia"):
            setattr(cls, name, getattr(cls, name).with_env(cls.env))
        (cls.client | cls.client_aia).lang = "en_US"
        ref = cls.env.ref
        cls.type_debt = ref("fallmanagement.fall_partner_type_debt")
        cls.type_addiction = ref("fallmanagement.fall_partner_type_addiction")
        cls.type_housing = ref("fallmanagement.fall_partner_type_housing")
        cls.cat_contact = ref("fallmanagement.fall_data_category_contact")
        cls.cat_customer = ref("fallmanagement.fall_data_category_customer_number")
        cls.cat_household = ref("fallmanagement.fall_data_category_household")
        cls.cat_barriers = ref("fallmanagement.fall_data_category_barriers")
        cls.cat_debts = ref("fallmanagement.fall_data_category_debts")
        cls.cat_health = ref("fallmanagement.fall_data_category_health")
        cls.cat_addiction = ref("fallmanagement.fall_data_category_addiction")
        cls.cat_notes = ref("fallmanagement.fall_data_category_notes")
        cls.cat_applications = ref("fallmanagement.fall_data_category_applications")

        Partner = cls.env["res.partner"].with_context(default_lang="en_US")
        cls.partner_debt = Partner.create(
            {
                "name": "Test-Schuldnerberatung",
                "is_company": True,
                "email": "sb@example.org",
                "fall_partner_type_id": cls.type_debt.id,
            }
        )
        cls.partner_debt_contact = Partner.create(
            {
                "name": "Sven Schuldnerberater",
                "parent_id": cls.partner_debt.id,
                "email": "sven@example.org",
            }
        )
        cls.partner_addiction = Partner.create(
            {
                "name": "Test-Suchtberatung",
                "is_company": True,
                "email": "sucht@example.org",
                "fall_partner_type_id": cls.type_addiction.id,
            }
        )
        cls.partner_addiction_other = Partner.create(
            {
                "name": "Andere Suchtberatung",
                "is_company": True,
                "fall_partner_type_id": cls.type_addiction.id,
            }
        )
        cls.partner_housing = Partner.create(
            {
                "name": "Test-Wohnungshilfe",
                "is_company": True,
                "fall_partner_type_id": cls.type_housing.id,
            }
        )
        cls.authority = Partner.create({"name": "Test-Jobcenter", "is_company": True})

        Barrier = cls.env["fall.case.barrier"]
        cls.case_barrier_debts = Barrier.create(
            {"case_id": cls.case.id, "barrier_type_id": cls.barrier_debts.id}
        )
        cls.case_barrier_addiction = Barrier.create(
            {"case_id": cls.case.id, "barrier_type_id": cls.barrier_addiction.id}
        )

    @classmethod
    def _create_consent(cls, categories, client=None, **vals):
        client = client or cls.client
        values = {
            "client_id": client.id,
            "recipient_kind": "partner",
            "recipient_partner_id": cls.partner_debt.id,
            "purpose": "Termin bei der Schuldnerberatung",
            "data_category_ids": [Command.set(categories.ids)],
            "signed_date": "2026-02-01",
            "valid_until": "2026-12-31",
            "signed_scan": SCAN,
            "signed_scan_name": "einwilligung.pdf",
        }
        values.update(vals)
        return cls.env["fall.consent"].create(values)

    @classmethod
    def _create_referral(cls, case=None, partner=None, **vals):
        case = case or cls.case
        values = {
            "case_id": case.id,
            "partner_id": (partner or cls.partner_debt).id,
        }
        values.update(vals)
        return cls.env["fall.referral"].create(values)

    @classmethod
    def _create_matter(cls, case=None, **vals):
        values = {
            "name": "Weiterbewilligungsantrag",
            "case_id": (case or cls.case).id,
            "authority_id": cls.authority.id,
            "kind": "citizen_benefit",
        }
        values.update(vals)
        return cls.env["fall.authority.matter"].create(values)

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Like Odoo's ``assertRaises``: roll back what the failed call wrote."""
        with self._assertRaises(exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    def _use_german(self):
        """Switch to German with this module's German code translations.

        They come from ``i18n/de.po``; the issue-4 fragment waiting to be
        merged into it (``i18n/issue4_de.po.part``) is read on top.
        """
        self.env["res.lang"]._activate_lang("de_DE")
        key = ("fallmanagement", "de_DE")
        translations = dict(code_translations.get_python_translations(*key))
        try:
            part = file_path("fallmanagement/i18n/issue4_de.po.part")
        except FileNotFoundError:
            part = None
        if part:
            with file_open(part, "rb") as fileobj:
                translations.update(
                    CodeTranslations._read_code_translations_file(
                        fileobj,
                        lambda row: (
                            row.get("value") and "odoo-python" in row["comments"]
                        ),
                    )
                )
        patcher = patch.dict(code_translations.python_translations, {key: translations})
        patcher.start()
        self.addCleanup(patcher.stop)
        return self.env(context=dict(self.env.context, lang="de_DE"))

    def _set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(key, value)
