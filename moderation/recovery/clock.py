"""The response-time clock: when a first answer is due, and how much time is left.

Without business hours the clock runs around the clock. With business hours it only runs on
the chosen weekdays between the start and end time, in the site's time zone (settings.TIME_ZONE):
a problem posted on Friday evening with a three-hour target is due on Monday at noon.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class BusinessHours:
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    start: time = time(9, 0)
    end: time = time(17, 0)

    def windows(self, moment: datetime):
        """Yield (open, close) aware datetimes of business windows, from the one holding `moment` on."""
        zone = ZoneInfo(settings.TIME_ZONE)
        day = moment.astimezone(zone).date()
        for _ in range(3660):  # ten years of days; a policy without any weekday never opens
            if day.weekday() in self.weekdays and self.end > self.start:
                opens = datetime.combine(day, self.start, tzinfo=zone)
                closes = datetime.combine(day, self.end, tzinfo=zone)
                if closes > moment:
                    yield max(opens, moment), closes
            day += timedelta(days=1)


def hours_for(policy) -> BusinessHours | None:
    """The business hours of a ResponsePolicy (None: the clock always runs)."""
    if policy is None or not policy.business_hours_only:
        return None
    weekdays = frozenset(int(day) for day in (policy.weekdays or []))
    return BusinessHours(weekdays=weekdays, start=policy.day_start, end=policy.day_end)


def deadline(start: datetime, minutes: int, hours: BusinessHours | None = None) -> datetime:
    """When a response is due if the clock starts at `start` and gives `minutes` of working time."""
    if hours is None:
        return start + timedelta(minutes=minutes)
    remaining = timedelta(minutes=minutes)
    last_close = start
    for opens, closes in hours.windows(start):
        available = closes - opens
        if remaining <= available:
            return opens + remaining
        remaining -= available
        last_close = closes
    return last_close + remaining


def working_time_between(start: datetime, end: datetime, hours: BusinessHours | None = None) -> timedelta:
    """Clock time that runs from start to end (negative when end is before start)."""
    if hours is None:
        return end - start
    if end < start:
        return -working_time_between(end, start, hours)
    total = timedelta(0)
    for opens, closes in hours.windows(start):
        if opens >= end:
            break
        total += min(closes, end) - opens
    return total


def time_left(due_at: datetime, hours: BusinessHours | None = None, now: datetime | None = None) -> timedelta:
    """Working time until due_at; negative once the target has passed."""
    now = now or timezone.now()
    return working_time_between(now, due_at, hours)


def minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)
