"""Moderation reads: every queue and page gets its rows here, with a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils import timezone

from forum.models import Answer, Category, Thread
from moderation import audit, conf
from moderation.models import AuditEntry, Flag, Suspension
from moderation.services import Action

User = get_user_model()


# Verification


def verification_queue() -> QuerySet[Answer]:
    """Accepted, unverified answers every reader sees (forum's visibility rule); most-read threads first."""
    return (
        Answer.objects.visible_to(None)
        .filter(is_accepted=True, verified_at__isnull=True)
        .select_related("thread__category", "author__profile")
        .order_by("-thread__view_count", "accepted_at", "pk")
    )


def waiting_for_asker_queue() -> QuerySet[Answer]:
    """Answers in threads whose asker accepted nothing after N days: a moderator may accept for them."""
    cutoff = timezone.now() - timezone.timedelta(days=conf.get("VERIFY_ON_BEHALF_AFTER_DAYS"))
    accepted = Answer.objects.filter(thread=OuterRef("thread"), is_accepted=True)
    return (
        Answer.objects.visible_to(None)
        .filter(thread__created_at__lte=cutoff,
                thread__kind__in=[Thread.Kind.QUESTION, Thread.Kind.PROBLEM])
        .exclude(thread__status__in=[Thread.Status.CLOSED, Thread.Status.LOCKED])
        .filter(~Exists(accepted))
        .select_related("thread__category", "author__profile")
        .order_by("-thread__view_count", "thread_id", "-kudos_count", "created_at")
    )


# Review queue: reports grouped by post, and posts held for review


@dataclass
class ReviewItem:
    kind: str  # "thread" or "answer"
    post: object
    flags: list = field(default_factory=list)
    weight: int = 0

    @property
    def thread(self):
        return self.post.thread if self.kind == "answer" else self.post

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.post.pk}"

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for flag in self.flags:
            label = str(flag.get_reason_display())
            counts[label] = counts.get(label, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def open_flag_groups() -> QuerySet:
    """One row per reported post (not deleted): thread_id/answer_id, total weight, count, first report."""
    return (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .filter(Q(thread__isnull=False, thread__deleted_at__isnull=True)
                | Q(answer__isnull=False, answer__deleted_at__isnull=True))
        .values("thread_id", "answer_id")
        .annotate(total_weight=Sum("weight"), reports=Count("id"), first_at=Min("created_at"))
        .order_by("-total_weight", "first_at", "thread_id", "answer_id")
    )


def review_page(page_number, *, per_page: int | None = None):
    """A page of reported posts with their reports, flaggers' accuracy and the posts themselves."""
    paginator = Paginator(open_flag_groups(), per_page or conf.get("PAGE_SIZE"))
    page = paginator.get_page(page_number)
    groups = list(page.object_list)
    thread_ids = [g["thread_id"] for g in groups if g["thread_id"]]
    answer_ids = [g["answer_id"] for g in groups if g["answer_id"]]
    threads = Thread.objects.select_related("category", "author__profile").in_bulk(thread_ids) if thread_ids else {}
    answers = (Answer.objects.select_related("thread__category", "author__profile").in_bulk(answer_ids)
               if answer_ids else {})
    flags = []
    if groups:
        flags = list(
            Flag.objects.filter(status=Flag.Status.OPEN)
            .filter(Q(thread_id__in=thread_ids) | Q(answer_id__in=answer_ids))
            .select_related("flagger__profile")
        )
    accuracy = flagger_accuracy({f.flagger_id for f in flags}) if flags else {}
    items = []
    for group in groups:
        if group["thread_id"]:
            item = ReviewItem("thread", threads[group["thread_id"]], weight=group["total_weight"])
        else:
            item = ReviewItem("answer", answers[group["answer_id"]], weight=group["total_weight"])
        items.append(item)
    by_key = {item.key: item for item in items}
    for flag in flags:
        flag.accuracy = accuracy.get(flag.flagger_id)
        key = f"answer-{flag.answer_id}" if flag.answer_id else f"thread-{flag.thread_id}"
        if key in by_key:
            by_key[key].flags.append(flag)
    page.items = items
    return page


def pending_posts(*, limit: int = 50) -> list[ReviewItem]:
    """Posts held for review (pre-moderation), oldest first. Two queries."""
    threads = (Thread.objects.filter(is_pending_review=True, deleted_at__isnull=True)
               .select_related("category", "author__profile").order_by("created_at")[:limit])
    answers = (Answer.objects.filter(is_pending_review=True, deleted_at__isnull=True)
               .select_related("thread__category", "author__profile").order_by("created_at")[:limit])
    items = [ReviewItem("thread", t) for t in threads] + [ReviewItem("answer", a) for a in answers]
    return sorted(items, key=lambda item: item.post.created_at)


def review_queue_size() -> int:
    """Reported posts plus posts held for review, each post once: ONE query."""
    keys = []
    flagged = Flag.objects.filter(status=Flag.Status.OPEN)
    keys.append(flagged.filter(thread__isnull=False, thread__deleted_at__isnull=True)
                .annotate(post_type=Value(1, output_field=IntegerField())).values("post_type", "thread_id").order_by())
    keys.append(flagged.filter(answer__isnull=False, answer__deleted_at__isnull=True)
                .annotate(post_type=Value(2, output_field=IntegerField())).values("post_type", "answer_id").order_by())
    keys.append(Thread.objects.filter(is_pending_review=True, deleted_at__isnull=True)
                .annotate(post_type=Value(1, output_field=IntegerField())).values("post_type", "id").order_by())
    keys.append(Answer.objects.filter(is_pending_review=True, deleted_at__isnull=True)
                .annotate(post_type=Value(2, output_field=IntegerField())).values("post_type", "id").order_by())
    return keys[0].union(*keys[1:]).count()


def flagger_accuracy(user_ids) -> dict[int, dict]:
    """{user_id: {"helpful": n, "dismissed": n, "share": percent or None}} in one query."""
    rows = (Flag.objects.filter(flagger_id__in=user_ids)
            .values("flagger_id")
            .annotate(helpful=Count("id", filter=Q(status=Flag.Status.HELPFUL)),
                      dismissed=Count("id", filter=Q(status=Flag.Status.DISMISSED))))
    result = {}
    for row in rows:
        decided = row["helpful"] + row["dismissed"]
        result[row["flagger_id"]] = {
            "helpful": row["helpful"], "dismissed": row["dismissed"],
            "share": round(100 * row["helpful"] / decided) if decided else None,
        }
    return result


def queue_counts() -> dict:
    """The moderator home's numbers."""
    now = timezone.now()
    return {
        "verification": verification_queue().count(),
        "waiting_for_asker": waiting_for_asker_queue().values("thread_id").distinct().count(),
        "review": review_queue_size(),
        "suspended": Suspension.objects.filter(lifted_at__isnull=True, until__gt=now)
        .values("member_id").distinct().count(),
    }


# Audit log


def audit_log(*, actor: str = "", member: str = "", thread: int | None = None, action: str = "") -> QuerySet:
    entries = AuditEntry.objects.select_related("actor__profile", "member__profile", "thread")
    if actor:
        entries = entries.filter(actor__username=actor)
    if member:
        entries = entries.filter(member__username=member)
    if thread:
        entries = entries.filter(thread_id=thread)
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-created_at", "-pk")


def audit_lines(entries) -> list[audit.AuditLine]:
    """A page of entries as the log reads them (moderation.audit): the members, threads and
    categories their before/after point at are fetched in at most one query per kind, whatever
    the number of entries."""
    entries = list(entries)
    wanted = audit.references(entries)
    names: dict[str, dict] = {}
    if wanted["user"]:
        names["user"] = {user.pk: user.profile.name if hasattr(user, "profile") else user.get_username()
                         for user in User.objects.filter(pk__in=wanted["user"]).select_related("profile")}
    if wanted["thread"]:
        names["thread"] = {thread.pk: thread for thread in
                           Thread.objects.filter(pk__in=wanted["thread"]).only("pk", "title", "slug")}
    if wanted["category"]:
        names["category"] = {category.pk: category.name for category in Category.objects.filter(pk__in=wanted["category"])}
    return [audit.describe(entry, names, Action.LABELS) for entry in entries]


def moderators() -> QuerySet:
    return (User.objects.filter(Q(groups__permissions__codename="moderate", groups__permissions__content_type__app_label="forum")
                                | Q(user_permissions__codename="moderate") | Q(is_superuser=True))
            .filter(is_active=True).select_related("profile").distinct().order_by("username"))


def action_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, label in Action.LABELS.items()]


# Members


def member_history(member) -> dict:
    """Everything moderation knows of a member, in a fixed number of queries."""
    made = list(Flag.objects.filter(flagger=member).select_related("thread", "answer__thread")
                .order_by("-created_at")[:50])
    received = list(Flag.objects.filter(post_author=member).select_related("flagger__profile", "thread", "answer__thread")
                    .order_by("-created_at")[:50])
    return {
        "flags_made": made,
        "flags_received": received,
        "accuracy": flagger_accuracy([member.pk]).get(member.pk),
        "warnings": list(AuditEntry.objects.filter(member=member, action=Action.WARN)
                         .select_related("actor__profile", "thread").order_by("-created_at")[:50]),
        "suspensions": list(Suspension.objects.filter(member=member).select_related("by__profile", "lifted_by__profile")
                            .order_by("-starts_at")[:50]),
        "entries": audit_lines(AuditEntry.objects.filter(member=member)
                               .select_related("actor__profile", "member__profile", "thread")
                               .order_by("-created_at")[:50]),
    }


SUSPENDED_UNTIL = "moderation_suspended_until"  # the member annotation (config.registry)


def suspension_annotation():
    """When the member's last suspension not lifted ends (None: there is none), read with the member
    for the request (config/web/auth.py): most members have none or an ended one, and then
    current_suspension asks nothing. The end, not "in force now": the member's query is compiled
    once (config/web/prepared.py), so it carries no time; the time is compared in Python."""
    ends = (Suspension.objects.filter(member=OuterRef("pk"), lifted_at__isnull=True)
            .order_by("-until").values("until")[:1])
    return Subquery(ends)


def current_suspension(member) -> Suspension | None:
    """The suspension in force (memoised on the user object for the rest of the request)."""
    if "_moderation_suspension" not in member.__dict__:
        ends = getattr(member, SUSPENDED_UNTIL, False)  # False: not loaded with the member
        if ends is None or (ends is not False and ends <= timezone.now()):  # none in force: no query
            member.__dict__["_moderation_suspension"] = None
        else:
            member.__dict__["_moderation_suspension"] = (
                Suspension.objects.filter(member=member, lifted_at__isnull=True, until__gt=timezone.now())
                .order_by("-until").first()
            )
    return member.__dict__["_moderation_suspension"]
