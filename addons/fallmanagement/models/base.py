import math
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date

# What a user may write into a field of a case management model (issue 10, 5.),
# checked before anything reaches the database. Limits in characters:
# Char fields hold names, numbers and references (a Char field's own ``size``
# wins; ``_fall_max_lengths`` of a model sets another limit per field), Text
# about 30 pages, Html the same text with its markup.
FALL_CHAR_MAX = 256
FALL_TEXT_MAX = 100_000
FALL_HTML_MAX = 300_000
# PostgreSQL int4: integer columns and record ids
FALL_INT_MIN = -(2**31)
FALL_INT_MAX = 2**31 - 1
# Any date of the case management lies in these years; ``_fall_date_ranges``
# of a model narrows them per field.
FALL_DATE_MIN = date(1900, 1, 1)
FALL_DATE_MAX = date(2099, 12, 31)
# No case, contact, consent or decision of the associations is older.
FALL_EARLIEST = date(2000, 1, 1)
# {(model class, field name, today): (earliest, latest)}
_date_range_cache = {}
# field type -> the ``_fall_check_<kind>`` method that checks its values
FALL_INPUT_CHECKS = {
    "date": "date",
    "datetime": "date",
    "char": "text",
    "text": "text",
    "html": "text",
    "integer": "integer",
    "float": "float",
    "monetary": "float",
    "selection": "selection",
    "many2one": "many2one",
}


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

    # {field name: (earliest, latest)}: the plausible dates of a Date or
    # Datetime field. A bound is a ``date``, a ``relativedelta`` added to
    # today, or None for FALL_DATE_MIN/FALL_DATE_MAX. Checked on the values
    # written (create and write), without a query.
    _fall_date_ranges = {}
    # {field name: maximum number of characters} instead of the limit of its type
    _fall_max_lengths = {}

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
        # ir.model._get returns the record as superuser: the name of a model
        # is no secret, reading ir.model is not granted to every user
        return self.env["ir.model"]._get(self._name).name or self._description

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
        # sudo: the present values are only compared with what the user
        # sent, never returned (a field may be hidden from the user by groups)
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
        # sudo: the value and the records it leads to are only compared with
        # what the user sent, never returned
        record = self.sudo()
        if path[0] in vals:
            value = vals[path[0]]
        elif record:
            value = record[path[0]]
        else:
            value = self.default_get([path[0]]).get(path[0])
        target = first.convert_to_record(first.convert_to_cache(value, record), record)
        for name in path[1:]:
            target = target[name]
        return target

    def _fall_check_input(self, vals, creating):
        """Refuse implausible or malformed input (issue 10, 5.).

        Every value of ``vals`` is checked against the type of its field, read
        from ``self._fields`` (fields added later are covered): dates that do
        not parse or lie outside ``_fall_date_ranges``, texts longer than
        their limit or holding NUL characters, integers outside int4,
        non-finite numbers, unknown selection values and many2one values that
        are no record id. Raises a ``ValidationError`` in the user's language
        naming the field and what is allowed. Pure Python: no query, except
        to translate the message of a refused value.

        Overrides of ``create``/``write`` that use ``vals`` before calling
        ``super()`` call this first, so that bad input never reaches them.
        """
        today = None
        for fname, value in vals.items():
            field = self._fields.get(fname)
            kind = FALL_INPUT_CHECKS.get(field.type) if field else None
            if not kind or not value:  # empty values are always fine
                continue
            if not self._fall_input_checked(field):
                continue
            if kind == "date":
                if today is None:
                    today = fields.Date.context_today(self)
                self._fall_check_date(field, value, today)
            else:
                getattr(self, f"_fall_check_{kind}")(field, value)

    def _fall_input_checked(self, field):
        """Whether ``_fall_check_input`` looks at ``field`` (every field of
        the case management models; see res.partner)."""
        return True

    def _fall_input_error(self, field, message):
        """The ValidationError for a refused value of ``field``."""
        return ValidationError(
            self.env._(
                "%(field)s: %(message)s",
                field=field._description_string(self.env),
                message=message,
            )
        )

    @staticmethod
    def _fall_shorten(value, length=40):
        """``value`` as text, shortened for an error message."""
        text = str(value)
        return text if len(text) <= length else text[: length - 1] + "…"

    def _fall_check_date(self, field, value, today):
        try:
            if field.type == "date":
                day = fields.Date.to_date(value)
            else:
                day = fields.Datetime.to_datetime(value).date()
        except (TypeError, ValueError, OverflowError):
            day = None
        if not isinstance(day, date):
            raise self._fall_input_error(
                field,
                self.env._(
                    "“%(value)s” is not a valid date (expected: YYYY-MM-DD).",
                    value=self._fall_shorten(value),
                ),
            )
        earliest, latest = self._fall_date_range(field.name, today)
        if not earliest <= day <= latest:
            raise self._fall_input_error(
                field,
                self.env._(
                    "%(value)s lies outside the plausible period from %(earliest)s "
                    "to %(latest)s.",
                    value=format_date(self.env, day),
                    earliest=format_date(self.env, earliest),
                    latest=format_date(self.env, latest),
                ),
            )

    def _fall_date_range(self, fname, today):
        """The plausible ``(earliest, latest)`` dates of field ``fname``."""
        # resolved once a day per model class (a class per registry)
        key = (type(self), fname, today)
        bounds = _date_range_cache.get(key)
        if bounds is None:
            if len(_date_range_cache) > 10_000:
                _date_range_cache.clear()
            earliest, latest = self._fall_date_ranges.get(fname, (None, None))

            def resolve(bound, default):
                if bound is None:
                    return default
                day = bound if isinstance(bound, date) else today + bound
                return min(max(day, FALL_DATE_MIN), FALL_DATE_MAX)

            bounds = _date_range_cache[key] = (
                resolve(earliest, FALL_DATE_MIN),
                resolve(latest, FALL_DATE_MAX),
            )
        return bounds

    def _fall_check_text(self, field, value):
        if not isinstance(value, str):
            return  # converted by the ORM (numbers) or refused by it
        if field.type == "html":
            limit = FALL_HTML_MAX
        elif field.type == "text":
            limit = FALL_TEXT_MAX
        else:
            limit = field.size or FALL_CHAR_MAX
        limit = self._fall_max_lengths.get(field.name, limit)
        if len(value) > limit:
            raise self._fall_input_error(
                field,
                self.env._(
                    "The text is too long (%(length)s characters, at most "
                    "%(limit)s allowed).",
                    length=len(value),
                    limit=limit,
                ),
            )
        if "\x00" in value:
            raise self._fall_input_error(
                field,
                self.env._("The text contains a NUL character, which cannot be saved."),
            )

    def _fall_check_integer(self, field, value):
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or not FALL_INT_MIN <= number <= FALL_INT_MAX:
            raise self._fall_input_error(
                field,
                self.env._(
                    "“%(value)s” is not a whole number from %(min)s to %(max)s.",
                    value=self._fall_shorten(value),
                    min=FALL_INT_MIN,
                    max=FALL_INT_MAX,
                ),
            )

    def _fall_check_float(self, field, value):
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or not math.isfinite(number):
            raise self._fall_input_error(
                field,
                self.env._(
                    "“%(value)s” is not a number.", value=self._fall_shorten(value)
                ),
            )

    def _fall_check_selection(self, field, value):
        if value in field.get_values(self.env):
            return
        labels = [label for _value, label in field._description_selection(self.env)]
        raise self._fall_input_error(
            field,
            self.env._(
                "“%(value)s” is not one of the values allowed: %(allowed)s.",
                value=self._fall_shorten(value),
                allowed=", ".join(labels),
            ),
        )

    def _fall_check_many2one(self, field, value):
        if isinstance(value, models.BaseModel | models.NewId):
            return  # a record given by the code
        if isinstance(value, tuple) and value:  # (id, display name)
            value = value[0]
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 0 < value <= FALL_INT_MAX
        ):
            return
        raise self._fall_input_error(
            field,
            self.env._(
                "“%(value)s” is not a reference to a record (expected: the "
                "record's id, a positive whole number).",
                value=self._fall_shorten(value),
            ),
        )
