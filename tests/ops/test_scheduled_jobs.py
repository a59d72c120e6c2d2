"""Scheduled jobs: registered by the apps, fired once per period by however many schedulers run."""

import threading
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult

from config.ops import jobs, resilience, scheduler
from config.ops.management.commands.run_scheduler import Command as SchedulerCommand
from config.ops.models import JobState
from tests.ops import sample_tasks

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
README_JOBS = {
    "send_digests": ("0 7 * * *", "forum.tasks.send_digests"),
    "send_accept_reminders": ("30 7 * * *", "forum.tasks.send_accept_reminders"),
    "check_response_targets": ("*/5 * * * *", "moderation.recovery.tasks.check_response_targets"),
    "send_follow_ups": ("0 * * * *", "moderation.recovery.tasks.send_follow_ups"),
    "flush_view_counts": ("* * * * *", "forum.tasks.flush_view_counts"),
}


def test_the_apps_register_their_scheduled_jobs_in_one_registry():
    registered = {job.name: (job.schedule, job.task_path) for job in jobs.registered_jobs()}
    assert registered == README_JOBS


def test_a_job_with_a_schedule_that_is_not_cron_is_refused(job_registry):
    with pytest.raises(ValueError, match="not a cron expression"):
        jobs.register_job(name="bad", schedule="every day", task=sample_tasks.succeed)


@pytest.mark.django_db
def test_two_schedulers_fire_each_due_job_exactly_once_per_period(database_tasks):
    """Three hours of two schedulers waking every minute, in alternating order."""
    start = datetime(2026, 1, 5, 6, 58, tzinfo=AMSTERDAM)
    fired_by = Counter()
    with time_machine.travel(start, tick=False) as clock:
        for minute in range(180):
            pair = ("scheduler-a", "scheduler-b") if minute % 2 else ("scheduler-b", "scheduler-a")
            for owner in pair:
                fired_by[owner] += len(scheduler.run_due(owner=owner))
            clock.shift(timedelta(minutes=1))
    enqueued = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    # 06:55 (the period running at the start) to 09:55 every 5 minutes; 06:00 to 09:00 hourly;
    # yesterday's and today's 07:00 and 07:30 for the daily ones.
    assert enqueued == {
        "moderation.recovery.tasks.check_response_targets": 37,
        "moderation.recovery.tasks.send_follow_ups": 4,
        "forum.tasks.send_digests": 2,
        "forum.tasks.send_accept_reminders": 2,
        "forum.tasks.flush_view_counts": 180,  # every minute, 06:58 to 09:57
    }
    assert sum(fired_by.values()) == 45 + 180 and fired_by["scheduler-a"] and fired_by["scheduler-b"]
    state = JobState.objects.get(name="check_response_targets")
    assert state.runs == 37 and state.last_period == datetime(2026, 1, 5, 9, 55, tzinfo=AMSTERDAM)


@pytest.mark.django_db
def test_a_scheduler_that_was_down_fires_a_missed_period_once_not_once_per_missed_period(database_tasks):
    with time_machine.travel(datetime(2026, 1, 5, 8, 0, 30, tzinfo=AMSTERDAM), tick=False) as clock:
        scheduler.run_due(owner="a")
        clock.shift(timedelta(hours=5))
        assert "send_follow_ups" in scheduler.run_due(owner="a")
        assert scheduler.run_due(owner="b") == []
    assert DBTaskResult.objects.filter(task_path="moderation.recovery.tasks.send_follow_ups").count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_schedulers_racing_in_threads_on_postgresql_fire_each_job_once(database_tasks):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite's in-memory test database is not shared between threads")
    now = datetime(2026, 1, 5, 7, 0, 1, tzinfo=AMSTERDAM)
    barrier = threading.Barrier(4)
    fired: list[str] = []

    def one_scheduler(owner: str) -> None:
        try:
            barrier.wait()
            fired.extend(scheduler.run_due(now=now, owner=owner))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_scheduler, args=(f"s{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(fired) == sorted(README_JOBS)
    assert DBTaskResult.objects.count() == len(README_JOBS)  # one task per job, whichever scheduler won


@pytest.mark.django_db
def test_the_worker_side_records_last_run_duration_and_outcome(job_registry):
    """With the in-process backend the task runs as it is enqueued; the outcome is recorded either way."""
    jobs.register_job(name="fine", schedule="* * * * *", task=sample_tasks.succeed)
    jobs.register_job(name="broken", schedule="* * * * *", task=sample_tasks.explode)
    assert sorted(scheduler.run_due(owner="a")) == ["broken", "fine"]
    fine, broken = JobState.objects.get(name="fine"), JobState.objects.get(name="broken")
    assert fine.last_outcome == "succeeded" and fine.last_duration is not None
    assert fine.last_finished_at >= fine.last_started_at and fine.fired_by == "a"
    assert broken.last_outcome == "failed"
    assert broken.last_error == "RuntimeError: the mail server said no"
    assert sample_tasks.calls == ["explode", "succeed"]


@pytest.mark.django_db
def test_the_scheduler_enqueues_and_leaves_the_running_to_the_worker(job_registry, database_tasks):
    jobs.register_job(name="fine", schedule="*/10 * * * *", task=sample_tasks.succeed)
    call_command("run_scheduler", "--once", stdout=(out := __import__("io").StringIO()))
    assert "Fired: fine" in out.getvalue()
    assert sample_tasks.calls == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "tests.ops.sample_tasks.succeed" and task.status == "READY"
    state = JobState.objects.get(name="fine")
    assert state.last_outcome == "enqueued" and state.last_task_id == str(task.id)


@pytest.mark.django_db(transaction=True)  # connections really close and reopen
def test_the_scheduler_loop_waits_out_a_lost_database_and_goes_on(job_registry, database_tasks, monkeypatch):
    jobs.register_job(name="fine", schedule="* * * * *", task=sample_tasks.succeed)
    stop = threading.Event()
    real_run_due = scheduler.run_due
    attempts = []

    def flaky_run_due(**kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        stop.set()  # the second round is the last one this test needs
        return real_run_due(**kwargs)

    monkeypatch.setattr(scheduler, "run_due", flaky_run_due)
    monkeypatch.setattr(resilience, "backoff", lambda **kw: iter([0.0] * 10))
    SchedulerCommand().loop(stop, owner="a", max_sleep=0.01, verbosity=0)
    assert len(attempts) == 2
    assert DBTaskResult.objects.filter(task_path="tests.ops.sample_tasks.succeed").count() == 1
