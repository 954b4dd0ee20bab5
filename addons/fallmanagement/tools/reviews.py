"""Reviews of a case file: when one is due, and the counsellor's reminders.

A case is reviewed on its review date (Wiedervorlage) and its cooperation
plan at least every ``PLAN_REVIEW_MONTHS``. The rule "a review is due" lives
here once: ``is_review_due`` for a case in memory, ``review_due_domain`` for
searches.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields

from .activities import schedule_activities, sync_activities
from .cron import run_in_batches

PLAN_REVIEW_MONTHS = 6
PLAN_REVIEW_REMINDER_DAYS = 14
REVIEW_ACTIVITY = "fallmanagement.mail_activity_type_fall_review"
PLAN_REVIEW_ACTIVITY = "fallmanagement.mail_activity_type_fall_plan_review"


def plan_review_due_date(reviewed, opened):
    """When the plan reviewed on ``reviewed`` (never: the case opened on
    ``opened``) is due for review again."""
    base = reviewed or opened
    return base + relativedelta(months=PLAN_REVIEW_MONTHS) if base else False


def is_review_due(case, today):
    """Whether the open ``case`` is due for a review or a plan review."""
    return not case.is_closed and any(
        date and date <= today for date in (case.review_date, case.plan_review_due_date)
    )


def review_due_domain(today, due=True):
    """The cases due (``due``) or not due for a review on ``today``."""
    if due:
        return [
            ("is_closed", "=", False),
            "|",
            ("review_date", "<=", today),
            ("plan_review_due_date", "<=", today),
        ]
    # Spelled out instead of negated: a negated "<=" misses empty dates.
    return [
        "|",
        ("is_closed", "=", True),
        "&",
        "|",
        ("review_date", "=", False),
        ("review_date", ">", today),
        "|",
        ("plan_review_due_date", "=", False),
        ("plan_review_due_date", ">", today),
    ]


def sync_review_activities(cases):
    """Schedule, move or remove the Wiedervorlage activity of each case."""
    env = cases.env
    activity_type = env.ref(REVIEW_ACTIVITY, raise_if_not_found=False)
    if not activity_type:
        return
    sync_activities(
        cases,
        activity_type,
        lambda case: (
            None
            if not case.review_date or case.is_closed
            else {
                "date_deadline": case.review_date,
                "user_id": case.user_id.id or env.uid,
            }
        ),
    )


def remind_plan_reviews(Case, batch_size):
    """Remind counsellors of cooperation plans that are due for review.

    A case leaves the job's domain with its reminder, so the job works in
    committed batches and a killed run is picked up where it stopped.
    """
    env = Case.env
    limit_date = fields.Date.context_today(Case) + relativedelta(
        days=PLAN_REVIEW_REMINDER_DAYS
    )
    activity_type = env.ref(PLAN_REVIEW_ACTIVITY)
    domain = [
        ("is_closed", "=", False),
        ("plan_review_due_date", "<=", limit_date),
        ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
    ]

    def remind(cases):
        schedule_activities(
            cases,
            activity_type,
            [
                {
                    "date_deadline": case.plan_review_due_date,
                    "user_id": case.user_id.id or env.uid,
                }
                for case in cases
            ],
        )

    return run_in_batches(Case, domain, remind, batch_size)
