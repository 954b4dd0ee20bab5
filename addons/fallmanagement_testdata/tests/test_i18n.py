from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import (
    PoFileReader,
    TranslationModuleReader,
    code_translations,
)

MODULE = "fallmanagement_testdata"


# post_install: the reader extracts code terms of installed modules only.
@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    """The German translation covers every term of the module."""

    def test_german_translation_complete(self):
        po = PoFileReader(file_path(f"{MODULE}/i18n/de.po"))
        translated = {entry["src"] for entry in po if entry["value"].strip()}
        reader = TranslationModuleReader(self.env.cr, [MODULE])
        sources = {src for _module, _type, _name, _id, src, _value, _c in reader}
        self.assertTrue(sources)
        missing = sorted(sources - translated)
        self.assertFalse(missing, f"without German translation: {missing}")

    def test_german_terms_loaded(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            [MODULE], ["de_DE"], overwrite=True
        )
        messages = code_translations.get_python_translations(MODULE, "de_DE")
        self.assertEqual(
            messages.get("Only an administrator can generate test data."),
            "Nur Administratoren können Testdaten erzeugen.",
        )
