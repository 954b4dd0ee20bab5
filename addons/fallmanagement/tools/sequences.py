"""Numbering without gaps with ``ir.sequence``."""

from odoo.tools import SQL


def take_numbers(sequence, count):
    """The next ``count`` numbers of ``sequence``, in one query.

    The counter of a no-gap sequence is updated in the transaction: the
    numbers come back if the transaction fails, and the row stays locked
    until it ends, so that a second transaction numbering records of the
    same sequence waits instead of taking the same numbers.
    """
    if sequence.implementation != "no_gap":
        return [sequence.next_by_id() for _index in range(count)]
    sequence.flush_recordset(["number_next"])
    sequence.env.cr.execute(
        SQL(
            "UPDATE ir_sequence SET number_next = number_next + %s * "
            "number_increment WHERE id = %s RETURNING number_next, "
            "number_increment",
            count,
            sequence.id,
        )
    )
    stop, step = sequence.env.cr.fetchone()
    sequence.invalidate_recordset(["number_next"])
    first = stop - count * step
    return [sequence.get_next_char(first + index * step) for index in range(count)]


def make_gapless(env, code):
    """Turn the sequences ``code`` that PostgreSQL numbers into no-gap
    sequences that continue with their next number (a PostgreSQL sequence
    keeps the numbers of failed creates)."""
    # sudo: sequences are configuration; called by the migration
    sequences = (
        env["ir.sequence"]
        .sudo()
        .search([("code", "=", code), ("implementation", "!=", "no_gap")])
    )
    for sequence in sequences:
        sequence.write(
            {"implementation": "no_gap", "number_next": sequence.number_next_actual}
        )
    return sequences


def company_sequence(env, code, company, name, prefix):
    """The sequence ``code`` of ``company`` (sudo), created on first use.

    Created without gaps (``no_gap``): its counter is a column of
    ``ir_sequence`` that a rolled back transaction resets, where a PostgreSQL
    sequence would keep the numbers of failed creates.
    """
    # sudo: users may neither read nor create sequences; this one only
    # numbers the records of their own association.
    Sequence = env["ir.sequence"].sudo()
    sequence = Sequence.search(
        [("code", "=", code), ("company_id", "=", company.id)], limit=1
    )
    if not sequence:
        sequence = Sequence.create(
            {
                "name": name,
                "code": code,
                "company_id": company.id,
                "prefix": prefix,
                "padding": 4,
                "implementation": "no_gap",
            }
        )
    return sequence
