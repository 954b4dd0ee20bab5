from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import code_translations

from odoo.addons.fallmanagement.tests.common_i18n import GermanTranslationMixin


@tagged("post_install", "-at_install")
class TestI18n(GermanTranslationMixin, TransactionCase):
    i18n_module = "fallmanagement_testdata"

    def test_german_terms_loaded(self):
        self._german_env()
        messages = code_translations.get_python_translations(self.i18n_module, "de_DE")
        self.assertEqual(
            messages.get("Only an administrator can generate test data."),
            "Nur Administratoren können Testdaten erzeugen.",
        )
