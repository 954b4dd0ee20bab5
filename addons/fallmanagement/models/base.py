from odoo import api, models
from odoo.exceptions import AccessError


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

    # Fields set when a record is created and never changed afterwards, e.g.
    # the case a line belongs to: a write would move the record to another
    # case (and with it, possibly, to another association). A stored related
    # field may be named too: then writing the field it is related through
    # must not change it either (a step moved to a goal of another case).
    # Where the association of a record is related through such a link
    # (``company_id = case_id.company_id``), ``check_company`` on the link
    # would be a tautology (and would leave the web client nothing to choose
    # while the new record has no association yet): the link is set-once and
    # a change of the association through it is refused instead.
    _fall_immutable_fields = ()

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
        """Refuse user writes that widen a record's audience (issue 10, 1.).

        The ORM does not enforce ``readonly``: a stored related or computed
        field (without inverse) sent over RPC is written straight into its
        column, and the record rules reading it (``company_id``, the case's
        counsellor, the sensitive flag) then let other users in. For a user
        (not the superuser) this refuses, before anything is written:

        * values for such *derived* fields (``_fall_derived_field_names``),
          unless they equal the value the field has (or, on create, gets
          from the related record) anyway;
        * a change of a field named in ``_fall_immutable_fields``, directly
          or, for a related one, through the field it is related through;
        * a change of the association (``company_id``) through the field it
          is related through (a line moved to a case of another association).

        The web client sends readonly fields only with ``force_save``, so its
        forms never trip over this; code that must set such a field does so
        as superuser, with a comment why.
        """
        if self.env.su or not vals:
            return
        derived = self._fall_derived_field_names()
        immutable = set(self._fall_immutable_fields)
        fixed = [
            fname
            for fname in vals
            if fname in derived or (fname in immutable and not creating)
        ]
        # fields that would change through the field they are related through
        indirect = (
            []
            if creating
            else [
                fname
                for fname in immutable | {"company_id"}
                if fname in self._fields
                and fname not in vals
                and self._fields[fname].related
                and self._fields[fname].related.split(".")[0] in vals
            ]
        )
        if not (fixed or indirect):
            return
        if not creating:
            # the records must be writable before their values are compared
            self.check_access("write")
        moving = [
            fname for fname in indirect if not self._fall_keeps_value(fname, vals)
        ]
        refused = [
            fname
            for fname in fixed
            if not self._fall_keeps_value(fname, vals, creating)
        ]
        if refused:
            labels = ", ".join(
                self._fields[fname]._description_string(self.env) for fname in refused
            )
            if all(fname in derived for fname in refused):
                message = self.env._(
                    "%(fields)s (%(model)s) follows from other data and cannot be "
                    "set by hand.",
                    fields=labels,
                    model=self._fall_model_label(),
                )
            else:
                message = self.env._(
                    "%(fields)s (%(model)s) is fixed when the record is created "
                    "and cannot be changed afterwards.",
                    fields=labels,
                    model=self._fall_model_label(),
                )
            raise AccessError(message)
        if moving:
            raise AccessError(
                self.env._(
                    "This change would move %(model)s to another case or "
                    "association (%(fields)s): records cannot be moved, create a "
                    "new one instead.",
                    model=self._fall_model_label(),
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in moving
                    ),
                )
            )

    @api.model
    def _fall_model_label(self):
        """The model's name in the user's language, for error messages."""
        # sudo: the name of a model is no secret, reading ir.model is not
        # granted to every user
        return self.env["ir.model"].sudo()._get(self._name).name or self._description

    @api.model
    def _fall_derived_field_names(self):
        """Stored fields whose value follows from other data: related fields
        and computed fields without inverse that are not editable."""
        return {
            fname
            for fname, field in self._fields.items()
            if field.store
            and field.readonly
            and (field.related or (field.compute and not field.inverse))
        }

    def _fall_keeps_value(self, fname, vals, creating=False):
        """Whether ``vals`` leave the field as it is (or, on create, as the
        related field would be set anyway). ``fname`` is a field in
        ``vals`` or a related field whose first field is."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return False
        if creating:
            if not field.related:
                return False
            expected = self._fall_related_value(field, vals)
            new = field.convert_to_record(
                field.convert_to_cache(vals[fname], self), self
            )
            return new == expected
        for record in self.sudo():
            if fname in vals:
                new = field.convert_to_record(
                    field.convert_to_cache(vals[fname], record), record
                )
            else:
                new = record._fall_related_value(field, vals)
            if new != record[fname]:
                return False
        return True

    def _fall_related_value(self, field, vals):
        """The value the related ``field`` gets from ``vals`` (its first
        field taken from ``vals``, or on create from the defaults)."""
        path = field.related.split(".")
        first = self._fields[path[0]]
        if path[0] in vals:
            value = vals[path[0]]
        elif self:
            value = self.sudo()[path[0]]
        else:
            value = self.default_get([path[0]]).get(path[0])
        # sudo: only compared with what the user sent, never returned
        target = first.convert_to_record(
            first.convert_to_cache(value, self.sudo()), self.sudo()
        )
        for name in path[1:]:
            target = target[name]
        return target

    def _fall_check_input(self, vals, creating):
        """Refuse implausible or malformed input (issue 10, 5.)."""
