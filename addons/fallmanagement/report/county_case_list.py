"""The case list of the county's workbook: one line per case, only the
fields the county may see (``FALL_COUNTY_FIELDS`` of ``fall.case``)."""

from ..models.fall_case import FALL_COUNTY_BASE_FIELDS

CHUNK_SIZE = 5000


def case_list_ids(scope):
    """The cases open at any time in the period, in the list's order."""
    return (
        scope.env["fall.case"]
        .search(scope.case_domain_active(), order="company_id, name, id")
        .ids
    )


def case_list_rows(env, case_ids, fnames, chunk_size=CHUNK_SIZE):
    """Yield per case the values to write and whether the county's consent
    covers the client: ``(values, consented)``.

    ``values`` follows ``fnames``: names for relations, labels for
    selections, ``datetime.date``, ``float`` or ``str``; ``None`` for an
    empty field or one the county may not see. Chunk by chunk, each read in
    one query per table from the ORM cache, which is dropped after each
    chunk: memory stays flat, and no field is read record by record.
    """
    Case = env["fall.case"]
    cache = env.cache
    fields_ = [Case._fields[fname] for fname in fnames]
    consent_fields = {f.name for f in fields_} - set(FALL_COUNTY_BASE_FIELDS)
    # all stored: read from the cache as fetched (client_id for the consents)
    stored = [f.name for f in fields_] + ["client_id"]
    selections = {
        f.name: dict(f._description_selection(env))
        for f in fields_
        if f.type == "selection"
    }
    names = {}  # (model, id): display name, for all chunks
    for start in range(0, len(case_ids), chunk_size):
        cases = Case.browse(case_ids[start : start + chunk_size])
        cases.fetch(stored)
        visible = cases._fall_county_visible_fields()
        columns = []
        for column in fields_:
            raw = list(cache.get_values(cases, column))
            if column.type == "many2one":
                comodel = column.comodel_name
                missing = {v for v in raw if v and (comodel, v) not in names}
                for record in env[comodel].browse(missing):
                    names[comodel, record.id] = record.display_name
                raw = [names[comodel, v] if v else None for v in raw]
            elif column.type == "selection":
                labels = selections[column.name]
                raw = [labels.get(v) if v else None for v in raw]
            elif column.type != "float":
                raw = [v or None for v in raw]
            columns.append((column.name, raw))
        for index, case_id in enumerate(cases.ids):
            shown = visible[case_id]
            yield (
                [
                    values[index] if fname in shown else None
                    for fname, values in columns
                ],
                bool(consent_fields & shown),
            )
        env.invalidate_all()
