from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import (
    PoFileReader,
    TranslationModuleReader,
    code_translations,
)

MODULE = "fallmanagement"


# post_install: the reader extracts code terms of installed modules only.
@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    """The German translation covers every term of the module."""

    def _source_terms(self):
        reader = TranslationModuleReader(self.env.cr, [MODULE])
        return {src for module, _type, _name, _id, src, _value, _comments in reader}

    def test_german_translation_complete(self):
        """Every translatable term has a non-empty msgstr in i18n/de.po."""
        # PoFileReader merges i18n/fallmanagement.pot: msgids that are only in
        # the template come back with an empty translation.
        po = PoFileReader(file_path(f"{MODULE}/i18n/de.po"))
        translated = {entry["src"] for entry in po if entry["value"].strip()}
        sources = self._source_terms()
        self.assertTrue(sources, "no translatable terms found for the module")
        missing = sorted(sources - translated)
        listing = "\n".join(repr(term) for term in missing)
        self.assertFalse(
            missing,
            f"{len(missing)} term(s) without German translation in i18n/de.po "
            f"(export the terms and merge them into de.po):\n{listing}",
        )

    def test_german_terms_loaded(self):
        """With German active, phases, selections and messages read German."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            [MODULE], ["de_DE"], overwrite=True
        )
        env_de = self.env(context=dict(self.env.context, lang="de_DE"))
        stages = {
            "fall_case_stage_intake": "Zugang",
            "fall_case_stage_assessment": "Assessment",
            "fall_case_stage_planning": "Hilfeplanung",
            "fall_case_stage_monitoring": "Umsetzung/Monitoring",
            "fall_case_stage_aftercare": "Nachbetreuung",
            "fall_case_stage_closed": "Abgeschlossen",
        }
        for xmlid, name in stages.items():
            self.assertEqual(env_de.ref(f"{MODULE}.{xmlid}").name, name)
        job_kinds = dict(
            env_de["fall.case"]._fields["job_kind"]._description_selection(env_de)
        )
        self.assertEqual(job_kinds["insured"], "sozialversicherungspflichtig")
        self.assertEqual(
            env_de["ir.model"]._get("fall.case").name,
            "Fallakte",
        )
        messages = code_translations.get_python_translations(MODULE, "de_DE")
        self.assertEqual(
            messages.get("Cooperation plan reviewed."), "Kooperationsplan überprüft."
        )
