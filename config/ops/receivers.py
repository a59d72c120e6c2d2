"""Record how each scheduled job's task went, from django-tasks' own signals.

The signals fire in whichever process runs the task (the worker, or the web process with the
in-process backend), so the outcome is recorded wherever the job actually ran.
"""

import logging

from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started

from config.ops.jobs import job_for_task
from config.ops.models import JobState

logger = logging.getLogger(__name__)


def _job_name(task_result) -> str | None:
    job = job_for_task(task_result.task.module_path)
    return job.name if job else None


def _never_raise(receiver_function):
    """A bookkeeping failure must not fail the task: django-tasks-db marks a task failed when a
    task_finished receiver raises, even after the task itself succeeded."""

    def guarded(sender, task_result, **kwargs):
        try:
            receiver_function(task_result)
        except Exception:
            logger.exception("Could not record the outcome of task %s", task_result.id)

    guarded.__name__ = receiver_function.__name__
    return guarded


@receiver(task_started, dispatch_uid="ops-job-started")
@_never_raise
def job_started(task_result):
    if name := _job_name(task_result):
        JobState.objects.filter(name=name).update(
            last_started_at=task_result.started_at, last_outcome=JobState.Outcome.RUNNING,
        )


@receiver(task_finished, dispatch_uid="ops-job-finished")
@_never_raise
def job_finished(task_result):
    name = _job_name(task_result)
    if not name:
        return
    succeeded = task_result.status == "SUCCESSFUL"
    error = ""
    if not succeeded and task_result.errors:
        last = task_result.errors[-1]
        error = (last.traceback.strip().splitlines() or [last.exception_class_path])[-1]
    started, finished = task_result.started_at, task_result.finished_at
    JobState.objects.filter(name=name).update(
        last_finished_at=finished,
        last_duration=(finished - started) if started and finished else None,
        last_outcome=JobState.Outcome.SUCCEEDED if succeeded else JobState.Outcome.FAILED,
        last_error=error[:2000],
    )
    if not succeeded:
        logger.warning("Scheduled job %s failed: %s", name, error)
