"""What a case file must satisfy, checked when it is saved.

Each check takes the cases to check and raises a ``ValidationError`` with a
German message for the first one that fails; nothing is written.
"""

from odoo.exceptions import ValidationError

# Nachbetreuung after a job start: ten years at most
MAX_FOLLOW_UP_MONTHS = 120


def check_dates(cases):
    """A case closes after it opened and opens after the county assigned it."""
    env = cases.env
    for case in cases:
        if case.closed_date and case.closed_date < case.opened_date:
            raise ValidationError(
                env._(
                    "Case %(case)s: the closing date (%(closed)s) lies before "
                    "the opening date (%(opened)s).",
                    case=case.name,
                    closed=case.closed_date,
                    opened=case.opened_date,
                )
            )
        if case.assignment_date and case.assignment_date > case.opened_date:
            raise ValidationError(
                env._(
                    "Case %(case)s: the county assignment (%(assigned)s) cannot "
                    "be later than the opening of the case (%(opened)s).",
                    case=case.name,
                    assigned=case.assignment_date,
                    opened=case.opened_date,
                )
            )


def check_follow_up_months(cases):
    """The follow-up after a job start lasts 0 to ``MAX_FOLLOW_UP_MONTHS``."""
    env = cases.env
    for case in cases:
        if not 0 <= case.follow_up_months <= MAX_FOLLOW_UP_MONTHS:
            raise ValidationError(
                env._(
                    "Case %(case)s: the follow-up lasts from 0 to %(max)s months "
                    "(entered: %(months)s).",
                    case=case.name,
                    max=MAX_FOLLOW_UP_MONTHS,
                    months=case.follow_up_months,
                )
            )


def check_closure(cases):
    """A closed case (and only a closed case) has a closing date and a
    reason; a job start as reason needs its date."""
    env = cases.env
    for case in cases:
        if case.is_closed and not case.closure_reason:
            raise ValidationError(
                env._(
                    "Case %(case)s cannot be closed without a closure reason.",
                    case=case.name,
                )
            )
        if case.is_closed and not case.closed_date:
            raise ValidationError(
                env._(
                    "Case %(case)s cannot be closed without a closing date.",
                    case=case.name,
                )
            )
        if not case.is_closed and case.closed_date:
            raise ValidationError(
                env._(
                    "Case %(case)s has a closing date but is not in a closing "
                    "phase: move it to the phase 'Closed' or clear the date.",
                    case=case.name,
                )
            )
        if case.closure_reason == "job" and not case.job_start_date:
            raise ValidationError(
                env._(
                    "Case %(case)s is closed because of a job start: please enter "
                    "the job start date.",
                    case=case.name,
                )
            )


def check_client_is_client(cases):
    """The client of a case is a contact marked as client."""
    env = cases.env
    for case in cases:
        if not case.client_id.fall_is_client:
            raise ValidationError(
                env._(
                    "%(name)s is not marked as a client.",
                    name=case.client_id.display_name,
                )
            )


def check_one_open_case_per_client(cases):
    """One open case per client and association.

    A second open case would make its counsellor one of the client's
    counsellors, who see the client's sensitive consents.
    """
    env = cases.env
    # sudo: every open case of the client counts, not only those the user
    # may read; only its number is shown, which the association sees
    Case = cases.sudo()
    for case in cases.filtered(lambda c: c.active and not c.is_closed):
        other = Case.search(
            [
                ("client_id", "=", case.client_id.id),
                ("company_id", "=", case.company_id.id),
                ("is_closed", "=", False),
                ("id", "!=", case.id),
            ],
            limit=1,
        )
        if other:
            raise ValidationError(
                env._(
                    "%(client)s already has an open case (%(case)s): a client "
                    "can have only one open case per association. Continue "
                    "that case, or close it first.",
                    client=case.client_id.display_name,
                    case=other.name,
                )
            )
