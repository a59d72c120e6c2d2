"""Scheduled jobs as data: each app registers (name, schedule, task) in its AppConfig.ready().

The schedule is a cron expression (croniter parses it, in settings.TIME_ZONE). The task is a
django-tasks Task without arguments; the scheduler enqueues it and the worker runs it, so a
job gets the worker's retries and its place in the queue like any other task.
"""

from dataclasses import dataclass

from croniter import croniter
from django_tasks.base import Task

_jobs: dict[str, "Job"] = {}


@dataclass(frozen=True)
class Job:
    name: str
    schedule: str
    task: Task
    description: str = ""

    @property
    def task_path(self) -> str:
        return self.task.module_path


def register_job(*, name: str, schedule: str, task: Task, description: str = "") -> Job:
    """Register (or re-register, when ready() runs twice) a job. Raises ValueError on a bad schedule."""
    if not croniter.is_valid(schedule):
        raise ValueError(f"Job {name!r}: {schedule!r} is not a cron expression")
    if not isinstance(task, Task):
        raise TypeError(f"Job {name!r}: {task!r} is not a django-tasks Task")
    existing = _jobs.get(name)
    if existing and existing.task_path != task.module_path:
        raise ValueError(f"Job {name!r} is already registered for {existing.task_path}")
    job = Job(name=name, schedule=schedule, task=task, description=description)
    _jobs[name] = job
    return job


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def get_job(name: str) -> Job | None:
    return _jobs.get(name)


def job_for_task(task_path: str) -> Job | None:
    return next((job for job in _jobs.values() if job.task_path == task_path), None)
