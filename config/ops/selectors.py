"""Reads for /healthz and the staff dashboard: scheduled jobs and the task queue."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from config.ops.jobs import registered_jobs
from config.ops.models import JobState
from config.ops.scheduler import current_period, next_period

# A job whose period began this long ago without being fired means no scheduler is running.
LATE_AFTER = timedelta(minutes=2)


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def job_statuses(*, now: datetime | None = None) -> list[dict]:
    """Every registered job with its last run (one query)."""
    now = now or timezone.now()
    states = {state.name: state for state in JobState.objects.all()}
    rows = []
    for job in registered_jobs():
        state = states.get(job.name) or JobState(name=job.name)
        period = current_period(job, now)
        fired = state.last_period is not None and state.last_period >= period
        rows.append({
            "name": job.name,
            "schedule": job.schedule,
            "task": job.task_path,
            "description": job.description,
            "last_period": state.last_period,
            "next_run": next_period(job, now),
            "last_started_at": state.last_started_at,
            "last_finished_at": state.last_finished_at,
            "duration_seconds": state.last_duration.total_seconds() if state.last_duration else None,
            "outcome": state.last_outcome,
            "outcome_label": state.get_last_outcome_display() if state.last_outcome else "",
            "error": state.last_error,
            "runs": state.runs,
            "late": not fired and now - period > LATE_AFTER,
        })
    return rows


def queue_status(*, now: datetime | None = None) -> dict:
    """Tasks waiting in the database queue, the age of the oldest, running and failed (one query)."""
    now = now or timezone.now()
    due = Q(status="READY") & (Q(run_after=get_date_max()) | Q(run_after__lte=now))
    figures = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=due),
        deferred=Count("pk", filter=Q(status="READY") & ~due),
        running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED")),
        oldest=Min("enqueued_at", filter=due),
    )
    oldest = figures.pop("oldest")
    return {
        "backend": settings.TASKS["default"]["BACKEND"].rsplit(".", 1)[-1],
        **figures,
        "oldest_waiting_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0.0,
    }


def health(*, now: datetime | None = None) -> dict:
    """The JSON /healthz shows: informative, it never turns the answer into a 503."""
    now = now or timezone.now()
    jobs = [
        {**{key: row[key] for key in ("name", "schedule", "outcome", "error", "runs", "late",
                                      "duration_seconds")},
         "last_period": _iso(row["last_period"]), "last_finished_at": _iso(row["last_finished_at"]),
         "next_run": _iso(row["next_run"])}
        for row in job_statuses(now=now)
    ]
    return {"jobs": jobs, "queue": queue_status(now=now)}


def dashboard_panel(*, now: datetime | None = None) -> dict:
    """The staff dashboard's panel (two queries)."""
    now = now or timezone.now()
    return {"jobs": job_statuses(now=now), "queue": queue_status(now=now)}
