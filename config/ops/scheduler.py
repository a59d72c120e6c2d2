"""Fires each registered job once per period, however many schedulers run.

A period is the latest time the job's cron expression names at or before now. A scheduler
fires a job by moving `JobState.last_period` forward in one conditional UPDATE and, in the
same transaction, enqueueing the job's task: on SQLite (transactions take the write lock
when they begin) and on PostgreSQL (the second UPDATE waits for the row and then finds it
already moved) exactly one scheduler wins, and a scheduler that dies between the two leaves
nothing half-done. A period missed while no scheduler ran is fired once, late, not once per
missed period (the jobs catch up by themselves: they look for everything that is due).
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from croniter import croniter
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from config.ops.jobs import Job, registered_jobs
from config.ops.models import JobState

logger = logging.getLogger(__name__)


def default_owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(microsecond=0)


def current_period(job: Job, now: datetime) -> datetime:
    """The latest fire time at or before `now` (croniter's get_prev is strictly before its start)."""
    return croniter(job.schedule, _local(now) + timedelta(seconds=1)).get_prev(datetime)


def next_period(job: Job, now: datetime) -> datetime:
    return croniter(job.schedule, _local(now)).get_next(datetime)


def fire_if_due(job: Job, *, now: datetime, owner: str) -> bool:
    """Enqueue the job's task if no scheduler has fired its current period yet. True if this call did."""
    period = current_period(job, now)
    JobState.objects.get_or_create(name=job.name)
    with transaction.atomic():
        won = (
            JobState.objects.filter(name=job.name)
            .filter(Q(last_period__isnull=True) | Q(last_period__lt=period))
            .update(
                last_period=period, fired_by=owner[:100], last_enqueued_at=timezone.now(),
                last_outcome=JobState.Outcome.ENQUEUED, last_error="", last_task_id="",
                runs=F("runs") + 1,
            )
        )
        if not won:
            return False
        # The in-process backend runs the task right here; its outcome is recorded by
        # config.ops.receivers either way.
        result = job.task.enqueue()
        JobState.objects.filter(name=job.name).update(last_task_id=str(result.id))
    logger.info("Fired job %s for %s (task %s)", job.name, period.isoformat(), result.id)
    return True


def run_due(*, now: datetime | None = None, owner: str | None = None) -> list[str]:
    """Fire every job whose current period has not been fired. Returns the names this call fired."""
    now = now or timezone.now()
    owner = owner or default_owner()
    return [job.name for job in registered_jobs() if fire_if_due(job, now=now, owner=owner)]


def seconds_until_next(now: datetime | None = None) -> float:
    """How long a scheduler loop may sleep before some job's next period begins."""
    now = now or timezone.now()
    upcoming = [next_period(job, now) for job in registered_jobs()]
    if not upcoming:
        return 60.0
    return max((min(upcoming) - now).total_seconds(), 0.0)
