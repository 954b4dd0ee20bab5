from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader

MODULE = "fallkonferenz"


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
        env_de = self.env(context=dict(self.env.context, lang="de_DE"))
        states = dict(
            env_de["fall.conference"]._fields["state"]._description_selection(env_de)
        )
        self.assertEqual(
            [states[key] for key in ("planned", "invited", "done", "minutes_sent")],
            ["Geplant", "Eingeladen", "Durchgeführt", "Protokoll versandt"],
        )
        self.assertEqual(
            env_de["ir.model"]._get("fall.conference").name, "Fallkonferenz"
        )
        template = env_de.ref("fallkonferenz.mail_template_conference_cancelled")
        self.assertIn("findet für Sie nicht statt", template.body_html)
