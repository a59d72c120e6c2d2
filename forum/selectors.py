"""Forum reads: every list and page gets its rows here, with a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from forum import extensions, permissions
from forum.models import Answer, Category, Follow, Kudo, MeToo, Notification, Thread

SORTS = {
    "activity": ("-is_pinned", "-last_activity_at"),
    "newest": ("-created_at",),
    "kudos": ("-kudos_count", "-last_activity_at"),
}
VIEWS = ("all", "unanswered", "solved", "mine")


def thread_list(*, category=None, tag=None, kind: str = "", status: str = "", sort: str = "activity",
                view: str = "all", user=None) -> QuerySet[Thread]:
    """Threads anyone may see, filtered and sorted as the list pages ask."""
    threads = Thread.objects.public().select_related("category", "author__profile")
    if category is not None:
        threads = threads.filter(Q(category=category) | Q(category__parent=category))
    if tag is not None:
        threads = threads.filter(tags__slug=tag.slug)
    if kind in Thread.Kind.values:
        threads = threads.filter(kind=kind)
    if status in Thread.Status.values:
        threads = threads.filter(status=status)
    if view == "unanswered":
        threads = threads.filter(answer_count=0).exclude(status__in=[Thread.Status.CLOSED, Thread.Status.LOCKED])
        threads = threads.exclude(kind=Thread.Kind.COMPLIMENT)
    elif view == "solved":
        threads = threads.filter(status=Thread.Status.SOLVED)
    elif view == "mine":
        if user is None or not user.is_authenticated:
            return threads.none()
        threads = Thread.objects.alive().select_related("category", "author__profile").filter(
            Q(author=user) | Q(answers__author=user, answers__deleted_at__isnull=True)
        ).distinct()
        if kind in Thread.Kind.values:
            threads = threads.filter(kind=kind)
        if status in Thread.Status.values:
            threads = threads.filter(status=status)
    return threads.prefetch_related("tags").order_by(*SORTS.get(sort, SORTS["activity"]))


def categories_for_sidebar() -> QuerySet[Category]:
    return Category.objects.filter(parent__isnull=True)


def get_visible_thread(user, pk: int) -> Thread:
    """Fetch a thread the user may see, in one call and one query (Http404 otherwise).

    Every app fetches threads through this (or get_visible_post), never with objects.get: the
    visibility rule is applied in the query, so a thread the user may not see is never loaded.
    """
    thread = (Thread.objects.visible_to(user).select_related("category", "author__profile", "duplicate_of")
              .filter(pk=pk).first())
    if thread is None:
        raise Http404(permissions.THREAD_NOT_FOUND)
    return thread


def get_visible_answer(user, pk: int) -> Answer:
    """Fetch an answer the user may see (in a thread they may see), one query (Http404 otherwise)."""
    answer = (Answer.objects.visible_to(user)
              .select_related("thread__category", "thread__author__profile", "author__profile", "verified_by__profile")
              .filter(pk=pk).first())
    if answer is None:
        raise Http404(permissions.THREAD_NOT_FOUND)
    return answer


POST_KINDS = ("thread", "answer")


def get_visible_post(user, kind: str, pk: int):
    """A thread or an answer by kind ("thread" / "answer") as in URLs, checked like the two above."""
    if kind == "thread":
        return get_visible_thread(user, pk)
    if kind == "answer":
        return get_visible_answer(user, pk)
    raise Http404(permissions.THREAD_NOT_FOUND)


def thread_has_verified_answer(thread: Thread) -> bool:
    """Whether the public accepted answer of this thread is verified (one query)."""
    return Answer.objects.public().filter(thread=thread, is_accepted=True, verified_at__isnull=False).exists()


def visible_answers(user, thread: Thread) -> QuerySet[Answer]:
    """The answers of a thread the user may see."""
    return Answer.objects.visible_to(user).filter(thread=thread).select_related("author__profile",
                                                                                "verified_by__profile")


@dataclass
class ThreadPage:
    thread: Thread
    answers: list[Answer]
    kudoed_threads: set = field(default_factory=set)
    kudoed_answers: set = field(default_factory=set)
    said_me_too: bool = False
    follows: bool = False
    flair: dict = field(default_factory=dict)
    panels: list = field(default_factory=list)
    actions: dict = field(default_factory=dict)
    banners: list = field(default_factory=list)


def thread_page(request, thread: Thread) -> ThreadPage:
    """Everything the thread page shows, in a fixed number of queries however many answers."""
    user = request.user
    answers = list(visible_answers(user, thread).order_by("-is_accepted", "-kudos_count", "created_at"))
    for answer in answers:
        answer.thread = thread  # permission checks read answer.thread: no query per answer
    page = ThreadPage(thread=thread, answers=answers)
    if user.is_authenticated:
        answer_ids = [a.pk for a in answers]
        rows = Kudo.objects.filter(user=user).filter(Q(thread=thread) | Q(answer_id__in=answer_ids))
        for thread_id, answer_id in rows.values_list("thread_id", "answer_id"):
            if answer_id:
                page.kudoed_answers.add(answer_id)
            else:
                page.kudoed_threads.add(thread_id)
        page.said_me_too = MeToo.objects.filter(user=user, thread=thread).exists()
        page.follows = Follow.objects.filter(user=user, thread=thread).exists()
    page.flair = author_flair({thread.author_id, *(a.author_id for a in answers)})
    for provider in extensions.thread_panels:
        page.panels.extend(provider(request, thread) or [])
    for provider in extensions.post_actions:
        for key, actions in (provider(request, thread, answers) or {}).items():
            page.actions.setdefault(key, []).extend(actions)
    page.banners = forum_banners(request, thread.category)
    return page


def author_flair(user_ids: set[int]) -> dict[int, list[str]]:
    flair: dict[int, list[str]] = {}
    if not user_ids:
        return flair
    for provider in extensions.author_flair:
        for user_id, html in (provider(set(user_ids)) or {}).items():
            flair.setdefault(user_id, []).append(html)
    return flair


def forum_banners(request, category=None) -> list[dict]:
    banners: list[dict] = []
    for provider in extensions.forum_banners:
        banners.extend(provider(request, category) or [])
    return banners


def profile_panels(request, member) -> list[dict]:
    panels: list[dict] = []
    for provider in extensions.profile_panels:
        panels.extend(provider(request, member) or [])
    return panels


def member_threads(member, *, viewer=None) -> QuerySet[Thread]:
    """The member's threads as `viewer` may see them: the member sees their own while they wait
    for review (marked on the page), everyone else only the public ones."""
    return (Thread.objects.visible_to(viewer).filter(author=member, deleted_at__isnull=True)
            .select_related("category").order_by("-created_at"))


def member_answers(member) -> QuerySet[Answer]:
    return (
        Answer.objects.visible_to(None).filter(author=member)
        .select_related("thread").order_by("-created_at")
    )


def member_stats(member) -> dict:
    """Questions, answers, solutions and kudos received (two queries)."""
    from django.db.models import Count, Sum

    threads = Thread.objects.public().filter(author=member).aggregate(n=Count("pk"), kudos=Sum("kudos_count"))
    answers = Answer.objects.public().filter(author=member).aggregate(
        n=Count("pk"), solutions=Count("pk", filter=Q(is_accepted=True)), kudos=Sum("kudos_count"))
    return {
        "questions": threads["n"], "answers": answers["n"], "solutions": answers["solutions"],
        "kudos": (threads["kudos"] or 0) + (answers["kudos"] or 0),
    }


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor__profile")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def followed_ids(user, *, categories=(), tags=()) -> dict:
    """Which of these categories and tags the user follows (one query)."""
    result = {"categories": set(), "tags": set()}
    if not user.is_authenticated:
        return result
    rows = Follow.objects.filter(user=user).filter(
        Q(category_id__in=[c.pk for c in categories]) | Q(tag_id__in=[t.pk for t in tags])
    ).values_list("category_id", "tag_id")
    for category_id, tag_id in rows:
        if category_id:
            result["categories"].add(category_id)
        if tag_id:
            result["tags"].add(tag_id)
    return result
