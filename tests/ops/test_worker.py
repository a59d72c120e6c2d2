"""The task worker survives a lost database, a killed worker and failing tasks, and staff can retry."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.ops import resilience
from config.ops.worker import ResilientWorker, requeue_expired, retry_delay
from tests.ops import sample_tasks

# Transactional: the worker closes connections that are not in autocommit, as a worker must, and
# a test's own transaction is not.
pytestmark = pytest.mark.usefixtures("database_tasks", "job_registry")


def make_worker(**options) -> ResilientWorker:
    defaults = dict(queue_names=["default"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="worker-1", excluded_queue_names=[])
    return ResilientWorker(**{**defaults, **options})


def fast_backoff(monkeypatch):
    monkeypatch.setattr(resilience, "backoff", lambda **kw: iter([0.0] * 50))


@pytest.fixture
def few_attempts(settings):
    settings.TASK_WORKER = {"MAX_ATTEMPTS": 3, "BACKOFF_SECONDS": 10, "BACKOFF_CAP_SECONDS": 600,
                            "LEASE_SECONDS": 300}


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_what_is_queued_and_exits_in_batch_mode():
    result = sample_tasks.succeed.enqueue()
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.return_value == "done"


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_with_growing_back_off_then_left_failed_for_staff(few_attempts):
    result = sample_tasks.explode.enqueue()
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            make_worker().run()
            row = DBTaskResult.objects.get(pk=result.id)
            if row.status == "READY":
                waits.append(round((row.run_after - timezone.now()).total_seconds()))
                make_worker().run()  # not due yet: nothing runs
                clock.move_to(row.run_after)
    row = DBTaskResult.objects.get(pk=result.id)
    assert sample_tasks.calls == ["explode"] * 3
    assert waits == [10, 20]
    assert row.status == "FAILED" and len(row.worker_ids) == 3
    assert "the mail server said no" in row.traceback


def test_the_back_off_doubles_and_stops_at_its_cap(settings):
    settings.TASK_WORKER = {"BACKOFF_SECONDS": 10, "BACKOFF_CAP_SECONDS": 60}
    assert [retry_delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]


def test_the_worker_never_waits_more_than_8_seconds_between_looks_at_a_lost_database():
    delays = resilience.backoff()
    assert [next(delays) for _ in range(8)] == [0.5, 1, 2, 4, 8, 8, 8, 8]


@pytest.mark.django_db(transaction=True)
def test_a_task_a_killed_worker_left_running_is_put_back_after_its_lease_and_run_again(few_attempts):
    result = sample_tasks.succeed.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        row.claim("killed-worker")  # it claimed the task, then was killed -9
        clock.shift(timedelta(seconds=299))
        make_worker().run()
        assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"  # the lease still holds
        clock.shift(timedelta(seconds=2))
        make_worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL" and row.worker_ids == ["killed-worker", "worker-1"]
    assert sample_tasks.calls == ["succeed"]


@pytest.mark.django_db(transaction=True)
def test_a_task_that_keeps_killing_its_worker_ends_failed_not_in_a_loop(few_attempts):
    result = sample_tasks.succeed.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(3):
            row.refresh_from_db()
            row.claim(f"killed-{attempt}")
            clock.shift(timedelta(seconds=301))
            requeue_expired()
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path == "config.ops.worker.LeaseExpired"
    assert sample_tasks.calls == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_a_lost_database_and_then_runs_the_task(monkeypatch):
    fast_backoff(monkeypatch)
    result = sample_tasks.succeed.enqueue()
    worker = make_worker()
    real_claim = worker.claim_next
    outages = iter([True, True, False])

    def claim_while_the_database_is_down():
        if next(outages, False):
            raise OperationalError("could not connect to server: Connection refused")
        return real_claim()

    monkeypatch.setattr(worker, "claim_next", claim_while_the_database_is_down)
    worker.run()
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_on_postgresql_the_worker_reconnects_after_its_connection_is_killed(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (a server that can drop the worker's connection)")
    import psycopg

    fast_backoff(monkeypatch)
    result = sample_tasks.succeed.enqueue()
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    make_worker().run()
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert connection.connection.info.backend_pid != pid


@pytest.mark.django_db(transaction=True)
def test_staff_see_failed_tasks_in_the_admin_and_queue_them_again(few_attempts, admin_user, client_for):
    result = sample_tasks.explode.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED", worker_ids=["a", "b", "c"])
    client = client_for(admin_user)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    listing = client.get(url, {"status__exact": "FAILED"}).content.decode()
    assert "explode" in listing and "Retry the selected tasks" in listing
    response = client.post(url, {"action": "retry_tasks", "_selected_action": [str(result.id)]}, follow=True)
    assert "1 failed task queued again." in response.content.decode()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY" and row.worker_ids == []
    make_worker().run()
    assert sample_tasks.calls == ["explode"]


@pytest.mark.django_db(transaction=True)
def test_staff_without_the_task_permission_cannot_retry(client_for):
    from django.contrib.auth.models import Permission

    from tests import factories

    moderator = factories.make_member(username="staffer", is_staff=True)
    moderator.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    result = sample_tasks.explode.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED")
    client = client_for(moderator)
    url = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    assert "Retry the selected tasks" not in client.get(url).content.decode()
    client.post(url, {"action": "retry_tasks", "_selected_action": [str(result.id)]})
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"


@pytest.mark.django_db(transaction=True)  # on-commit work really runs, as on the site
def test_an_email_whose_send_failed_goes_out_once_on_the_retry(few_attempts, member, other_member, category,
                                                             monkeypatch):
    import smtplib

    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend

    from forum.models import Notification, Profile
    from tests import factories

    Profile.objects.filter(user=member).update(email_mode=Profile.EmailMode.EACH)
    real_send, failures = EmailBackend.send_messages, iter([True])

    def send_or_fail_once(self, messages):
        if next(failures, False):
            raise smtplib.SMTPServerDisconnected("the mail server went away")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_or_fail_once)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        thread = factories.make_thread(author=member, category=category)
        factories.make_answer(thread=thread, author=other_member)
        make_worker().run()  # notifies, then the first email fails and waits for its retry
        email_task = DBTaskResult.objects.get(task_path="forum.tasks.email_notification", status="READY")
        assert "mail server went away" in email_task.traceback
        note = Notification.objects.get(pk=email_task.args_kwargs["args"][0])
        assert note.emailed_at is None  # the failed send released its claim
        clock.shift(timedelta(seconds=10))
        make_worker().run()
    assert [message.to for message in mail.outbox if message.subject.endswith(note.text)] == [[note.recipient.email]]
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert DBTaskResult.objects.get(pk=email_task.pk).status == "SUCCESSFUL"
