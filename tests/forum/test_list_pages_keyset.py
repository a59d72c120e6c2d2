"""A list's Next link carries the last row's key, and the next page is read from there with no OFFSET
(config/web/pagination.py, issue #13); page numbers without a key still work, by offset."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import selectors
from forum.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_lists(settings):
    settings.FORUM = {**settings.FORUM, "PAGE_SIZE": 3, "LIST_MAX_PAGES": 4}


@pytest.fixture
def threads(member, category):
    """11 threads; two share one moment of activity and creation (the key's tie-break is the id);
    one is pinned."""
    made = [factories.make_thread(author=member, category=category, title=f"Question number {n} about wifi")
            for n in range(11)]
    now = timezone.now()
    for n, thread in enumerate(made):
        moment = now - timedelta(minutes=5 if n in (4, 5) else n)
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=moment, created_at=moment)
    Thread.objects.filter(pk=made[7].pk).update(is_pinned=True)
    return made


def titles(response) -> list[str]:
    return [t.title for t in response.context["threads"]]


def next_link(response) -> str | None:
    found = re.search(r'<a href="(\?[^"]*)" rel="next">', response.content.decode())
    return unescape(found.group(1)) if found else None


@pytest.mark.parametrize("sort", ["activity", "newest", "kudos"])
@pytest.mark.parametrize("where", ["home", "category"])
def test_following_next_gives_the_pages_the_numbers_give(client, threads, category, sort, where):
    url = reverse("forum:home") if where == "home" else category.get_absolute_url()
    by_number = [titles(client.get(url, {"sort": sort, "page": n})) for n in range(1, 5)]
    walked, query = [], f"?sort={sort}"
    while query:
        response = client.get(url + query)
        walked.append(titles(response))
        query = next_link(response)
        if query and sort != "kudos":  # most kudos has no index to read from: by offset
            assert "after=" in query
    assert walked == by_number
    assert sum(walked, []) == [t.title for t in selectors.thread_list(sort=sort)[:12]]


def test_a_page_read_from_its_key_has_no_offset(client, threads):
    second = next_link(client.get(reverse("forum:home")))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("forum:home") + second)
    rows = [q["sql"] for q in queries.captured_queries if "LIMIT 3" in q["sql"] and '"forum_thread"' in q["sql"]]
    assert rows and not [sql for sql in rows if "OFFSET" in sql], rows
    assert response.context["page"].number == 2 and "Page 2 of 4" in response.content.decode()


def test_a_key_that_is_not_ours_falls_back_to_the_page_number(client, threads):
    by_number = titles(client.get(reverse("forum:home"), {"page": 3}))
    for bad in ("nonsense", "W10", "WyJ4Il0", "%%%", ""):
        assert titles(client.get(reverse("forum:home"), {"page": 3, "after": bad})) == by_number


def test_previous_and_the_filters_drop_the_key(client, threads):
    third = client.get(reverse("forum:home") + next_link(client.get(reverse("forum:home") + next_link(
        client.get(reverse("forum:home"))))))
    html = unescape(third.content.decode())
    previous = re.search(r'<a href="(\?[^"]*)" rel="prev">', html).group(1)
    assert previous == "?page=2"
    assert "after=" not in "".join(re.findall(r'href="(\?sort=[^"]*)"', html))


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the index is PostgreSQL's plan")
@pytest.mark.parametrize(("sort", "index"), [("activity", "thread_pinned_activity"), ("newest", "created_at")])
def test_a_keyset_page_is_read_from_the_lists_index(client, threads, category, sort, index):
    from config.web.pagination import BoundedPaginator

    listing = selectors.thread_list(category=category, sort=sort).prefetch_related(None)
    paginator = BoundedPaginator(listing, 3, max_pages=4)
    cursor = paginator.get_page(2).next_cursor
    rows = listing.filter(paginator._after(cursor))[:3]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor_:
        cursor_.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor_.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor_.fetchall())
    assert index in plan and "OFFSET" not in sql.upper(), plan
    assert [t.pk for t in rows] == [t.pk for t in listing[6:9]]
