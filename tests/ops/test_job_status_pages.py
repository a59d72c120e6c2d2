"""Where an operator sees the jobs and the queue: /healthz (JSON) and the staff dashboard."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from config.ops import scheduler
from tests.ops import sample_tasks

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.mark.django_db
def test_healthz_shows_each_job_last_run_and_the_queue_depth_and_oldest_wait(client, database_tasks):
    with time_machine.travel(datetime(2026, 1, 5, 7, 0, 10, tzinfo=AMSTERDAM), tick=False) as clock:
        scheduler.run_due(owner="a")
        sample_tasks.succeed.enqueue()
        clock.shift(timedelta(seconds=90))
        body = client.get("/healthz").json()
    jobs = {job["name"]: job for job in body["jobs"]}
    assert set(jobs) == {"send_digests", "send_accept_reminders", "check_response_targets", "send_follow_ups",
                         "flush_view_counts"}
    assert jobs["send_digests"]["last_period"] == "2026-01-05T07:00:00+01:00"
    assert jobs["send_digests"]["outcome"] == "enqueued" and jobs["send_digests"]["runs"] == 1
    assert jobs["check_response_targets"]["next_run"] == "2026-01-05T07:05:00+01:00"
    assert body["queue"]["waiting"] == 6  # the five jobs fired, and the sample task
    assert body["queue"]["oldest_waiting_seconds"] == 90.0
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_says_a_job_is_late_when_no_scheduler_fired_it(client):
    with time_machine.travel(datetime(2026, 1, 5, 7, 4, tzinfo=AMSTERDAM), tick=False):
        body = client.get("/healthz").json()
    late = {job["name"] for job in body["jobs"] if job["late"]}
    assert late == {"send_digests", "send_follow_ups", "check_response_targets", "send_accept_reminders"}
    assert body["status"] == "ok"  # informative: a late job never takes the web server out


@pytest.mark.django_db
def test_the_staff_dashboard_lists_the_jobs_and_links_the_failed_tasks(client_for, moderator, database_tasks):
    scheduler.run_due(owner="a")
    failed = DBTaskResult.objects.filter(task_path="forum.tasks.send_digests").get()
    failed.status = "FAILED"
    failed.save()
    page = client_for(moderator).get(reverse("recovery:dashboard")).content.decode()
    assert 'id="scheduled-jobs"' in page
    for name in ("send_digests", "send_accept_reminders", "check_response_targets", "send_follow_ups",
                 "flush_view_counts"):
        assert f'data-job="{name}"' in page
    assert "*/5 * * * *" in page and "waiting for the worker" in page
    assert "1 failed task</a>" in page and "status__exact=FAILED" in page
    assert "4 tasks waiting" in page


@pytest.mark.django_db
def test_the_dashboard_panel_is_in_dutch_for_a_dutch_moderator(client_for, moderator):
    with translation.override("en"):  # the request switches this thread to Dutch; switch back after
        page = client_for(moderator).get(reverse("recovery:dashboard"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Geplande taken" in page and "Ask customers" not in page
