"""PostgreSQL: a search statement that runs past SEARCH_TIME_LIMIT_MS is stopped; the search page asks
the reader to narrow the search (nothing is rebuilt, nothing else breaks)."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from forum import search
from tests import factories
from tests.search.conftest import POSTGRES_ONLY

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason=POSTGRES_ONLY)


@pytest.fixture
def indexed_printer(settings, db, category):
    settings.SEARCH_BACKEND = "postgres"
    settings.SEARCH_SEMANTIC = False
    settings.SEARCH_TIME_LIMIT_MS = 100
    factories.make_thread(category=category, title="Printer jams on every page",
                          body="The printer jams halfway through.")
    search.rebuild()


@pytest.fixture
def slow_search(monkeypatch):
    """The search statement takes a second (as one over most of a million posts would)."""

    def wrapper(execute, sql, params, many, context):
        if "hits AS MATERIALIZED" in sql:
            execute("SELECT pg_sleep(1)", None, False, context)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def test_the_search_page_asks_to_narrow_a_search_stopped_at_its_time_limit(client, indexed_printer, slow_search,
                                                                            monkeypatch):
    rebuilt = []
    monkeypatch.setattr(search, "start_auto_rebuild", lambda: rebuilt.append(True))

    response = client.get(reverse("search:results"), {"q": "printer jams"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your search matches too much" in page
    assert 'value="printer jams"' in page  # what was typed stays in the box
    assert "Search is rebuilding" not in page and not rebuilt
    # It found too much, not nothing: no zero-result search for the content team's reports.
    from forum.search import searchlog
    from forum.search.models import SearchLog

    searchlog.flush()
    assert not SearchLog.objects.filter(normalized__contains="printer").exists()


def test_in_dutch_too(client, indexed_printer, slow_search):
    with translation.override("nl"):
        response = client.get(reverse("search:results"), {"q": "printer jams"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert "Je zoekopdracht vindt te veel" in response.content.decode()


def test_the_similar_box_is_not_limited(indexed_printer, slow_search):
    """Its queries rank at most base.SCAN_CAP documents and count nothing: no limit is set for them."""
    assert [hit.title for hit in search.similar("printer jams")] == ["Printer jams on every page"]


def test_in_time_the_search_is_found_and_the_callers_own_limit_is_kept(indexed_printer):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '7s'")
    page = search.search("printer jams")
    assert page.total == 1 and not page.timed_out
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "7s"
