import logging

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Odoo's online services (In-App Purchase): every module that needs ``iap``
# sends data to servers of a third party, e.g. partner_autocomplete the names
# typed into a contact form and the company on the administrator's login, sms
# the phone numbers and texts, snailmail the letters.
ONLINE_SERVICES = "iap"

# Per database, the modules Odoo had just installed or updated when their
# loading ended with the removal of the online services: Odoo then reloads the
# registry, and the new registry would not know which modules' post-install
# tests are to run.
_UPDATED_BEFORE_REMOVAL = {}
# the addons whose external ids are cleaned up after the removal
FALL_MODULES = ("fallmanagement", "fallkonferenz")


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def button_install(self):
        """Refuse to install Odoo's online services (issue 10, no personal
        data to third parties)."""
        result = super().button_install()
        blocked = self._fall_online_service_modules().filtered(
            lambda module: module.state == "to install"
        )
        if blocked:
            raise UserError(
                self.env._(
                    "These modules use Odoo's online services (IAP), which send "
                    "personal data such as the names of clients to a third "
                    "party; they cannot be installed together with the case "
                    "management: %(modules)s",
                    modules=", ".join(sorted(blocked.mapped("name"))),
                )
            )
        return result

    def _fall_online_service_modules(self):
        """``iap`` and every installed module or module to install that
        needs it."""
        iap = self.search([("name", "=", ONLINE_SERVICES)])
        return iap + iap.downstream_dependencies()

    def _register_hook(self):
        """Hand the installed modules over to the reloaded registry."""
        super()._register_hook()
        updated = _UPDATED_BEFORE_REMOVAL.pop(self.env.cr.dbname, [])
        if updated:
            self._fall_drop_dangling_xmlids()
        registry = self.env.registry
        registry.updated_modules += [
            name
            for name in updated
            if name in registry._init_modules and name not in registry.updated_modules
        ]

    def _fall_drop_dangling_xmlids(self):
        """Drop our addons' external ids of reflection records that went with
        the removed online services.

        Extending ``mail.thread`` gives our addons an ``ir.model.inherit``
        record (and its external id) for every model with a chatter, also for
        ``iap.account``; uninstalling ``iap`` removes the record but not our
        external id, and exporting translations would then warn about it.
        """
        for model, table in (
            ("ir.model.inherit", "ir_model_inherit"),
            ("ir.model.fields", "ir_model_fields"),
            ("ir.model.constraint", "ir_model_constraint"),
        ):
            self.env.cr.execute(
                SQL(
                    """DELETE FROM ir_model_data d
                        WHERE d.module IN %s AND d.model = %s
                          AND NOT EXISTS (SELECT 1 FROM %s r WHERE r.id = d.res_id)""",
                    tuple(FALL_MODULES),
                    model,
                    SQL.identifier(table),
                )
            )

    def _fall_remove_online_services(self, updated_modules):
        """Mark Odoo's online services for removal where they are installed.

        They come in as auto-install modules with ``mail`` before this
        addon's code is loaded, so ``button_install`` cannot keep them out;
        called at the end of every module installation or update
        (``updated_modules``), the modules are then uninstalled by Odoo in the
        same run.
        """
        installed = self._fall_online_service_modules().filtered(
            lambda module: module.state in ("installed", "to upgrade")
        )
        iap = installed.filtered(lambda module: module.name == ONLINE_SERVICES)
        if iap:
            _logger.info(
                "Removing Odoo's online services (personal data to a third party): %s",
                ", ".join(sorted(installed.mapped("name"))),
            )
            iap.button_uninstall()
            _UPDATED_BEFORE_REMOVAL[self.env.cr.dbname] = list(updated_modules)
