"""Blog writes: linking articles and known issues to threads, feedback, suggestions, notifying followers."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from blog.models import (
    ArticleFeedback,
    ArticlePage,
    KnownIssueDispatch,
    KnownIssuePage,
    KnownIssueThreadLink,
    ThreadArticleLink,
)
from forum.models import Follow, Thread

logger = logging.getLogger(__name__)

FEEDBACK_TWICE = _("You have already told us whether this article helped. Thank you!")
FEEDBACK_RATE_LIMITED = _("Too many answers from your network just now. Please try again later.")
LINK_TWICE = _("This article is already linked to this thread.")
KNOWN_ISSUE_LINKED_TWICE = _("This thread is already linked to that known issue.")
KNOWN_ISSUE_RESOLVED = _("This known issue is resolved; link threads to open issues only.")

SUGGESTION_LIMIT = 5


# Links between articles and threads


def link_article(*, article: ArticlePage, thread: Thread, by, source=ThreadArticleLink.Source.MODERATOR):
    """Link a how-to article to a thread it answers. Linking twice is refused, and so is linking a
    translation of an article the thread has: the thread shows each reader their own translation."""
    if ThreadArticleLink.objects.filter(thread=thread, article__translation_key=article.translation_key).exists():
        raise ValidationError(LINK_TWICE)
    try:
        with transaction.atomic():
            return ThreadArticleLink.objects.create(article=article, thread=thread, linked_by=by, source=source)
    except IntegrityError:
        raise ValidationError(LINK_TWICE) from None


def unlink_article(*, link: ThreadArticleLink) -> None:
    link.delete()


def sync_editor_picks(*, article: ArticlePage, by) -> None:
    """On publish: the threads an editor picked become links; picks the editor removed are unlinked.

    Links a moderator made from the thread page stay, whatever the editor picks.
    """
    picked = set(article.thread_picks.values_list("thread_id", flat=True))
    existing = dict(ThreadArticleLink.objects.filter(article=article).values_list("thread_id", "source"))
    for thread_id in picked - set(existing):
        ThreadArticleLink.objects.get_or_create(
            article=article, thread_id=thread_id,
            defaults={"linked_by": by, "source": ThreadArticleLink.Source.EDITOR},
        )
    stale = [tid for tid, source in existing.items() if source == ThreadArticleLink.Source.EDITOR and tid not in picked]
    if stale:
        ThreadArticleLink.objects.filter(article=article, thread_id__in=stale).delete()


def link_known_issue(*, known_issue: KnownIssuePage, thread: Thread, by) -> KnownIssueThreadLink:
    if not known_issue.is_open:
        raise ValidationError(KNOWN_ISSUE_RESOLVED)
    if KnownIssueThreadLink.objects.filter(thread=thread, known_issue__translation_key=known_issue.translation_key).exists():
        raise ValidationError(KNOWN_ISSUE_LINKED_TWICE)  # a translation of it: its followers would hear twice
    try:
        with transaction.atomic():
            return KnownIssueThreadLink.objects.create(known_issue=known_issue, thread=thread, linked_by=by)
    except IntegrityError:
        raise ValidationError(KNOWN_ISSUE_LINKED_TWICE) from None


# "Did this help?"


def feedback_record(*, article: ArticlePage, visitor: str, helpful: bool, comment: str = "", user=None):
    if ArticleFeedback.objects.filter(article=article, visitor=visitor).exists():
        raise ValidationError(FEEDBACK_TWICE)
    try:
        with transaction.atomic():
            return ArticleFeedback.objects.create(
                article=article, visitor=visitor, helpful=helpful, comment=comment.strip()[:1000],
                user=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:
        raise ValidationError(FEEDBACK_TWICE) from None


# Suggestions: one function decides how "similar" is found


def similar(text: str, doc_type: str, *, limit: int = SUGGESTION_LIMIT) -> list:
    """Objects of doc_type ("thread" or "article") most similar to text, best first.

    forum.search finds and ranks them (the one search module, with its own analysers and stop
    words); the blog keeps no second engine. When search is unavailable there are no suggestions.
    """
    ids = _search_module_ids(text, doc_type, limit)
    if not ids:
        return []
    model_qs = Thread.objects.public() if doc_type == "thread" else ArticlePage.objects.live().select_related("locale")
    found = model_qs.in_bulk(ids)
    return [found[i] for i in ids if i in found][:limit]


def _search_module_ids(text: str, doc_type: str, limit: int) -> list[int]:
    """Ids of the best matches from forum.search (one backend call, no queries)."""
    from forum import search

    if not (text or "").strip():
        return []
    try:
        hits = search.similar(text, doc_types=[doc_type], limit=limit)
    except Exception:  # a broken index must not break the page: no suggestions then
        logger.warning("blog suggestions: forum.search failed", exc_info=True)
        return []
    return [int(hit.doc_id) for hit in hits if hit.doc_type == doc_type and str(hit.doc_id).isdigit()]


def suggest_threads_for_article(article: ArticlePage, *, limit: int = SUGGESTION_LIMIT) -> list[Thread]:
    linked = set(ThreadArticleLink.objects.filter(article=article).values_list("thread_id", flat=True))
    found = similar(f"{article.title} {article.summary}", "thread", limit=limit + len(linked))
    return [t for t in found if t.pk not in linked][:limit]


def suggest_articles_for_thread(thread: Thread, *, limit: int = SUGGESTION_LIMIT) -> list[ArticlePage]:
    return similar(thread.title, "article", limit=limit)


# Known issues: one status in every language

# What a known issue's translations share: whether it is resolved is a fact about the problem, not
# about one language's text (#15 item 7). The title, summary, workaround and updates are each
# translation's own.
KNOWN_ISSUE_SHARED_FIELDS = ("status", "started_at", "resolved_at")


def known_issue_share_status(known_issue: KnownIssuePage) -> list[KnownIssuePage]:
    """At publish: the known issue's translations take its status, start and resolution time, on their
    live rows and on their latest revision (the draft an editor opens next, so publishing that does
    not turn the status back). Resolving the issue in one language resolves it in all, and reopening
    it reopens it in all: no banner outlives the issue in either language. Returns the translations
    that changed, with the new values."""
    from modelcluster.models import get_field_value

    shared = {name: getattr(known_issue, name) for name in KNOWN_ISSUE_SHARED_FIELDS}
    changed = [
        page for page in KnownIssuePage.objects.filter(translation_key=known_issue.translation_key)
        .exclude(pk=known_issue.pk).select_related("latest_revision")
        if any(getattr(page, name) != value for name, value in shared.items())
    ]
    if not changed:
        return []
    KnownIssuePage.objects.filter(pk__in=[page.pk for page in changed]).update(**shared)
    for page in changed:
        for name, value in shared.items():
            setattr(page, name, value)
        revision = page.latest_revision
        if revision is not None:
            revision.content.update({name: get_field_value(KnownIssuePage._meta.get_field(name), page)
                                     for name in KNOWN_ISSUE_SHARED_FIELDS})
            revision.save(update_fields=["content"])
    return changed


# Known issues: telling followers of linked threads


def known_issue_announcements(known_issue: KnownIssuePage) -> list[tuple[str, str]]:
    """(key, text) for everything on this known issue worth announcing: each update, and the resolution."""
    items = [(f"update:{u.pk}", u.text) for u in known_issue.updates.all().order_by("posted_at", "pk")]
    if not known_issue.is_open:
        items.append(("resolved", ""))
    return items


def known_issue_claim_announcements(known_issue: KnownIssuePage) -> list[str]:
    """At publish: claim what this version adds (new updates, the resolution).

    Returns the keys still to send; with no linked thread there is nobody to tell, so they are
    stamped sent at once (linking a thread later does not replay old news).
    """
    from django.utils import timezone

    claimed = set(KnownIssueDispatch.objects.filter(known_issue=known_issue).values_list("key", flat=True))
    new = [key for key, _text in known_issue_announcements(known_issue) if key not in claimed]
    nobody = not KnownIssueThreadLink.objects.filter(known_issue=known_issue).exists()
    KnownIssueDispatch.objects.bulk_create(
        [KnownIssueDispatch(known_issue=known_issue, key=key, sent_at=timezone.now() if nobody else None)
         for key in new],
        ignore_conflicts=True,
    )
    return [] if nobody else new


def notify_known_issue_followers(known_issue_id: int) -> int:
    """Send the known issue's unsent announcements to followers of its linked threads. Idempotent."""
    from django.utils import timezone

    from forum import services as forum_services

    known_issue = KnownIssuePage.objects.live().filter(pk=known_issue_id).first()
    if known_issue is None:
        return 0
    texts = dict(known_issue_announcements(known_issue))
    pending = list(KnownIssueDispatch.objects.filter(known_issue=known_issue, sent_at__isnull=True)
                   .order_by("pk"))
    if not pending:
        return 0
    thread_ids = list(KnownIssueThreadLink.objects.filter(known_issue=known_issue)
                      .values_list("thread_id", flat=True))
    followers = list(
        Follow.objects.filter(thread_id__in=thread_ids).select_related("user__profile", "thread")
        .order_by("user_id", "thread_id")
    )
    sent = 0
    for dispatch in pending:
        with transaction.atomic():
            unsent = KnownIssueDispatch.objects.filter(pk=dispatch.pk, sent_at__isnull=True)
            if not unsent.update(sent_at=timezone.now()):
                continue  # another worker sent it
            if dispatch.key not in texts:
                continue  # the update was removed before it went out
            seen = set()
            for follow in followers:
                if follow.user_id in seen:
                    continue
                seen.add(follow.user_id)
                language = getattr(getattr(follow.user, "profile", None), "language", "en")
                with override(language):
                    if dispatch.key == "resolved":
                        message = _("Resolved: %(title)s") % {"title": known_issue.title}
                    else:
                        message = _("Update on %(title)s: %(text)s") % {
                            "title": known_issue.title, "text": texts[dispatch.key]}
                forum_services.notify_member(
                    recipient=follow.user, verb="known_issue_update", text=message, url=known_issue.url or "",
                    thread=follow.thread,
                )
                sent += 1
    return sent
