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


# ``values_for`` returns this for a record whose activity stays as it is
KEEP = object()


def sync_activities(records, activity_type, values_for):
    """Keep the automatic activity of ``activity_type`` of each record in step.

    ``values_for(record)`` says what the record needs now: a dict of activity
    values (the activity is created, or the existing one is updated), None
    (the activity is removed) or ``KEEP`` (left as it is). The activities
    are searched with the user's rights; new ones are created in one batch,
    so that creating many records (imports, the test data generator) costs
    no query per record.

    :param records: the documents, a recordset of a model with activities
    :param activity_type: the ``mail.activity.type`` record
    :param values_for: function of a record giving its activity values
    """
    Activity = records.env["mail.activity"]
    if not records:
        return
    current = Activity.search(
        [
            ("res_model", "=", records._name),
            ("res_id", "in", records.ids),
            ("activity_type_id", "=", activity_type.id),
        ]
    ).grouped("res_id")
    obsolete = Activity
    to_schedule_ids = []
    to_schedule_values = []
    for record in records:
        values = values_for(record)
        activities = current.get(record.id, Activity)
        if values is KEEP:
            continue
        if values is None:
            obsolete |= activities
        elif activities:
            activities.write(values)
        else:
            to_schedule_ids.append(record.id)
            to_schedule_values.append(values)
    obsolete.unlink()
    schedule_activities(
        records.browse(to_schedule_ids), activity_type, to_schedule_values
    )
