"""Who a message posted on a record would reach (for the consent checks)."""


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
