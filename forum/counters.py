"""The counters stored on rows, each defined once: the same expression recounts one row after an
event (`recount`) and every row, in batches, in `synchronize_counters` (views cannot be rebuilt).

A counter is "the number of these source rows pointing at this row", written as a correlated
subquery, so an event's recount is exact (no +1/-1 that drifts) and costs one UPDATE.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import Tag

from forum.models import Answer, Category, Kudo, MeToo, TagUsage, Thread


def _count(rows, link: str):
    """How many of `rows` have `link` pointing at the outer row (0 when none)."""
    rows = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), Value(0))


def _latest_public_activity():
    """The latest activity among the outer tag's public threads (None when it has none)."""
    threads = Thread.objects.public().filter(tags__id=OuterRef("pk")).order_by("-last_activity_at")
    return Subquery(threads.values("last_activity_at")[:1])


# model -> {field: () -> expression}. Answers and threads count what readers see (public rows).
COUNTERS = {
    Thread: {
        "answer_count": lambda: _count(Answer.objects.public(), "thread"),
        "kudos_count": lambda: _count(Kudo.objects.all(), "thread"),
        "me_too_count": lambda: _count(MeToo.objects.all(), "thread"),
    },
    Answer: {
        "kudos_count": lambda: _count(Kudo.objects.all(), "answer"),
    },
    Category: {
        "thread_count": lambda: _count(Thread.objects.public(), "category"),
    },
    # A row per tag (its pk is the tag's): public threads carrying it and their latest activity.
    TagUsage: {
        "thread_count": lambda: _count(Thread.objects.public(), "tags__id"),
        "last_activity_at": _latest_public_activity,
    },
}


def _expressions(model, fields) -> dict:
    definitions = COUNTERS[model]
    return {name: definitions[name]() for name in (fields or definitions)}


def recount(model, pk: int, *fields: str) -> None:
    """Set these counters of one row from their source rows (all of the model's when none named)."""
    model.objects.filter(pk=pk).update(**_expressions(model, fields))


def recount_categories(category_ids: Iterable[int]) -> None:
    """Set the thread count of these categories from their public threads (one UPDATE)."""
    category_ids = sorted(set(category_ids))
    if category_ids:
        Category.objects.filter(pk__in=category_ids).update(**_expressions(Category, ()))


def recount_tags(tag_ids: Iterable[int]) -> None:
    """Set the usage of these tags from their threads (making the rows the first time)."""
    tag_ids = sorted(set(tag_ids))
    if not tag_ids:
        return
    TagUsage.objects.bulk_create([TagUsage(tag_id=pk) for pk in tag_ids], ignore_conflicts=True)
    TagUsage.objects.filter(pk__in=tag_ids).update(**_expressions(TagUsage, ()))


def synchronize_tag_usage() -> int:
    """Recount every tag's usage (a row for every tag, unused ones at 0)."""
    TagUsage.objects.bulk_create([TagUsage(tag_id=pk) for pk in Tag.objects.values_list("pk", flat=True)],
                                 ignore_conflicts=True, batch_size=1000)
    return TagUsage.objects.update(**_expressions(TagUsage, ()))


def synchronize_counters(*, batch_size: int = 500, progress=None) -> dict:
    """Recount every counter of every row, in batches: answers, kudos and me-too per thread, kudos
    per answer, threads per category, threads per tag."""
    totals = {"threads": 0, "answers": 0, "categories": 0, "tags": 0}
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    answer_ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    bar = progress(total=len(thread_ids) + len(answer_ids) + Category.objects.count()) if progress else None
    for model, ids, key in ((Thread, thread_ids, "threads"), (Answer, answer_ids, "answers")):
        for start in range(0, len(ids), batch_size):
            chunk = ids[start:start + batch_size]
            with transaction.atomic():
                totals[key] += model.objects.filter(pk__in=chunk).update(**_expressions(model, ()))
            if bar:
                bar.update(len(chunk))
    totals["categories"] = Category.objects.update(**_expressions(Category, ()))
    totals["tags"] = synchronize_tag_usage()
    if bar:
        bar.update(totals["categories"])
        bar.close()
    return totals
