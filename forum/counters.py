"""Rebuild the counters stored on rows exactly from their source rows (views cannot be rebuilt)."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from forum.models import Answer, Category, Kudo, MeToo, Thread


def _count(model, link: str):
    """A correlated subquery counting rows of `model` whose `link` is the outer row (0 when none)."""
    rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), Value(0))


def synchronize_counters(*, batch_size: int = 500, progress=None) -> dict:
    """Recount answers, kudos and me-too per thread, kudos per answer, threads per category."""
    totals = {"threads": 0, "answers": 0, "categories": 0}
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    answer_ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    bar = progress(total=len(thread_ids) + len(answer_ids) + Category.objects.count()) if progress else None
    public_answers = Answer.objects.public().filter(thread=OuterRef("pk")).order_by().values("thread")
    for start in range(0, len(thread_ids), batch_size):
        chunk = thread_ids[start:start + batch_size]
        with transaction.atomic():
            totals["threads"] += Thread.objects.filter(pk__in=chunk).update(
                answer_count=Coalesce(Subquery(public_answers.annotate(n=Count("pk")).values("n")[:1]), Value(0)),
                kudos_count=_count(Kudo, "thread"),
                me_too_count=_count(MeToo, "thread"),
            )
        if bar:
            bar.update(len(chunk))
    for start in range(0, len(answer_ids), batch_size):
        chunk = answer_ids[start:start + batch_size]
        with transaction.atomic():
            totals["answers"] += Answer.objects.filter(pk__in=chunk).update(kudos_count=_count(Kudo, "answer"))
        if bar:
            bar.update(len(chunk))
    public_threads = Thread.objects.public().filter(category=OuterRef("pk")).order_by().values("category")
    totals["categories"] = Category.objects.update(
        thread_count=Coalesce(Subquery(public_threads.annotate(n=Count("pk")).values("n")[:1]), Value(0))
    )
    if bar:
        bar.update(totals["categories"])
        bar.close()
    return totals

