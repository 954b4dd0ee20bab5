from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools import deadlines


@tagged("post_install", "-at_install")
class TestHolidaysLowerSaxony(BaseCase):
    def test_easter_sunday(self):
        known = {
            2000: date(2000, 4, 23),
            2019: date(2019, 4, 21),
            2024: date(2024, 3, 31),
            2025: date(2025, 4, 20),
            2026: date(2026, 4, 5),
            2027: date(2027, 3, 28),
            2028: date(2028, 4, 16),
            2038: date(2038, 4, 25),
            2285: date(2285, 3, 22),
        }
        for year, easter in known.items():
            with self.subTest(year=year):
                self.assertEqual(deadlines.easter_sunday(year), easter)

    def test_holidays_2026(self):
        self.assertEqual(
            sorted(deadlines.public_holidays_ni(2026)),
            [
                date(2026, 1, 1),
                date(2026, 4, 3),  # Karfreitag
                date(2026, 4, 6),  # Ostermontag
                date(2026, 5, 1),
                date(2026, 5, 14),  # Christi Himmelfahrt
                date(2026, 5, 25),  # Pfingstmontag
                date(2026, 10, 3),
                date(2026, 10, 31),  # Reformationstag
                date(2026, 12, 25),
                date(2026, 12, 26),
            ],
        )

    def test_reformation_day_only_since_2017(self):
        self.assertFalse(deadlines.is_working_day_ni(date(2025, 10, 31)))
        # Monday, 31 October 2016: not yet a holiday in Lower Saxony
        self.assertTrue(deadlines.is_working_day_ni(date(2016, 10, 31)))
        # All Saints' Day is no holiday in Lower Saxony
        self.assertTrue(deadlines.is_working_day_ni(date(2027, 11, 1)))
        # Corpus Christi neither (Thursday, 4 June 2026)
        self.assertTrue(deadlines.is_working_day_ni(date(2026, 6, 4)))

    def test_next_working_day(self):
        self.assertEqual(
            deadlines.next_working_day_ni(date(2026, 3, 10)), date(2026, 3, 10)
        )
        self.assertEqual(
            deadlines.next_working_day_ni(date(2026, 3, 14)), date(2026, 3, 16)
        )
        # Good Friday to Easter Monday: Tuesday after Easter
        self.assertEqual(
            deadlines.next_working_day_ni(date(2026, 4, 3)), date(2026, 4, 7)
        )


@tagged("post_install", "-at_install")
class TestObjectionDeadline(BaseCase):
    def assertDeadline(self, notified, expected, months=1):
        self.assertEqual(
            deadlines.objection_deadline(notified, months=months), expected
        )

    def test_plain_month(self):
        # Tuesday 10 March 2026 -> Friday 10 April 2026
        self.assertDeadline(date(2026, 3, 10), date(2026, 4, 10))

    def test_month_end_to_february_and_weekend(self):
        # 31 January -> 28 February 2026, a Saturday -> Monday 2 March
        self.assertDeadline(date(2026, 1, 31), date(2026, 3, 2))
        # 28 February 2027 is a Sunday -> Monday 1 March
        self.assertDeadline(date(2027, 1, 31), date(2027, 3, 1))

    def test_month_end_leap_years(self):
        self.assertDeadline(date(2028, 1, 31), date(2028, 2, 29))
        self.assertDeadline(date(2024, 1, 30), date(2024, 2, 29))
        self.assertDeadline(date(2026, 3, 31), date(2026, 4, 30))

    def test_weekend(self):
        # 7 March 2026 is a Saturday -> Monday 9 March
        self.assertDeadline(date(2026, 2, 7), date(2026, 3, 9))
        self.assertDeadline(date(2026, 2, 8), date(2026, 3, 9))

    def test_easter(self):
        self.assertDeadline(date(2026, 3, 6), date(2026, 4, 7))  # Easter Monday
        self.assertDeadline(date(2026, 3, 3), date(2026, 4, 7))  # Good Friday

    def test_ascension_whit_monday_may_day_unity_day(self):
        self.assertDeadline(date(2026, 4, 14), date(2026, 5, 15))
        self.assertDeadline(date(2026, 4, 25), date(2026, 5, 26))
        self.assertDeadline(date(2026, 4, 1), date(2026, 5, 4))
        self.assertDeadline(date(2028, 9, 3), date(2028, 10, 4))

    def test_christmas_and_new_year(self):
        # Friday 25 December 2026 -> Monday 28 December
        self.assertDeadline(date(2026, 11, 25), date(2026, 12, 28))
        # Thursday 25 December 2025 -> both holidays, weekend -> Monday 29th
        self.assertDeadline(date(2025, 11, 25), date(2025, 12, 29))
        # Friday 1 January 2027 -> Monday 4 January
        self.assertDeadline(date(2026, 12, 1), date(2027, 1, 4))

    def test_one_year_without_instruction_on_legal_remedies(self):
        # Reformation Day, Friday 31 October 2025 -> Monday 3 November
        self.assertDeadline(date(2024, 10, 31), date(2025, 11, 3), months=12)
        # 29 February 2028 + one year -> Wednesday 28 February 2029
        self.assertDeadline(date(2028, 2, 29), date(2029, 2, 28), months=12)

    def test_no_notification_no_deadline(self):
        self.assertIsNone(deadlines.objection_deadline(None))


@tagged("post_install", "-at_install")
class TestNotification(BaseCase):
    def test_fourth_day_after_posting(self):
        self.assertEqual(
            deadlines.notification_date(date(2026, 3, 5)), date(2026, 3, 9)
        )

    def test_fictitious_day_is_not_moved(self):
        # Posted Wednesday 4 March 2026: notified Sunday 8 March (BSG B 14 AS
        # 12/09 R); only the end of the objection deadline moves.
        notified = deadlines.notification_date(date(2026, 3, 4))
        self.assertEqual(notified, date(2026, 3, 8))
        self.assertEqual(deadlines.objection_deadline(notified), date(2026, 4, 8))

    def test_three_days_before_2025(self):
        self.assertEqual(
            deadlines.notification_date(date(2024, 12, 30)), date(2025, 1, 2)
        )
        self.assertEqual(
            deadlines.notification_date(date(2025, 1, 2)), date(2025, 1, 6)
        )

    def test_configured_days(self):
        self.assertEqual(
            deadlines.notification_date(date(2026, 3, 5), days=3), date(2026, 3, 8)
        )

    def test_later_receipt_counts_earlier_does_not(self):
        posted = date(2026, 3, 5)
        self.assertEqual(
            deadlines.notification_date(posted, date(2026, 3, 12)), date(2026, 3, 12)
        )
        self.assertEqual(
            deadlines.notification_date(posted, date(2026, 3, 6)), date(2026, 3, 9)
        )

    def test_month_end_notification_across_year(self):
        # Posted Monday 28 December 2026 -> notified 1 January 2027 (a holiday,
        # not moved) -> deadline Monday 1 February 2027
        notified = deadlines.notification_date(date(2026, 12, 28))
        self.assertEqual(notified, date(2027, 1, 1))
        self.assertEqual(deadlines.objection_deadline(notified), date(2027, 2, 1))
