"""Who counsels a case, who may change it, and the notes about it.

Who counsels a case decides who sees its sensitive data: the responsible
counsellor (``user_id``) and the deputies (``counsellor_ids``) are set by the
head of the association or by the responsible counsellor, and every change
is logged in the case's chatter.
"""

from markupsafe import Markup

from odoo.exceptions import AccessError


def may_assign(env, responsible):
    """Whether the user may change who counsels a case of ``responsible``."""
    return (
        env.su
        or env.user.has_group("fallmanagement.group_fall_manager")
        or env.user == responsible
    )


def assign_refused(env, case_name):
    """The error refusing a change of the counsellors of case ``case_name``."""
    return AccessError(
        env._(
            "Only the responsible counsellor of case %(case)s and the head of "
            "the association can change its counsellor or deputies.",
            case=case_name,
        )
    )


def check_on_create(env, vals_list):
    """Refuse deputies on new cases of another responsible counsellor."""
    for vals in vals_list:
        if not vals.get("counsellor_ids"):
            continue
        responsible = env["res.users"].browse(vals.get("user_id", env.uid))
        if not may_assign(env, responsible):
            raise assign_refused(env, vals["name"])


def flush_access(env):
    """Store at once who counsels the clients: the record rules on their
    sensitive consents read it (a many2many the rules' SQL does not flush
    by itself)."""
    env["res.partner"].flush_model(["fall_counsellor_user_ids"])


def counsellors_of(cases):
    """``{case id: (responsible, deputies)}``, before a change."""
    return {case.id: (case.user_id, case.counsellor_ids) for case in cases}


def counsellors_changed(cases, before):
    """Refuse a change the user may not make; log each change.

    :param before: ``counsellors_of(cases)`` before the change
    """
    env = cases.env
    for case in cases:
        old_user, old_deputies = before[case.id]
        added = case.counsellor_ids - old_deputies
        removed = old_deputies - case.counsellor_ids
        if old_user == case.user_id and not added and not removed:
            continue
        if not may_assign(env, old_user):
            raise assign_refused(env, case.name)
        lines = []
        if old_user != case.user_id and (
            env.context.get("tracking_disable") or env.context.get("mail_notrack")
        ):
            # tracked by Odoo unless the caller switched tracking off
            lines.append(
                env._(
                    "Responsible counsellor changed from %(old)s to %(new)s.",
                    old=old_user.name or "–",
                    new=case.user_id.name or "–",
                )
            )
        if added:
            lines.append(deputies_added_line(env, added))
        if removed:
            lines.append(
                env._(
                    "Deputies removed: %(users)s.",
                    users=", ".join(removed.mapped("name")),
                )
            )
        if lines:
            log_note(case, lines)


def log_new_cases(cases):
    """Log the deputies of new cases and a client's earlier cases."""
    env = cases.env
    if env.su:
        return  # data loaded by the system (demo, generator): no notes
    for case in cases:
        lines = []
        if case.counsellor_ids:
            lines.append(deputies_added_line(env, case.counsellor_ids))
        # sudo: archived cases count too; only their numbers are shown
        earlier = (
            cases.sudo()
            .with_context(active_test=False)
            .search(
                [("client_id", "=", case.client_id.id), ("id", "!=", case.id)],
                order="opened_date, id",
            )
        )
        if earlier:
            note = env._(
                "New case %(case)s for a client with earlier cases: %(cases)s.",
                case=case.name,
                cases=", ".join(earlier.mapped("name")),
            )
            lines.append(note)
            # sudo: the note on the client names only case numbers, which
            # everybody who may open the client's contact may see
            case.client_id.sudo()._message_log(body=Markup("<p>%s</p>") % note)
        if lines:
            log_note(case, lines)


def deputies_added_line(env, users):
    return env._("Deputies added: %(users)s.", users=", ".join(users.mapped("name")))


def log_note(case, lines):
    """A note in the case's chatter, by the user, whoever may read it."""
    case.ensure_one()
    body = Markup("").join(Markup("<p>%s</p>") % line for line in lines)
    # sudo: the note states who changed the counsellors of the case; it
    # holds nothing its readers may not see
    case.sudo()._message_log(body=body, author_id=case.env.user.partner_id.id)
