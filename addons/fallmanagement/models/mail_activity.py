import functools

from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools.mail_audience import (
    guarded_documents,
    readable_by,
    readable_documents_domain,
)


class MailActivity(models.Model):
    """Activities on case management records.

    Odoo 18 no longer checks that the assignee of an activity may read its
    record (``_check_access_assignation`` of earlier versions is gone), while
    the assignee reads the activity, gets its text in the inbox and becomes a
    follower. Here: the assignee must be able to read the record, and only
    those who may read the record read its activities.
    """

    _inherit = "mail.activity"

    @api.constrains("user_id", "res_model_id", "res_id")
    def _check_fall_assignee_may_read(self):
        """One access check per model and assignee, not per activity: a
        reminder job creates hundreds of activities at once."""
        # sudo: the record and the assignee route the check; nothing is shown
        assigned = self.sudo().filtered("user_id")
        groups = assigned.grouped(lambda a: (a.res_model, a.user_id))
        for (model, user), activities in groups.items():
            res_ids = [res_id for res_id in activities.mapped("res_id") if res_id]
            documents = guarded_documents(self.env, model, res_ids)
            if documents and documents - readable_by(documents, user):
                raise UserError(
                    self.env._(
                        "%(user)s may not read this record (%(model)s): an "
                        "activity can only be assigned to someone who may read "
                        "its record.",
                        user=user.name,
                        model=self.env["ir.model"]._get(model).display_name,
                    )
                )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Activities of a guarded record are visible to its readers only,
        also to their assignee."""
        if not self.env.su:
            domain = expression.AND([domain, readable_documents_domain(self.env)])
        return super()._search(domain, offset, limit, order)

    def _check_access(self, operation):
        """Reading an activity of a guarded record needs read access to the
        record, also for its assignee (Odoo lets the assignee read it)."""
        result = super()._check_access(operation)
        if operation != "read" or self.env.su or not self:
            return result
        checked = self - result[0] if result else self
        # sudo: the assignee and record route the check (the fields are in
        # the cache already: Odoo's check read them)
        mine = checked.sudo().filtered(lambda a: a.user_id.id == self.env.uid)
        forbidden = self.browse()
        for model, activities in mine.grouped("res_model").items():
            guarded = guarded_documents(self.env, model, activities.mapped("res_id"))
            if not guarded:
                continue
            hidden = guarded - guarded._filtered_access("read")
            forbidden |= activities.filtered(lambda a, h=hidden: a.res_id in h.ids)
        if not forbidden:
            return result
        forbidden = self.browse(forbidden.ids)
        if result:
            return result[0] + forbidden, result[1]
        error = functools.partial(
            self.env["ir.rule"]._make_access_error, operation, forbidden
        )
        return forbidden, error
