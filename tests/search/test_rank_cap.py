"""PostgreSQL's search page counts every match but ranks at most base.RANK_CAP of them (the most
helpful, then the newest; the newest when sorted by date): ranking is what grew with the matches."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from forum import search, services
from forum.models import Thread
from forum.search.backends import base
from tests import factories
from tests.search.conftest import POSTGRES_ONLY, thread_key

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason=POSTGRES_ONLY)


@pytest.fixture
def community(settings, db, category):
    settings.SEARCH_BACKEND = "postgres"
    settings.SEARCH_SEMANTIC = False
    asker = factories.make_member()
    threads = [factories.make_thread(author=asker, category=category, title=f"Printer jams on page {n}",
                                     body="The printer jams halfway through every page.") for n in range(5)]
    now = timezone.now()
    for age, thread in enumerate(reversed(threads)):  # threads[4] newest
        Thread.objects.filter(pk=thread.pk).update(created_at=now - timedelta(days=10 + age))
    solved = threads[1]  # old, but solved: the most helpful
    services.answer_accept(answer=factories.make_answer(thread=solved), by=asker)
    search.rebuild()
    return threads, solved


def test_past_the_cap_every_match_is_counted_and_the_most_helpful_then_newest_are_ranked(community, monkeypatch):
    threads, solved = community
    monkeypatch.setattr(base, "RANK_CAP", 2)

    page = search.search("printer jams", language="en")

    assert page.total == 5
    assert page.facets["solved"] == {"1": 1, "0": 4}
    assert [hit.key for hit in page.hits] and {hit.key for hit in page.hits} == {thread_key(solved),
                                                                                 thread_key(threads[4])}


def test_sorted_by_date_the_newest_matches_are_the_ones_ranked(community, monkeypatch):
    threads, _ = community
    monkeypatch.setattr(base, "RANK_CAP", 2)

    page = search.search("printer jams", language="en", sort="date")

    assert page.total == 5
    assert [hit.key for hit in page.hits] == [thread_key(threads[4]), thread_key(threads[3])]


def test_under_the_cap_nothing_changes(community):
    threads, solved = community

    page = search.search("printer jams", language="en")

    assert page.total == 5
    assert {hit.key for hit in page.hits} == {thread_key(thread) for thread in threads}
