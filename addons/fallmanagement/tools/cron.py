"""Scheduled jobs that work in batches (Odoo 18's cron progress API)."""

from odoo import fields

from .activities import schedule_activities

CRON_BATCH_SIZE = 500


def run_in_batches(model, domain, process, batch_size=CRON_BATCH_SIZE):
    """Hand the records of ``model`` matching ``domain`` to ``process`` in batches.

    ``process(records)`` must take each record out of ``domain`` (mark it as
    reminded, done, ...): that is what makes a batch run exactly once.

    Run by the cron (``ir_cron_progress_id`` in the context), one batch per
    call: the cron commits it and calls again while ``_notify_progress``
    reports records remaining (and comes back as soon as possible after ten
    batches), so a long job never holds one long transaction, and a killed
    run loses only its current batch. Called elsewhere (a server action, the
    tests), all batches in this call.

    :return: the records processed in this call
    """
    in_cron = bool(model.env.context.get("ir_cron_progress_id"))
    processed = model.browse()
    while True:
        batch = model.search(domain, limit=batch_size, order="id")
        if batch & processed:
            raise RuntimeError(
                f"{model._name}: a batch of a scheduled job did not leave its domain"
            )
        if not batch:
            remaining = 0
            break
        process(batch)
        processed |= batch
        if in_cron or len(batch) < batch_size:
            remaining = model.search_count(domain) if len(batch) == batch_size else 0
            break
    model.env["ir.cron"]._notify_progress(done=len(processed), remaining=remaining)
    return processed


def remind_in_batches(
    model, domain, activity_type, reminders, stamp, batch_size=CRON_BATCH_SIZE
):
    """Schedule the reminder activities of a job, in batches.

    The one shape of our reminder jobs: the records of ``model`` matching
    ``domain`` get their reminders and the date ``stamp`` set to today, which
    takes them out of ``domain`` (see :func:`run_in_batches`).

    :param activity_type: the mail.activity.type of the reminders
    :param reminders: ``reminders(records)`` gives ``(record, values)``
        pairs, one per activity (summary, responsible user, ...; due today
        unless ``values`` say otherwise); a record may get several
    :param stamp: the name of the date field that marks a record reminded
    :return: the records processed in this call
    """
    today = fields.Date.context_today(model)

    def process(records):
        pairs = list(reminders(records))
        schedule_activities(
            model.browse([record.id for record, __ in pairs]),
            activity_type,
            [{"date_deadline": today, **values} for __, values in pairs],
        )
        records.write({stamp: today})

    return run_in_batches(model, domain, process, batch_size)
