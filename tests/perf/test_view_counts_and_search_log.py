"""A page view and a search write nothing in the request; the counts and the log arrive in batches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from config.ops import jobs
from forum import viewcounts
from forum.models import SearchLog, Thread
from forum.search import searchlog
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_buffers():
    viewcounts.flush()
    searchlog.flush()
    yield
    viewcounts._local.clear()
    searchlog._rows.clear()


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_reading_a_thread_writes_nothing_and_the_flush_job_adds_every_view(client, member, category):
    thread = factories.make_thread(author=member, category=category)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(thread.get_absolute_url()).status_code == 200
    assert _writes(queries) == []
    thread.refresh_from_db()
    assert thread.view_count == 0 and viewcounts.pending() == 3

    jobs.get_job("flush_view_counts").task.call()

    thread.refresh_from_db()
    assert thread.view_count == 3 and viewcounts.pending() == 0
    jobs.get_job("flush_view_counts").task.call()  # nothing counted twice
    thread.refresh_from_db()
    assert thread.view_count == 3


def test_views_of_many_threads_are_added_in_a_few_statements(member, category):
    threads = [factories.make_thread(author=member, category=category, title=f"Thread number {n}") for n in range(6)]
    for n, thread in enumerate(threads):
        for _ in range(1 + n % 2):
            viewcounts.record(thread.pk)
    with CaptureQueriesContext(connection) as queries:
        assert viewcounts.flush() == 9
    assert len(_writes(queries)) == 2  # one UPDATE per distinct count (1 and 2 views)
    assert sorted(Thread.objects.values_list("view_count", flat=True)) == [1, 1, 1, 2, 2, 2]


def test_a_process_without_redis_adds_its_own_counts_after_a_response_when_due(client, member, category):
    thread = factories.make_thread(author=member, category=category)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
                           VIEW_COUNT_FLUSH_SECONDS=3600):
        client.get(thread.get_absolute_url())
        thread.refresh_from_db()
        assert thread.view_count == 0  # not due yet
        viewcounts._last_flush -= 3600
        client.get(thread.get_absolute_url())
    thread.refresh_from_db()
    assert thread.view_count == 2


def test_a_failed_flush_keeps_the_counts_for_the_next(member, category, monkeypatch):
    thread = factories.make_thread(author=member, category=category)
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        viewcounts.record(thread.pk)

        def broken(_counts):
            raise RuntimeError("database away")

        monkeypatch.setattr(viewcounts, "_apply", broken)
        with pytest.raises(RuntimeError):
            viewcounts.flush_local()
        monkeypatch.undo()
        assert viewcounts.flush_local() == 1
    thread.refresh_from_db()
    assert thread.view_count == 1


def test_searches_are_logged_in_one_batch_after_the_response(client):
    with override_settings(SEARCH_LOG_FLUSH_SECONDS=3600):
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": "refund"})
            client.get("/search/", {"q": "delivery"})
        assert not [sql for sql in _writes(queries) if "search_log" in sql or "searchlog" in sql]
        assert SearchLog.objects.count() == 0
        searchlog._last_flush -= 3600
        client.get("/search/", {"q": "invoice"})
    assert sorted(SearchLog.objects.values_list("normalized", flat=True)) == ["delivery", "invoice", "refund"]


def test_a_search_log_batch_that_cannot_be_written_never_fails_a_search(client, monkeypatch):
    def broken():
        raise RuntimeError("database away")

    with override_settings(SEARCH_LOG_FLUSH_SECONDS=3600):
        monkeypatch.setattr(searchlog, "flush", broken)
        searchlog._last_flush -= 3600
        assert client.get("/search/", {"q": "refund"}).status_code == 200
