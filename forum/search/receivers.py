"""Search's document type and thread panel (registered by the forum's AppConfig.ready).

Defines the "thread" document type. Freshness: the forum services schedule
tasks.index_thread after every commit that changes what a thread document holds (create, edit,
delete/restore, accept/unaccept, verify, kudos, move, close/lock/reopen, merge, hide/review).
"""

from html import unescape

from django.db.models import Prefetch
from django.utils.html import strip_tags

from forum.search.documents import SearchDocument


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html or "")).split())


class ThreadDocuments:
    name = "thread"

    def queryset(self):
        from forum.models import Answer, Thread

        return (
            Thread.objects.public()
            .select_related("category")
            .prefetch_related(
                "tags",
                Prefetch("answers", queryset=Answer.objects.public().order_by("created_at"), to_attr="public_answers"),
            )
        )

    def build(self, thread) -> SearchDocument:
        from forum.models import Thread

        answers = thread.public_answers
        accepted = [a for a in answers if a.is_accepted]
        status = thread.status
        if status not in (Thread.Status.CLOSED, Thread.Status.LOCKED):
            # Same rule as the services; a reopen refreshes the status after its index task ran.
            status = Thread.Status.SOLVED if accepted else Thread.Status.ANSWERED if answers else Thread.Status.OPEN
        question = _plain(thread.body_html) or thread.body
        texts = {a.pk: _plain(a.body_html) or a.body for a in answers}
        body = "\n".join([question, *texts.values()])
        helped = accepted or sorted(answers, key=lambda a: -a.kudos_count)[:1]
        return SearchDocument(
            doc_type="thread",
            doc_id=str(thread.pk),
            title=thread.title,
            body=body,
            url=thread.get_absolute_url(),
            language=thread.language if thread.language in ("en", "nl") else "en",
            category=thread.category.slug,
            kind=thread.kind,
            status=status,
            tags=sorted(tag.name for tag in thread.tags.all()),
            solved=bool(accepted),
            verified=any(a.verified_at for a in accepted),
            kudos=thread.kudos_count + sum(a.kudos_count for a in answers),
            created_at=thread.created_at,
            updated_at=thread.edited_at or thread.last_activity_at,
            question=question,
            answer=texts[helped[0].pk] if helped else "",
        )

    def document(self, pk) -> SearchDocument | None:
        thread = self.queryset().filter(pk=pk).first()
        return None if thread is None else self.build(thread)

    def all_documents(self):
        for thread in self.queryset().order_by("pk").iterator(chunk_size=500):
            yield self.build(thread)

    def count(self) -> int:
        return self.queryset().count()


RELATED_CACHE_SECONDS = 600


def _related_panel(request, thread):
    """'Related questions': one search per thread and content version, not one per page view (it was
    a third of the anonymous thread page's time). The content version changes with every change
    that shows (config/web/pagecache.py), so a hidden or deleted thread leaves the panel at once."""
    from django.core.cache import cache

    from config.web import pagecache
    from forum import search

    key = f"forum:related:{thread.pk}:{pagecache.current_version()}"
    hits = cache.get(key)
    if hits is None:
        hits = search.related(thread, limit=5)
        cache.set(key, hits, RELATED_CACHE_SECONDS)
    if not hits:
        return []
    return [{"template": "forum/search/related_panel.html", "context": {"related_hits": hits}}]

