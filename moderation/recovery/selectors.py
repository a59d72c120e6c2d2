"""Service recovery reads: the waiting queue, the dashboard, the inbox. Each costs a fixed number of queries."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core import signing
from django.db.models import Count, Q, Sum
from django.utils import timezone

from config.web.translated import in_visitor_language
from forum.models import Answer, Thread
from moderation import selectors as moderation_selectors
from moderation.recovery import clock
from moderation.recovery.models import (
    DEFAULT_FIRST_RESPONSE_MINUTES,
    Case,
    CaseEvent,
    Feedback,
    FollowUp,
    RecoveryReply,
    ResponsePolicy,
    StaffNote,
)

QUEUE_LIMIT = 200


@dataclass
class WaitingItem:
    thread: Thread
    case: Case | None
    due_at: object
    left: timedelta
    target_minutes: int

    @property
    def breached(self) -> bool:
        return self.left.total_seconds() < 0 or bool(self.case and self.case.breached)

    @property
    def left_minutes(self) -> int:
        return clock.minutes(self.left)

    @property
    def kind(self) -> str:
        return "case" if self.case else "question"


FOLLOW_UP_SALT = "moderation.recovery.follow-up"  # services.follow_up_token signs with it


def follow_up_from_token(token: str) -> FollowUp | None:
    """The follow-up a signed link names, or None for a link that was altered."""
    try:
        data = signing.loads(token, salt=FOLLOW_UP_SALT)
    except signing.BadSignature:
        return None
    return FollowUp.objects.select_related("case__thread", "case__owner").filter(pk=data.get("f")).first()


def _policies() -> dict[int, ResponsePolicy]:
    return {policy.category_id: policy for policy in ResponsePolicy.objects.all()}


def waiting_queue(*, team=None, category=None, owner=None, now=None) -> list[WaitingItem]:
    """Problems without a first staff answer and unanswered questions, least time left first.

    Queries: policies, cases, questions (and the team's categories when filtering by team).
    """
    now = now or timezone.now()
    policies = _policies()
    cases = (Case.objects.filter(first_response_at__isnull=True)
             .exclude(status__in=[Case.Status.RESOLVED, Case.Status.CLOSED])
             .filter(thread__deleted_at__isnull=True)
             .select_related("thread__category", "thread__author__profile", "owner__profile", "team"))
    questions = (Thread.objects.public().filter(kind=Thread.Kind.QUESTION, status=Thread.Status.OPEN,
                                                answer_count=0)
                 .select_related("category", "author__profile"))
    if team is not None:
        category_ids = list(team.categories.values_list("pk", flat=True))
        cases = cases.filter(Q(team=team) | Q(thread__category_id__in=category_ids))
        questions = questions.filter(category_id__in=category_ids)
    if category is not None:
        cases = cases.filter(thread__category=category)
        questions = questions.filter(category=category)
    if owner is not None:
        cases = cases.filter(owner=owner)
        questions = questions.none()
    items = []
    for case in cases.order_by("due_at")[:QUEUE_LIMIT]:
        hours = clock.hours_for(policies.get(case.thread.category_id))
        items.append(WaitingItem(thread=case.thread, case=case, due_at=case.due_at,
                                 left=clock.time_left(case.due_at, hours, now), target_minutes=case.target_minutes))
    if owner is None:
        for thread in questions.order_by("created_at")[:QUEUE_LIMIT]:
            policy = policies.get(thread.category_id)
            minutes = policy.first_response_minutes if policy else DEFAULT_FIRST_RESPONSE_MINUTES
            hours = clock.hours_for(policy)
            due_at = clock.deadline(thread.created_at, minutes, hours)
            items.append(WaitingItem(thread=thread, case=None, due_at=due_at,
                                     left=clock.time_left(due_at, hours, now), target_minutes=minutes))
    items.sort(key=lambda item: item.left)
    return items


def case_detail(pk: int) -> Case:
    return Case.objects.select_related("thread__category", "thread__author__profile", "owner__profile",
                                       "team").get(pk=pk)


@dataclass(frozen=True)
class CaseClock:
    """The response target as the case page says it: one clock, named when it counts business hours."""

    business_hours: bool
    left_minutes: int | None  # until the first answer is due; negative when overdue; None once answered
    taken_minutes: int | None  # clock time from opening to the first staff answer
    counted_minutes: int | None  # the same, as the target counts it (business hours only, when on)


def policy_for(category) -> ResponsePolicy | None:
    """The response-time policy of a category (None: the defaults)."""
    return ResponsePolicy.objects.filter(category=category).first()


def case_clock(case: Case, now=None) -> CaseClock:
    hours = clock.hours_for(policy_for(case.thread.category_id))
    left = None
    if case.first_response_at is None and case.status not in (Case.Status.RESOLVED, Case.Status.CLOSED):
        left = clock.minutes(clock.time_left(case.due_at, hours, now or timezone.now()))
    taken = clock.minutes(case.first_response_at - case.created_at) if case.first_response_at else None
    return CaseClock(business_hours=hours is not None, left_minutes=left, taken_minutes=taken,
                     counted_minutes=case.first_response_minutes)


def case_events(case: Case):
    return CaseEvent.objects.filter(case=case).select_related("actor__profile", "from_user__profile",
                                                              "to_user__profile")


def thread_answers(thread: Thread):
    return (Answer.objects.alive().filter(thread=thread).select_related("author__profile", "recovery_reply")
            .order_by("created_at"))


def staff_notes(thread: Thread):
    return StaffNote.objects.filter(thread=thread, deleted_at__isnull=True).select_related("author__profile")


# Dashboard


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile (median with 0.5); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class Stats:
    label: str
    cases: int = 0
    responded: list[int] = field(default_factory=list)
    within_target: int = 0
    breaches: int = 0
    solved: int = 0
    follow_ups_yes: int = 0
    follow_ups_answered: int = 0
    gestures: int = 0
    gesture_totals: dict = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def median_minutes(self):
        return median(self.responded)

    @property
    def p90_minutes(self):
        return percentile(self.responded, 0.9)

    @property
    def judged(self) -> int:
        """Cases whose target is settled: answered, or missed without an answer yet."""
        return len(self.responded) + (self.breaches - (len(self.responded) - self.within_target))

    @property
    def within_target_share(self):
        return round(100 * self.within_target / self.judged) if self.judged else None

    @property
    def solved_rate(self):
        return round(100 * self.solved / self.cases) if self.cases else None

    @property
    def satisfaction(self):
        return round(100 * self.follow_ups_yes / self.follow_ups_answered) if self.follow_ups_answered else None

    @property
    def gesture_value(self) -> list[tuple[str, Decimal]]:
        return sorted(self.gesture_totals.items())


def flag_backlog() -> int:
    """Posts waiting in the review queue, counted by the selector that fills that queue (each
    reported post once, however many members reported it; posts held for review too)."""
    return moderation_selectors.review_queue_size()


def verification_backlog() -> int:
    """Answers waiting in the verification queue, counted by that queue's own selector."""
    return moderation_selectors.verification_queue().count()


def dashboard(*, start, end) -> dict:
    """Service numbers for cases opened between start and end: overall, per category, per team and per
    week (`weeks`: (Monday, Stats) for every week the period touches)."""
    # Category and team names in the reader's language (their English and Dutch columns).
    rows = list(Case.objects.filter(created_at__gte=start, created_at__lt=end).values(
        "pk", "created_at", "status", "breached", "first_response_minutes", "thread__category_id",
        "team_id", category_name=in_visitor_language("thread__category__name"),
        team_name=in_visitor_language("team__name")))
    follow_ups = list(FollowUp.objects.filter(case__created_at__gte=start, case__created_at__lt=end,
                                              answered_at__isnull=False).values("case_id", "all_good"))
    gestures = list(RecoveryReply.objects.filter(created_at__gte=start, created_at__lt=end)
                    .exclude(gesture_kind="").values("case_id", "case__thread__category_id", "case__team_id",
                                                     "gesture_kind", "gesture_currency",
                                                     category_name=in_visitor_language("case__thread__category__name"),
                                                     team_name=in_visitor_language("case__team__name"))
                    .annotate(n=Count("pk"), total=Sum("gesture_value")))
    total = Stats(label="")
    by_category: dict = {}
    by_team: dict = {}
    case_groups: dict = {}
    # Every week of the period, empty ones too, so the trend line does not skip a quiet week.
    first_week, last_week = week_of(start), week_of(end - timedelta(microseconds=1))
    by_week = {first_week + timedelta(weeks=n): Stats(label="")
               for n in range((last_week - first_week).days // 7 + 1)}

    def groups_for(category_id, category_name, team_id, team_name):
        found = [total, by_category.setdefault(category_id, Stats(label=category_name or "—"))]
        if team_id:
            found.append(by_team.setdefault(team_id, Stats(label=team_name)))
        return found

    for row in rows:
        targets = groups_for(row["thread__category_id"], row["category_name"], row["team_id"], row["team_name"])
        targets.append(by_week.setdefault(week_of(row["created_at"]), Stats(label="")))
        case_groups[row["pk"]] = targets
        for stats in targets:
            stats.cases += 1
            if row["first_response_minutes"] is not None:
                stats.responded.append(row["first_response_minutes"])
                if not row["breached"]:
                    stats.within_target += 1
            if row["breached"]:
                stats.breaches += 1
            if row["status"] in (Case.Status.RESOLVED, Case.Status.CLOSED):
                stats.solved += 1
    for follow_up in follow_ups:
        for stats in case_groups.get(follow_up["case_id"], []):
            stats.follow_ups_answered += 1
            stats.follow_ups_yes += 1 if follow_up["all_good"] else 0
    gesture_kinds: dict = defaultdict(lambda: {"count": 0, "totals": defaultdict(Decimal)})
    for gesture in gestures:
        targets = groups_for(gesture["case__thread__category_id"], gesture["category_name"],
                             gesture["case__team_id"], gesture["team_name"])
        for stats in targets:
            stats.gestures += gesture["n"]
            stats.gesture_totals[gesture["gesture_currency"]] += gesture["total"] or Decimal(0)
        kind = gesture_kinds[gesture["gesture_kind"]]
        kind["count"] += gesture["n"]
        kind["totals"][gesture["gesture_currency"]] += gesture["total"] or Decimal(0)
    categories = sorted(by_category.values(), key=lambda stats: stats.label)
    teams = sorted(by_team.values(), key=lambda stats: stats.label)
    weeks = sorted(by_week.items())
    return {
        "total": total,
        "categories": categories,
        "teams": teams,
        "verification_backlog": verification_backlog(),
        "flag_backlog": flag_backlog(),
        "gesture_kinds": {kind: {"count": data["count"], "totals": sorted(data["totals"].items())}
                          for kind, data in gesture_kinds.items()},
        "weeks": weeks,
    }


def week_of(moment) -> date:
    """The Monday (in the site's time zone) of the week a moment falls in: the dashboard's trend unit."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def feedback_inbox(*, kind: str = "", team=None, handled: str = "open"):
    queryset = Feedback.objects.select_related("team", "author__profile", "category", "handled_by__profile",
                                               "thread")
    if kind:
        queryset = queryset.filter(kind=kind)
    if team is not None:
        queryset = queryset.filter(team=team)
    if handled == "open":
        queryset = queryset.filter(handled_at__isnull=True)
    elif handled == "handled":
        queryset = queryset.filter(handled_at__isnull=False)
    return queryset
