"""Who a message posted on a record would reach, and whether they may."""

from odoo.exceptions import UserError

from .mail_audience import check_staff_may_read


def message_subtype(env, kwargs):
    """The subtype ``message_post(**kwargs)`` will use."""
    subtype = env["mail.message.subtype"]
    if kwargs.get("subtype_xmlid"):
        return env.ref(kwargs["subtype_xmlid"], raise_if_not_found=False) or subtype
    if kwargs.get("subtype_id"):
        return subtype.browse(kwargs["subtype_id"])
    if kwargs.get("message_type", "notification") == "comment":
        return env.ref("mail.mt_comment")
    return subtype


def message_recipients(record, kwargs):
    """Partners a message would notify: those named, and the followers of a
    subtype that is not internal."""
    partner_ids = [
        pid for pid in (kwargs.get("partner_ids") or []) if isinstance(pid, int)
    ]
    partners = record.env["res.partner"].browse(partner_ids).exists()
    subtype = message_subtype(record.env, kwargs)
    if subtype and not subtype.internal:
        partners |= record.message_follower_ids.filtered(
            lambda f: subtype in f.subtype_ids
        ).partner_id
    return partners


def check_message_recipients(case, partners, outside, county, document=None):
    """Raise unless each of ``partners`` may get a message about ``case``.

    Colleagues of the case's association may if they may read ``document``
    (the case, or the record of the case the message is about); staff of
    another association never; the county as ``county()`` decides (the
    client's consent for the county), a partner outside as
    ``outside(partner)`` decides.
    """
    document = document or case
    # sudo: who is behind a partner (user, group, association) decides the
    # check; nothing of it is shown
    for partner in partners.sudo():
        users = partner.user_ids.filtered(lambda u: not u.share)
        if not users:
            outside(partner)
        elif any(u.has_group("fallmanagement.group_fall_county") for u in users):
            county()
        elif case.company_id not in users.company_ids:
            raise UserError(
                case.env._(
                    "%(name)s does not work for %(association)s: messages of "
                    "case %(case)s stay within the association.",
                    name=partner.name,
                    association=case.company_id.name,
                    case=case.name,
                )
            )
        else:
            # colleagues: the rule of every guarded record (a function, not
            # document._fall_check_message_recipients: cases and referrals
            # override that with this very check)
            check_staff_may_read(document, partner)
