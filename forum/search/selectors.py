"""Read-only views of the search log: the content-gap report (the blog uses these) and the search page."""

from datetime import timedelta

from django.db.models import Avg, Count, Max
from django.utils import timezone

from forum.models import SearchLog


def _recent(days: int):
    return SearchLog.objects.filter(created_at__gte=timezone.now() - timedelta(days=days)).exclude(normalized="")


def top_queries(*, days: int = 30, limit: int = 20) -> list[dict]:
    """Most searched (normalised) queries: [{"normalized", "searches", "avg_results", "last_searched"}]."""
    rows = (
        _recent(days).values("normalized")
        .annotate(searches=Count("id"), avg_results=Avg("result_count"), last_searched=Max("created_at"))
        .order_by("-searches", "normalized")[:limit]
    )
    return [dict(row) for row in rows]


def zero_result_queries(*, days: int = 30, limit: int = 20) -> list[dict]:
    """Searches that found nothing, most frequent first: the questions nobody has answered yet."""
    rows = (
        _recent(days).filter(result_count=0).values("normalized")
        .annotate(searches=Count("id"), last_searched=Max("created_at"))
        .order_by("-searches", "-last_searched")[:limit]
    )
    return [dict(row) for row in rows]


# A query shown to other visitors must have been asked by several of them and found something:
# what one person typed (a name, an order number, an address) never appears.
POPULAR_MIN_SEARCHES = 3


def popular_queries(*, language: str, days: int = 30, limit: int = 6) -> list[str]:
    """What visitors searched for most that found answers, in one language (the empty search page)."""
    rows = (
        _recent(days).filter(language__startswith=language, result_count__gt=0)
        .exclude(normalized__regex=r"[0-9@/]").values("normalized")
        .annotate(searches=Count("id")).filter(searches__gte=POPULAR_MIN_SEARCHES)
        .order_by("-searches", "normalized")[:limit]
    )
    return [row["normalized"] for row in rows]
