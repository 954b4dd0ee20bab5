from odoo import api, models


class IrModelData(models.Model):
    _inherit = "ir.model.data"

    @api.model
    def _process_end(self, modules):
        """After modules are installed or updated, remove Odoo's online
        services (see ``ir.module.module._fall_remove_online_services``).

        This is the last step of module loading before Odoo uninstalls the
        modules marked for removal, so auto-installed online services are gone
        when the installation of the case management ends.
        """
        result = super()._process_end(modules)
        self.env["ir.module.module"]._fall_remove_online_services(modules)
        return result
