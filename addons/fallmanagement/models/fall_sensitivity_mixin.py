from markupsafe import Markup

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, UserError

NOTES_KEY = "fall.sensitivity.notes"


class FallSensitivityMixin(models.AbstractModel):
    """Widening the audience of sensitive data is a deliberate, logged act.

    While its flag (``is_sensitive``, ``is_confidential``) is set, a record is
    visible only to the counsellors of its case and the head of the
    association (record rules). Clearing the flag shows it to every
    colleague, whatever path clears it: the flag itself, or the barrier type,
    kind, barriers or data categories the flag follows. So

    * only the head of the association or the responsible counsellor of the
      case may clear it (:meth:`_fall_may_widen`), deputies and colleagues
      may not;
    * every change of the flag is logged as a note without sensitive content
      in the chatter of the case (:meth:`_fall_sensitivity_note`), or of the
      record itself when it belongs to no case (consents), where the head of
      the association reads it; the notes do not depend on the context, so a
      caller cannot switch them off like mail tracking;
    * a flag that follows other data (``_fall_sensitivity_derived``) cannot
      be written directly;
    * tracking values recorded while a record was sensitive are shown only to
      those who may see its sensitive data now (:meth:`_mail_track`,
      :meth:`_track_filter_for_display`, for the models with a chatter).

    A model lists this mixin *before* ``mail.thread`` in ``_inherit``, so that
    its overrides of the chatter's tracking methods run.
    """

    _name = "fall.sensitivity.mixin"
    _description = "Sensitivity Flag of Case Data"

    # the flag the record rules read
    _fall_sensitivity_field = "is_sensitive"
    # the flag follows other data (a compute or related field): never written
    _fall_sensitivity_derived = True

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(self._fall_sensitivity_field in vals for vals in vals_list):
            self._fall_check_flag_writable()
        return super().create(vals_list)

    def write(self, vals):
        """Check and log every change of the flag this write causes.

        A flag that is written directly is protected from recomputation and
        compared here; a flag that follows the written values is recomputed
        when it is read below, and :meth:`_compute_field_value` checks a
        widening. Made sensitive is logged here in both cases.
        """
        flag = self._fall_sensitivity_field
        if flag in vals:
            self._fall_check_flag_writable()
        before = {record.id: record[flag] for record in self}
        res = super().write(vals)
        after = {record.id: record[flag] for record in self}
        changed = self.filtered(lambda r: before[r.id] != after[r.id])
        if flag in vals:
            changed._fall_sensitivity_changed()
        else:  # widened records were handled when they were recomputed
            changed.filtered(flag)._fall_sensitivity_changed()
        self._fall_post_sensitivity_notes()
        return res

    def _compute_field_value(self, field):
        """Check a flag that a recomputation clears, on every path.

        The flag follows other data (a barrier type, the barriers of a
        referral, …); these may change in another record's write or in the
        catalogue, so the widening is caught where the flag is recomputed.
        """
        flag = self._fields[self._fall_sensitivity_field]
        if flag not in self.pool.field_computed.get(field, ()):
            return super()._compute_field_value(field)
        sensitive = self.filtered(lambda r: r.id and r[flag.name])
        res = super()._compute_field_value(field)
        sensitive.filtered(lambda r: not r[flag.name])._fall_sensitivity_changed()
        return res

    def _fall_check_flag_writable(self):
        if not self._fall_sensitivity_derived or self.env.uid == SUPERUSER_ID:
            return
        raise AccessError(
            self.env._(
                "Whether %(model)s is sensitive follows its content (barrier type, "
                "kind, data categories) and cannot be set directly.",
                model=self.env["ir.model"]._get(self._name).name,
            )
        )

    # ------------------------------------------------------------------
    # Who may widen, who may see
    # ------------------------------------------------------------------

    def _fall_sensitivity_case(self):
        """The case whose chatter logs the change; empty for consents."""
        self.ensure_one()
        return self.case_id

    def _fall_sensitivity_cases(self):
        """The case(s) whose counsellors decide about the flag (sudo)."""
        self.ensure_one()
        # sudo: who counsels the case decides the check; nothing of it is shown
        return self.sudo().case_id

    def _fall_responsible_users(self):
        """The responsible counsellor(s) who may clear the flag."""
        return self._fall_sensitivity_cases().user_id

    def _fall_counsellor_users(self):
        """Who sees the record while it is sensitive, besides the head."""
        cases = self._fall_sensitivity_cases()
        return cases.user_id | cases.counsellor_ids

    def _fall_is_head(self):
        user = self.env.user
        return user.id == SUPERUSER_ID or user.has_group(
            "fallmanagement.group_fall_manager"
        )

    def _fall_may_widen(self):
        self.ensure_one()
        return self._fall_is_head() or self.env.user in self._fall_responsible_users()

    def _fall_may_see_sensitive(self):
        self.ensure_one()
        return self._fall_is_head() or self.env.user in self._fall_counsellor_users()

    # ------------------------------------------------------------------
    # Check and log
    # ------------------------------------------------------------------

    def _fall_sensitivity_changed(self):
        """Refuse a widening the user may not make; queue the notes."""
        flag = self._fall_sensitivity_field
        for record in self:
            if not record[flag] and not record._fall_may_widen():
                # not an AccessError: the ORM retries a computation that
                # raises one record by record, and the retry would pass
                raise UserError(record._fall_widening_refused_message())
        notes = self.env.cr.precommit.data.setdefault(NOTES_KEY, [])
        author = self.env.user.partner_id.id
        for record in self:
            case = record._fall_sensitivity_case()
            thread = case or record
            notes.append(
                (thread._name, thread.id, author, record._fall_sensitivity_note())
            )
        if self:
            # posted at the end of the write at the latest; a recomputation
            # during the final flush is posted before the commit
            self.env.cr.precommit.add(self._fall_post_sensitivity_notes)

    def _fall_widening_refused_message(self):
        self.ensure_one()
        return self.env._(
            "Only the responsible counsellor of case %(case)s and the head of the "
            "association can make sensitive data of the case visible to all "
            "counsellors.",
            # the user changed a record of this case: its number is no secret
            case=self._fall_sensitivity_cases().name,
        )

    def _fall_sensitivity_note(self):
        """The note logging a change of the flag: no sensitive content.

        :return: a sentence (translated); when the flag is cleared, it may
            name the record as every colleague sees it from now on, when it
            is set, it must not name what became sensitive.
        """
        raise NotImplementedError

    @api.model
    def _fall_post_sensitivity_notes(self):
        notes = self.env.cr.precommit.data.pop(NOTES_KEY, [])
        for model, res_id, author_id, body in notes:
            # sudo: a note of the fact, written for the user who changed the
            # data; it holds nothing the readers of the chatter may not see
            thread = self.env[model].sudo().browse(res_id).exists()
            if thread:
                thread._message_log(
                    body=Markup("<p>%s</p>") % body, author_id=author_id
                )

    # ------------------------------------------------------------------
    # Tracking values of the sensitive period (models with a chatter)
    # ------------------------------------------------------------------

    def _mail_track(self, tracked_fields, initial_values):
        """Mark the tracking values of a change while the record is sensitive.

        Sensitive before or after the change: the old and new values belong
        to the sensitive period and stay hidden from colleagues even after
        the flag is cleared.
        """
        changes, commands = super()._mail_track(tracked_fields, initial_values)
        flag = self._fall_sensitivity_field
        if commands and (initial_values.get(flag, self[flag]) or self[flag]):
            for command in commands:
                command[2]["fall_sensitive"] = True
        return changes, commands

    def _track_filter_for_display(self, tracking_values):
        """Hide the sensitive period's tracking values from colleagues."""
        tracking_values = super()._track_filter_for_display(tracking_values)
        if self._fall_may_see_sensitive():
            return tracking_values
        return tracking_values.filtered(lambda t: not t.fall_sensitive)
