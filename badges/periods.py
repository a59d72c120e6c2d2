"""Calendar periods in the site's time zone: the day a kudo counts toward, this week, this month."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def today() -> date:
    return timezone.localdate()


def week_start(day: date | None = None) -> date:
    day = day or today()
    return day - timedelta(days=day.weekday())


def month_start(day: date | None = None) -> date:
    return (day or today()).replace(day=1)


def start_of(day: date) -> datetime:
    """The aware moment a local day begins."""
    return timezone.make_aware(datetime.combine(day, time.min))
