"""Lists stop at LIST_MAX_PAGES: no whole-list count and no deep offset, however long the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_lists(settings):
    settings.FORUM = {**settings.FORUM, "PAGE_SIZE": 2, "LIST_MAX_PAGES": 2}


@pytest.fixture
def threads(member, category):
    return [factories.make_thread(author=member, category=category, title=f"Question number {n} about wifi")
            for n in range(7)]


def titles(response) -> list[str]:
    return [t.title for t in response.context["threads"]]


def test_a_page_past_the_bound_shows_the_last_page_offered_and_says_there_are_more(client, threads):
    last = client.get(reverse("forum:home"), {"page": 2})
    deep = client.get(reverse("forum:home"), {"page": 40})
    assert titles(deep) == titles(last) and len(titles(last)) == 2
    html = deep.content.decode()
    assert "Page 2 of 2" in html and "narrow the list with the filters above, or search" in html
    assert 'rel="next"' not in html


def test_a_short_list_says_nothing_about_more(client, member, category):
    factories.make_thread(author=member, category=category, title="The only question about wifi")
    html = client.get(reverse("forum:home")).content.decode()
    assert "narrow the list" not in html and "Page 1 of" not in html


def test_the_count_reads_at_most_the_rows_it_offers(client, threads, category):
    for url in (reverse("forum:home"), category.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            client.get(url, {"page": 40})
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "forum_thread" in q["sql"]]
        assert counts and all("LIMIT 5" in sql for sql in counts), counts
