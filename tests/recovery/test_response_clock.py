"""The response-time clock, with frozen time: around the clock, and with business hours (Europe/Amsterdam)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine

from moderation.recovery import clock

AMS = ZoneInfo("Europe/Amsterdam")
OFFICE = clock.BusinessHours(weekdays=frozenset(range(5)), start=time(9), end=time(17))


def at(*args):
    return datetime(*args, tzinfo=AMS)


def test_without_business_hours_the_deadline_is_three_hours_later_even_at_night():
    assert clock.deadline(at(2026, 11, 27, 23, 30), 180) == at(2026, 11, 28, 2, 30)


def test_a_report_on_a_weekday_morning_is_due_the_same_day():
    assert clock.deadline(at(2026, 11, 24, 10, 0), 180, OFFICE) == at(2026, 11, 24, 13, 0)


def test_a_report_late_in_the_afternoon_carries_over_to_the_next_morning():
    # 16:00 Tuesday: one hour today, two hours from 09:00 Wednesday.
    assert clock.deadline(at(2026, 11, 24, 16, 0), 180, OFFICE) == at(2026, 11, 25, 11, 0)


def test_a_report_in_the_evening_starts_counting_the_next_business_morning():
    assert clock.deadline(at(2026, 11, 24, 21, 15), 180, OFFICE) == at(2026, 11, 25, 12, 0)


def test_a_report_on_friday_evening_is_due_on_monday():
    assert clock.deadline(at(2026, 11, 27, 19, 0), 180, OFFICE) == at(2026, 11, 30, 12, 0)


def test_a_report_on_saturday_is_due_on_monday():
    assert clock.deadline(at(2026, 11, 28, 11, 0), 60, OFFICE) == at(2026, 11, 30, 10, 0)


def test_a_long_target_spans_several_business_days():
    # 16 working hours from Thursday 09:00: Thursday and Friday fully, due Friday 17:00.
    assert clock.deadline(at(2026, 11, 26, 9, 0), 16 * 60, OFFICE) == at(2026, 11, 27, 17, 0)


def test_time_left_stops_over_the_weekend():
    due = at(2026, 11, 30, 12, 0)  # Monday noon
    with time_machine.travel(at(2026, 11, 28, 15, 0), tick=False):  # Saturday
        assert clock.time_left(due, OFFICE) == timedelta(hours=3)
    with time_machine.travel(at(2026, 11, 30, 10, 30), tick=False):  # Monday morning
        assert clock.time_left(due, OFFICE) == timedelta(hours=1, minutes=30)


def test_time_left_turns_negative_after_the_deadline_counting_only_business_time():
    due = at(2026, 11, 27, 16, 0)  # Friday 16:00
    with time_machine.travel(at(2026, 11, 30, 10, 0), tick=False):  # Monday 10:00
        assert clock.time_left(due, OFFICE) == -timedelta(hours=2)


def test_time_left_around_the_clock_counts_real_time():
    due = at(2026, 11, 24, 12, 0)
    with time_machine.travel(at(2026, 11, 24, 11, 15), tick=False):
        assert clock.minutes(clock.time_left(due)) == 45


def test_the_clock_crosses_the_switch_to_winter_time_correctly():
    # Sunday 2026-10-25 the clocks go back at 03:00; around the clock a 3 hour target is 3 real hours.
    start = at(2026, 10, 25, 1, 0)
    assert clock.deadline(start, 180) - start == timedelta(hours=3)
