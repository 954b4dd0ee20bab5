from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.fallmanagement.tests.common_i18n import GermanTranslationMixin


@tagged("post_install", "-at_install")
class TestI18n(GermanTranslationMixin, TransactionCase):
    i18n_module = "fallkonferenz"

    def test_german_terms_loaded(self):
        env_de = self._german_env()
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
