"""Window actions that open a list of records related to the current one."""


def related_list_action(env, xmlid, domain, context=None):
    """Return the window action ``xmlid`` narrowed to ``domain``.

    The one way our buttons open "the referrals of this case", "the cases of
    this client" and the like: the action's own views and help text stay, the
    domain limits the list and ``context`` pre-fills new records. Access is
    not widened: the list is read with the user's rights.
    """
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = domain
    action["context"] = context or {}
    return action
