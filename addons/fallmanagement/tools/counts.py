"""Counting the records a user may see, for stat buttons."""

from odoo.tools import SQL


def count_visible(env, specs):
    """Count the records of several models per key, in one round trip.

    Counted with the user's record rules (each ``_search`` applies them), so
    a stat button never shows records the user cannot open. Not taken from
    one2many fields: their cache may hold them as another user (or sudo)
    read them.

    :param specs: ``{name: (model name, key field, keys)}``, ``keys`` a
        recordset of the records the key field refers to
    :return: ``{name: {key id: count}}``
    """
    counts = {name: {} for name in specs}
    selects = []
    for name, (model, key_field, keys) in specs.items():
        Model = env[model]
        query = Model._search([(key_field, "in", keys.ids)])
        key = query.select(SQL.identifier(Model._table, key_field))
        selects.append(
            SQL("SELECT %s, key, COUNT(*) FROM (%s) q(key) GROUP BY key", name, key)
        )
    if selects:
        env.cr.execute(SQL(" UNION ALL ").join(selects))
        for name, key, count in env.cr.fetchall():
            counts[name][key] = count
    return counts
