from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.fallmanagement.tests.common_i18n import GermanTranslationMixin


@tagged("post_install", "-at_install")
class TestI18n(GermanTranslationMixin, TransactionCase):
    i18n_module = "fallkonferenz_testdata"
