"""A django-tasks-db worker that does not die.

It is django-tasks-db's own `Worker` (claiming, running, signals, graceful Ctrl-C) with three
things added:

- **The database going away** (a restart, a failover, a dropped connection) is waited out with
  back-off (at most `resilience.backoff`'s cap, 8 s, between tries), then work goes on by itself.
- **A task left RUNNING by a worker that was killed** is put back in the queue once it has been
  running longer than `LEASE_SECONDS`, and run again. Keep the lease longer than the slowest
  task: a task still running when its lease ends is run a second time, which every task here
  tolerates because each is idempotent (tests/ops/test_idempotent_tasks.py).
- **A failed task is retried** after `BACKOFF_SECONDS`, doubling up to `BACKOFF_CAP_SECONDS`,
  until `MAX_ATTEMPTS`; then it stays FAILED, listed in the admin (Task results, status Failed)
  where staff may queue it again (config/ops/admin.py).

Settings: TASK_WORKER = {"MAX_ATTEMPTS", "BACKOFF_SECONDS", "BACKOFF_CAP_SECONDS", "LEASE_SECONDS"}.
"""

import logging
import random
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from config.ops import resilience

logger = logging.getLogger("config.ops.worker")

DEFAULTS = {"MAX_ATTEMPTS": 5, "BACKOFF_SECONDS": 10, "BACKOFF_CAP_SECONDS": 600, "LEASE_SECONDS": 600}
SWEEP_EVERY = 30  # seconds between looks for expired leases


class LeaseExpired(Exception):
    """The worker running this task stopped (killed, machine lost) before it recorded a result."""


def policy() -> dict:
    return {**DEFAULTS, **getattr(settings, "TASK_WORKER", {})}


def attempts(result: DBTaskResult) -> int:
    """Each claim appends the claiming worker's id, so the list's length counts the attempts."""
    return len(result.worker_ids)


def retry_delay(attempt: int) -> timedelta:
    rules = policy()
    return timedelta(seconds=min(rules["BACKOFF_SECONDS"] * 2 ** (attempt - 1), rules["BACKOFF_CAP_SECONDS"]))


def retry_or_give_up(result: DBTaskResult, *, now: datetime | None = None) -> bool:
    """After a failed attempt: back in the queue after the back-off (True), or left FAILED."""
    now = now or timezone.now()
    done = attempts(result)
    if done >= policy()["MAX_ATTEMPTS"]:
        logger.error("Task %s (%s) failed %d times; it stays failed for staff to look at",
                     result.id, result.task_path, done)
        return False
    run_after = now + retry_delay(done)
    DBTaskResult.objects.filter(pk=result.pk, status="FAILED").update(
        status="READY", run_after=run_after, finished_at=None,
    )
    logger.warning("Task %s (%s) failed (attempt %d); trying again at %s",
                   result.id, result.task_path, done, run_after.isoformat())
    return True


def requeue_expired(*, now: datetime | None = None) -> dict:
    """Put back tasks RUNNING for longer than the lease (their worker died); fail those out of attempts."""
    now = now or timezone.now()
    rules = policy()
    cutoff = now - timedelta(seconds=rules["LEASE_SECONDS"])
    counts = {"requeued": 0, "failed": 0}
    with exclusive_transaction():
        for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff).select_for_update(skip_locked=True):
            if attempts(result) >= rules["MAX_ATTEMPTS"]:
                result.set_failed(LeaseExpired(
                    f"no result within {rules['LEASE_SECONDS']} s, {attempts(result)} times: "
                    f"the worker stopped while running it"))
                counts["failed"] += 1
            else:
                DBTaskResult.objects.filter(pk=result.pk).update(status="READY", run_after=now)
                counts["requeued"] += 1
    if any(counts.values()):
        logger.warning("Expired task leases: %(requeued)d put back, %(failed)d failed", counts)
    return counts


class ResilientWorker(Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Never set: a Ctrl-C ends the wait through the parent's signal handler (SystemExit).
        self._never = threading.Event()
        self._last_sweep = float("-inf")

    def claim_next(self) -> tuple[DBTaskResult | None, bool]:
        """(the claimed task or None, whether the queue could be read at all)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # so no other worker runs it
                return task_result, True
            except OperationalError as exc:
                if is_locked_database_exception(exc):  # SQLite busy: it unlocks soon
                    return None, False
                raise

    def sweep(self) -> None:
        if time.monotonic() - self._last_sweep >= SWEEP_EVERY:
            requeue_expired()
            self._last_sweep = time.monotonic()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == "FAILED":
            retry_or_give_up(db_task_result)

    def run(self) -> None:
        logger.info("Starting worker %s for queues %s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spread workers that start together
        while self.running:
            try:
                close_old_connections()
                self.sweep()
                task_result, retrieved = self.claim_next()
                if task_result is not None:
                    self.run_task(task_result)
            except resilience.CONNECTION_ERRORS:
                # A task whose result could not be saved stays RUNNING: its lease brings it back.
                logger.exception("Worker %s: the database went away", self.worker_id)
                resilience.wait_for_database(self._never, what=f"Worker {self.worker_id}")
                continue
            if self.batch and retrieved and task_result is None:
                logger.info("No more tasks to run for worker %s - exiting.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks on worker %s - exiting.", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and not task_result:
                time.sleep(self.interval)
