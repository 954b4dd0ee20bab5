"""The German translation check every addon of the project runs."""

from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader


class GermanTranslationMixin:
    """The German translation covers every term of the module ``i18n_module``.

    Mix into a ``TransactionCase`` tagged ``post_install``: the reader
    extracts code terms of installed modules only.
    """

    i18n_module = None

    def _source_terms(self):
        reader = TranslationModuleReader(self.env.cr, [self.i18n_module])
        return {src for module, _type, _name, _id, src, _value, _comments in reader}

    def _german_env(self):
        """An environment in German, with the module's terms loaded."""
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            [self.i18n_module], ["de_DE"], overwrite=True
        )
        return self.env(context=dict(self.env.context, lang="de_DE"))

    def test_german_translation_complete(self):
        """Every translatable term has a non-empty msgstr in i18n/de.po."""
        # PoFileReader merges the module's .pot: msgids that are only in the
        # template come back with an empty translation.
        po = PoFileReader(file_path(f"{self.i18n_module}/i18n/de.po"))
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
