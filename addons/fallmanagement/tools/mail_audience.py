"""Who may follow, be assigned or be told about a record of the case management.

One rule for the side paths of Odoo's mail machinery (followers, activities,
message recipients): staff may only be reached through a record they may
read themselves, under the access rights and record rules of *their*
companies, never the caller's.
"""

import functools

from odoo.exceptions import UserError
from odoo.osv import expression


def readable_by(records, user):
    """The part of ``records`` that ``user`` may read.

    Checked as ``user`` with all the companies they belong to (the caller's
    ``allowed_company_ids`` say nothing about the user); the superuser reads
    everything.
    """
    if not records or user._is_superuser():
        return records
    # sudo: the user's companies decide the check, nothing of them is shown
    companies = user.sudo().company_ids
    as_user = records.with_user(user).with_context(
        allowed_company_ids=companies.ids, active_test=False
    )
    return records.browse(as_user._filtered_access("read")._ids)


def staff_users(partner):
    """The internal users behind ``partner`` (none for outside contacts)."""
    # sudo: who is behind a partner decides the checks; nothing is shown
    return partner.sudo().user_ids.filtered(lambda u: not u.share)


def blind_staff(record, partners):
    """The first of ``partners`` with an internal user who may not read
    ``record`` (an empty recordset if there is none)."""
    for partner in partners:
        users = staff_users(partner)
        if any(not readable_by(record, user) for user in users):
            return partner
    return partners.browse()


def check_staff_may_read(record, partners):
    """Raise unless the staff among ``partners`` may read ``record``.

    The recipient rule of every guarded record: its messages go only to
    colleagues who may read it (outside contacts are the caller's matter:
    cases and referrals ask the client's consent).
    """
    if partner := blind_staff(record, partners):
        env = record.env
        raise UserError(
            env._(
                "%(name)s may not read this record (%(model)s): its messages "
                "go only to people who may read it.",
                name=partner.name,
                model=env["ir.model"]._get(record._name).display_name,
            )
        )


def guarded_models(env):
    """Names of the models whose followers, activities and recipients are
    limited to their readers: the threads of the case management addons and
    contacts (clients are contacts)."""
    thread = env.registry["mail.thread"]
    return [
        name
        for name, model in env.registry.items()
        if issubclass(model, thread)
        and not model._abstract
        and (name.startswith("fall.") or name == "res.partner")
    ]


def readable_documents_domain(env, model_field="res_model", id_field="res_id"):
    """A domain on ``model_field``/``id_field`` keeping the rows whose
    document is not guarded, or guarded and readable by the current user."""
    guarded = guarded_models(env)
    domain = [(model_field, "not in", guarded)]
    for name in guarded:
        documents = env[name].with_context(active_test=False)
        if documents.browse().has_access("read"):
            domain = expression.OR(
                [
                    domain,
                    [(model_field, "=", name), (id_field, "in", documents._search([]))],
                ]
            )
    return domain


def guarded_documents(env, model, res_ids):
    """The documents ``res_ids`` of ``model`` whose followers, activities and
    message recipients are limited to their readers (in ``env``).

    :return: a recordset of ``model``; ``None`` if ``model`` is no thread
        with a chatter in this database
    """
    if not model or model not in env:
        return None
    documents = env[model].browse(res_ids)
    if not isinstance(documents, env.registry["mail.thread"]):
        return None
    # sudo: whether a document is guarded routes the checks (for contacts:
    # their client flag); the documents are returned in the caller's env
    return documents.browse(documents.sudo()._fall_mail_guarded()._ids)


def check_recipients(env, model, res_id, partners):
    """Raise unless ``partners`` may be told about the document ``model``,
    ``res_id`` (checked for guarded documents only)."""
    if not (res_id and partners):
        return
    if document := guarded_documents(env, model, res_id):
        document._fall_check_message_recipients(partners)


def forbid_hidden(records, operation, result):
    """Extend ``result`` of ``records._check_access(operation)`` with the
    records that the model's ``_search`` hides from the current user, so
    that reading them by id is refused as searching for them is.

    The one guard of the mail models' ``_check_access`` overrides: only
    reads by a user (not the superuser) are narrowed.
    """
    if operation != "read" or records.env.su or not records:
        return result
    checked = records - result[0] if result else records
    if not checked:
        return result
    visible = checked.with_context(active_test=False).search(
        [("id", "in", checked.ids)]
    )
    forbidden = checked - visible
    if not forbidden:
        return result
    if result:
        return result[0] + forbidden, result[1]
    error = functools.partial(
        records.env["ir.rule"]._make_access_error, "read", forbidden
    )
    return forbidden, error


def check_responsible_may_read(records, field_name="user_id"):
    """Raise unless the user in ``field_name`` of each of ``records`` may
    read the record (the rule of activity assignees): a responsible person
    who cannot read the record would still get its reminders and links."""
    env = records.env
    # sudo: the responsible user routes the check; nothing of them is shown;
    # one access check per user, not per record (batches of a job)
    for user, group in records.sudo().grouped(field_name).items():
        # the caller's own access is decided by the access rights and rules
        if not user or user == env.user:
            continue
        if group - readable_by(group, user):
            raise UserError(
                env._(
                    "%(user)s may not read this record (%(model)s) and therefore "
                    "cannot be responsible for it.",
                    user=user.name,
                    model=env["ir.model"]._get(records._name).display_name,
                )
            )


def check_may_add_followers(records, partners):
    """Raise unless the current user may read each of ``partners``: nobody
    makes a person they cannot see a follower of a guarded record (through
    ``message_subscribe``, ``message_partner_ids`` or
    ``message_follower_ids``)."""
    env = records.env
    if env.su or not partners:
        return
    hidden = partners - readable_by(partners, env.user)
    if hidden:
        raise UserError(
            env._(
                "You can only add people you may see as followers of this "
                "record (%(model)s).",
                model=env["ir.model"]._get(records._name).display_name,
            )
        )
