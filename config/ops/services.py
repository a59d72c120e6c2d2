"""Writes staff make on the task queue."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def tasks_retry(*, task_ids) -> int:
    """Queue failed tasks again, now, with a fresh set of attempts. Returns how many were failed."""
    return DBTaskResult.objects.filter(pk__in=list(task_ids), status="FAILED").update(
        status="READY", run_after=timezone.now(), worker_ids=[], started_at=None, finished_at=None,
        exception_class_path="", traceback="",
    )
