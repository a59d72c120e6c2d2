"""The counters stored on rows, each defined once: the same expression recounts one row after an
event (`recount`) and every row, in batches, in `synchronize_counters` (views cannot be rebuilt).

A counter is "the number of these source rows pointing at this row", written as a correlated
subquery, so an event's recount is exact (no +1/-1 that drifts) and costs one UPDATE.
"""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from forum.models import Answer, Category, Kudo, MeToo, Thread


def _count(rows, link: str):
    """How many of `rows` have `link` pointing at the outer row (0 when none)."""
    rows = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), Value(0))


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
}


def _expressions(model, fields) -> dict:
    definitions = COUNTERS[model]
    return {name: definitions[name]() for name in (fields or definitions)}


def recount(model, pk: int, *fields: str) -> None:
    """Set these counters of one row from their source rows (all of the model's when none named)."""
    model.objects.filter(pk=pk).update(**_expressions(model, fields))


def synchronize_counters(*, batch_size: int = 500, progress=None) -> dict:
    """Recount every counter of every row, in batches: answers, kudos and me-too per thread, kudos
    per answer, threads per category."""
    totals = {"threads": 0, "answers": 0, "categories": 0}
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
    if bar:
        bar.update(totals["categories"])
        bar.close()
    return totals
