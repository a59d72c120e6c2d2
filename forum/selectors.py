"""Forum reads: every list and page gets its rows here, with a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from taggit.models import TaggedItem

from config.web import pagecache, prepared
from forum import extensions, fragments, permissions, visibility
from forum.models import Answer, Category, Follow, Kudo, MeToo, Notification, Thread

# Each order ends in -pk: one order for every reader, and a key that names one row, so a list's
# later pages are read from the previous page's last row (config/web/pagination.py: keysets).
SORTS = {
    "activity": ("-is_pinned", "-last_activity_at", "-pk"),
    "newest": ("-created_at", "-pk"),
    "kudos": ("-kudos_count", "-last_activity_at", "-pk"),
}
VIEWS = ("all", "unanswered", "solved", "mine")


def thread_list(*, category=None, tag=None, kind: str = "", status: str = "", sort: str = "activity",
                view: str = "all", user=None) -> QuerySet[Thread]:
    """Threads anyone may see, filtered and sorted as the list pages ask."""
    threads = Thread.objects.public().select_related("category", "author__profile")
    if category is not None:
        threads = threads.filter(Q(category=category) | Q(category__parent=category))
    if tag is not None:
        # The tag's threads as a semi-join on the tagging's (content type, object, tag) index, with the
        # tag's id in the statement: PostgreSQL then walks the list order's index and stops after one
        # page. Joined by slug it joined and sorted every thread with the tag first (the busiest tag
        # at 200k threads, 34,239 of them: 1,541 ms -> 12 ms; a tag on 43 threads: 4 ms either way).
        taggings = TaggedItem.objects.filter(tag_id=tag.pk, content_type=ContentType.objects.get_for_model(Thread))
        threads = threads.filter(pk__in=taggings.values("object_id"))
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


def popular_solved_threads(*, language: str, limit: int = 5) -> list[Thread]:
    """The solved threads read most, the visitor's language first (the empty and the zero-result
    search page): what others came for is the best guess for someone with nothing to go on."""
    same_language = Case(When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField())
    # Sorting every solved thread is a scan at a million threads: once per content version and language.
    return pagecache.versioned(f"forum:popular-solved:{language}:{limit}", lambda: list(
        Thread.objects.public().filter(status=Thread.Status.SOLVED)
        .order_by(same_language, "-view_count", "-last_activity_at").only("id", "title", "slug", "language")[:limit]
    ))


def categories_for_sidebar() -> list[Category]:
    """The top categories with their counts, kept per content version (every list page shows them)."""
    return pagecache.versioned("forum:sidebar-categories", lambda: list(Category.objects.filter(parent__isnull=True)))


def get_visible_thread(user, pk: int, *, shared: bool = False) -> Thread:
    """Fetch a thread the user may see, in one call and one query (Http404 otherwise).

    Every app fetches threads through this (or get_visible_post), never with objects.get: the
    visibility rule is applied in the query, so a thread the user may not see is never loaded.

    `shared=True` (pages that only read): a public thread comes from the copy kept per content
    version for every reader, no query; a public thread is visible to everyone, so the rule holds.
    Writes take the fresh row (the default).
    """
    if shared:
        public = pagecache.versioned(f"forum:public-thread:{int(pk)}", lambda: _thread_query(None, pk) or False)
        if public:
            return public
    thread = _thread_query(user, pk)
    if thread is None:
        raise Http404(permissions.THREAD_NOT_FOUND)
    return thread


def _thread_query(user, pk: int) -> Thread | None:
    return (Thread.objects.visible_to(user).select_related("category", "author__profile", "duplicate_of")
            .filter(pk=pk).first())


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
    pieces: dict = field(default_factory=dict)
    answer_page: object = None  # a Page of answer ids, for includes/pagination.html
    answer_total: int = 0  # every answer the reader may see, on all pages
    panels: list = field(default_factory=list)
    actions: dict = field(default_factory=dict)
    footers: dict = field(default_factory=dict)  # (kind, pk) -> the post's footer of buttons, HTML
    banners: list = field(default_factory=list)


def thread_page(request, thread: Thread, *, page_number=None, answer_id=None) -> ThreadPage:
    """Everything the thread page shows, in a fixed number of queries however many answers.

    The posts' shared parts (marks, byline, body, tags) come rendered from forum.fragments, once
    per content version for every reader; the member's own state is one query (member_state)."""
    user = request.user
    state = member_state(user, thread) if user.is_authenticated else {}
    if visibility.thread_visible(None, thread) and not permissions.is_moderator(user) and not state.get("waiting_answers"):
        # The reader sees exactly what anyone sees: the page of answers kept per content version.
        answers, answer_page, total = pagecache.versioned(
            f"forum:answers:{thread.pk}:{page_number}:{answer_id}",
            lambda: _answers_page(None, thread, page_number=page_number, answer_id=answer_id))
        for answer in answers:
            answer.thread = thread
    else:
        answers, answer_page, total = _answers_page(user, thread, page_number=page_number, answer_id=answer_id)
    page = ThreadPage(thread=thread, answers=answers, answer_page=answer_page, answer_total=total)
    if state:
        page.kudoed_threads, page.kudoed_answers = state["kudoed_threads"], state["kudoed_answers"]
        page.said_me_too, page.follows = state["said_me_too"], state["follows"]
    page.pieces = fragments.thread_posts(thread, answers)
    for provider in extensions.thread_panels:
        page.panels.extend(provider(request, thread) or [])
    for provider in extensions.post_actions:
        for key, actions in (provider(request, thread, answers) or {}).items():
            page.actions.setdefault(key, []).extend(actions)
    page.footers = fragments.post_footers(request, page, thread, answers)
    page.banners = forum_banners(request, thread.category)
    return page


ANSWER_ORDER = ("-is_accepted", "-kudos_count", "created_at")


def _answers_page(user, thread: Thread, *, page_number=None, answer_id=None) -> tuple[list[Answer], object, int]:
    """(answers shown, a Page for includes/pagination.html, how many answers the reader may see):
    the accepted answer first on every page, then ANSWERS_PER_PAGE of the others by kudos and age.

    One query whatever the thread's size: each answer's place among the others and the totals are
    window functions, and only the page's rows (and the accepted one) come back. An answer's link
    (`answer_id`, no page number) first asks which page holds it (one query more), as does a page
    number past the end (the last page is shown, as Paginator.get_page does)."""
    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db.models import Case, Count, F, IntegerField, Sum, When, Window
    from django.db.models.functions import RowNumber

    per_page = settings.FORUM["ANSWERS_PER_PAGE"]
    order = [F("is_accepted").desc(), F("kudos_count").desc(), F("created_at").asc(), F("pk").asc()]
    ranked = visible_answers(user, thread).annotate(
        position=Window(RowNumber(), order_by=order),
        accepted=Window(Sum(Case(When(is_accepted=True, then=1), default=0, output_field=IntegerField()))),
        everyone=Window(Count("pk")),
    ).annotate(place=F("position") - F("accepted"))  # 0 for the accepted answer, 1… for the others
    answer_id = int(answer_id) if str(answer_id or "").isdigit() else None
    if answer_id and page_number is None:  # ?page wins: the pagination links keep ?answer
        others = list(visible_answers(user, thread).filter(is_accepted=False).order_by(*ANSWER_ORDER, "pk")
                      .values_list("pk", flat=True))
        if answer_id in others:
            page_number = others.index(answer_id) // per_page + 1
    number = int(page_number) if str(page_number or "").isdigit() and int(page_number) > 0 else 1

    def fetch(number: int) -> list[Answer]:
        places = [0, *range((number - 1) * per_page + 1, number * per_page + 1)]
        return list(ranked.filter(place__in=places).order_by("position"))

    answers = fetch(number)
    total = answers[0].everyone if answers else 0
    others_total = total - (answers[0].accepted if answers else 0)
    if number > 1 and not any(a.place for a in answers):  # past the end: the last page
        if not answers:
            others_total = visible_answers(user, thread).filter(is_accepted=False).count()
        number = max(1, -(-others_total // per_page))
        answers = fetch(number)
        total = answers[0].everyone if answers else 0
        others_total = total - (answers[0].accepted if answers else 0)
    for answer in answers:
        answer.thread = thread  # permission checks read answer.thread: no query per answer
    answer_page = Paginator(range(others_total), per_page).get_page(number)
    return answers, answer_page, total


def member_state(user, thread: Thread) -> dict:
    """The member's own marks on a thread page, in ONE query (a UNION, compiled once per process:
    config/web/prepared.py): the kudos they gave the thread and its answers, their "me too", whether
    they follow it, and whether answers of theirs wait for review there (only they see those, so
    their page of answers is not everyone's)."""
    state = {"kudoed_threads": set(), "kudoed_answers": set(), "said_me_too": False, "follows": False,
             "waiting_answers": False}
    for kind, thread_id, answer_id in prepared.values("forum:member-state", _member_state_query, user.pk, thread.pk):
        if kind == "kudo" and answer_id:
            state["kudoed_answers"].add(answer_id)
        elif kind == "kudo":
            state["kudoed_threads"].add(thread_id)
        elif kind == "me_too":
            state["said_me_too"] = True
        elif kind == "waiting":
            state["waiting_answers"] = True
        else:
            state["follows"] = True
    return state


def _member_state_query(user_id: int, thread_id: int):
    from django.db.models import CharField, IntegerField, Value

    def rows(queryset, kind: str, answer_field):
        answer = answer_field if isinstance(answer_field, str) else "no_answer"
        queryset = queryset.annotate(state=Value(kind, output_field=CharField()))
        if answer == "no_answer":
            queryset = queryset.annotate(no_answer=Value(None, output_field=IntegerField()))
        return queryset.values_list("state", "thread_id", answer).order_by()

    kudos = rows(Kudo.objects.filter(user_id=user_id).filter(Q(thread_id=thread_id) | Q(answer__thread_id=thread_id)),
                 "kudo", "answer_id")
    me_too = rows(MeToo.objects.filter(user_id=user_id, thread_id=thread_id), "me_too", None)
    follow = rows(Follow.objects.filter(user_id=user_id, thread_id=thread_id), "follow", None)
    waiting = rows(Answer.objects.filter(visibility.seen_only_by_author_q(user_id), thread_id=thread_id),
                   "waiting", "pk")
    return kudos.union(me_too, follow, waiting, all=True)


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


def profile_page(member, *, viewer, shared: bool) -> dict:
    """A profile's lists, counts and flair. What everyone but the member and the moderators sees
    (`shared`) is kept per content version (config/web/pagecache.py) and read without a query."""
    def compute() -> dict:
        return {"threads": list(member_threads(member, viewer=None if shared else viewer)[:10]),
                "answers": list(member_answers(member)[:10]), "stats": member_stats(member),
                "flair": author_flair({member.pk})}

    if not shared:
        return compute()
    return pagecache.versioned(f"forum:profile:{member.pk}", compute)


def member_answers(member) -> QuerySet[Answer]:
    return (
        Answer.objects.visible_to(None).filter(author=member)
        .select_related("thread").order_by("-created_at")
    )


def member_stats(member) -> dict:
    """Questions, answers, solutions and kudos received (one query)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    def per_member(queryset, expression):
        rows = queryset.filter(author=OuterRef("pk")).order_by().values("author").annotate(v=expression)
        return Coalesce(Subquery(rows.values("v")[:1]), 0, output_field=IntegerField())

    threads, answers = Thread.objects.public(), Answer.objects.public()
    row = get_user_model().objects.filter(pk=member.pk).values(
        questions=per_member(threads, Count("pk")), answers=per_member(answers, Count("pk")),
        solutions=per_member(answers.filter(is_accepted=True), Count("pk")),
        thread_kudos=per_member(threads, Sum("kudos_count")), answer_kudos=per_member(answers, Sum("kudos_count")),
    ).get()
    return {"questions": row["questions"], "answers": row["answers"], "solutions": row["solutions"],
            "kudos": row["thread_kudos"] + row["answer_kudos"]}


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
