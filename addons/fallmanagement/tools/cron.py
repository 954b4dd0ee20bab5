"""Scheduled jobs that work in batches (Odoo 18's cron progress API)."""

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
