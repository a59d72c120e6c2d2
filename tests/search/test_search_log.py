"""The search log feeds the content-gap report: top queries and zero-result queries."""

from datetime import timedelta

from django.utils import timezone

from forum.models import SearchLog
from forum.search import selectors


def _log(normalized, count, n=1, days_ago=0):
    for _ in range(n):
        row = SearchLog.objects.create(query=normalized, normalized=normalized, result_count=count, took_ms=3)
        SearchLog.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


def test_top_queries_count_normalised_searches_most_frequent_first(db):
    _log("refund", 5, n=3)
    _log("delivery time", 2, n=2)
    _log("old query", 1, n=9, days_ago=60)
    top = selectors.top_queries(days=30)
    assert [(row["normalized"], row["searches"]) for row in top] == [("refund", 3), ("delivery time", 2)]
    assert top[0]["avg_results"] == 5


def test_zero_result_queries_are_the_content_gaps(db):
    _log("warranty abroad", 0, n=2)
    _log("refund", 4, n=5)
    _log("gift wrap", 0, n=1)
    gaps = selectors.zero_result_queries(days=30, limit=10)
    assert [(row["normalized"], row["searches"]) for row in gaps] == [("warranty abroad", 2), ("gift wrap", 1)]


def test_the_log_caps_what_it_stores(client, db):
    client.get("/search/", {"q": "refund " + "y" * 500})
    row = SearchLog.objects.get()
    assert len(row.query) == 200 and len(row.normalized) <= 200
