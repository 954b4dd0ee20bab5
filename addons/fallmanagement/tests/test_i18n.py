from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import code_translations

from .common_i18n import GermanTranslationMixin


@tagged("post_install", "-at_install")
class TestI18n(GermanTranslationMixin, TransactionCase):
    i18n_module = "fallmanagement"

    def test_german_terms_loaded(self):
        """With German active, phases, selections and messages read German."""
        env_de = self._german_env()
        stages = {
            "fall_case_stage_intake": "Zugang",
            "fall_case_stage_assessment": "Assessment",
            "fall_case_stage_planning": "Hilfeplanung",
            "fall_case_stage_monitoring": "Umsetzung/Monitoring",
            "fall_case_stage_aftercare": "Nachbetreuung",
            "fall_case_stage_closed": "Abgeschlossen",
        }
        for xmlid, name in stages.items():
            self.assertEqual(env_de.ref(f"fallmanagement.{xmlid}").name, name)
        job_kinds = dict(
            env_de["fall.case"]._fields["job_kind"]._description_selection(env_de)
        )
        self.assertEqual(job_kinds["insured"], "sozialversicherungspflichtig")
        self.assertEqual(
            env_de["ir.model"]._get("fall.case").name,
            "Fallakte",
        )
        messages = code_translations.get_python_translations("fallmanagement", "de_DE")
        self.assertEqual(
            messages.get("Cooperation plan reviewed."), "Kooperationsplan überprüft."
        )
