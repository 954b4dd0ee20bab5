"""Batch scheduling of activities."""


def schedule_activities(records, activity_type, values_list):
    """Schedule one activity of ``activity_type`` on each of ``records``.

    Like ``mail.activity.mixin.activity_schedule``, but each record gets its
    own values (deadline, responsible user, summary, ...) and all activities
    are created in one ``create`` call.

    :param records: the documents, a recordset of a model with activities
    :param activity_type: the ``mail.activity.type`` record
    :param values_list: one dict of activity values per record, in order
    :return: the new activities
    """
    env = records.env
    if not records or env.context.get("mail_activity_automation_skip"):
        return env["mail.activity"]
    model_id = env["ir.model"]._get_id(records._name)
    defaults = {
        "activity_type_id": activity_type.id,
        "summary": activity_type.summary,
        "note": activity_type.default_note,
        "automated": True,
        "res_model_id": model_id,
    }
    vals_list = []
    for record, values in zip(records, values_list, strict=True):
        vals = {**defaults, "res_id": record.id, **values}
        if not vals.get("user_id"):
            vals["user_id"] = activity_type.default_user_id.id or env.uid
        vals_list.append(vals)
    return env["mail.activity"].create(vals_list)
