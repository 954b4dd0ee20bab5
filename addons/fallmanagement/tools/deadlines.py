"""Deadline arithmetic for decision notices (Bescheide), free of Odoo.

The rules, as they stand since 1 January 2025:

* Notification by post (§ 37 (2) SGB X, as amended by the Postrechts-
  modernisierungsgesetz): a decision sent by ordinary letter is deemed notified
  on the *fourth* day after it was posted (the third day for letters posted
  before 2025). The day of posting does not count (§ 26 (1) SGB X, § 187 (1)
  BGB). The fictitious day is *not* moved when it falls on a weekend or a public
  holiday (BSG, judgment of 6 May 2010, B 14 AS 12/09 R; the tax courts decide
  otherwise for the AO). If the letter arrived later than that day, the actual
  receipt counts (§ 37 (2) sentence 3 SGB X); an earlier receipt does not
  advance the notification.
* Objection deadline (§ 84 (1) SGG): one month after notification (one year
  when the decision carries no or a wrong instruction on legal remedies,
  § 66 (2) SGG). It ends on the day of the following month that has the same
  number as the day of notification, or on the last day of that month when it
  has no such day (§ 64 (2) SGG, like § 188 (2), (3) BGB), and moves to the next
  working day when it ends on a Saturday, a Sunday or a public holiday
  (§ 64 (3) SGG) - here: a public holiday in Lower Saxony.
"""

import datetime

from dateutil.relativedelta import relativedelta

NOTIFICATION_DAYS = 4
NOTIFICATION_DAYS_BEFORE_2025 = 3
POSTMODG_EFFECTIVE = datetime.date(2025, 1, 1)
# Reformation Day: nationwide in 2017, a public holiday in Lower Saxony since 2018.
REFORMATION_DAY_SINCE = 2017


def easter_sunday(year):
    """Easter Sunday of ``year`` in the Gregorian calendar.

    The anonymous Gregorian computus (Meeus/Jones/Butcher).
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays_ni(year):
    """The statutory public holidays of Lower Saxony in ``year``, by date."""
    easter = easter_sunday(year)
    holidays = {
        datetime.date(year, 1, 1): "Neujahr",
        easter - datetime.timedelta(days=2): "Karfreitag",
        easter + datetime.timedelta(days=1): "Ostermontag",
        datetime.date(year, 5, 1): "Tag der Arbeit",
        easter + datetime.timedelta(days=39): "Christi Himmelfahrt",
        easter + datetime.timedelta(days=50): "Pfingstmontag",
        datetime.date(year, 10, 3): "Tag der Deutschen Einheit",
        datetime.date(year, 12, 25): "1. Weihnachtstag",
        datetime.date(year, 12, 26): "2. Weihnachtstag",
    }
    if year >= REFORMATION_DAY_SINCE:
        holidays[datetime.date(year, 10, 31)] = "Reformationstag"
    return holidays


def is_working_day_ni(day):
    """Monday to Friday and not a public holiday in Lower Saxony."""
    return day.weekday() < 5 and day not in public_holidays_ni(day.year)


def next_working_day_ni(day):
    """``day`` itself when it is a working day, else the next working day."""
    while not is_working_day_ni(day):
        day += datetime.timedelta(days=1)
    return day


def add_months(day, months):
    """``day`` plus ``months``, clamped to the end of a shorter month.

    31 January + 1 month is 28 February (29 February in a leap year), as
    § 188 (3) BGB and § 64 (2) SGG require.
    """
    return day + relativedelta(months=months)


def notification_date(posted, received=None, days=None):
    """Day on which a decision posted on ``posted`` counts as notified.

    ``days`` overrides the statutory number of days after posting (a setting);
    letters posted before 2025 keep the former three days.
    """
    if not posted:
        return received or None
    if posted < POSTMODG_EFFECTIVE:
        days = NOTIFICATION_DAYS_BEFORE_2025
    elif days is None:
        days = NOTIFICATION_DAYS
    deemed = posted + datetime.timedelta(days=days)
    if received and received > deemed:
        return received
    return deemed


def objection_deadline(notified, months=1):
    """Last day to object to a decision notified on ``notified``."""
    if not notified:
        return None
    return next_working_day_ni(add_months(notified, months))
