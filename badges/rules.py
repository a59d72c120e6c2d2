"""The library of badge rules: small named queries.

A rule answers, for a set of members (or everyone, when backfilling), which "sources" each member
qualifies for: {member_id: {source: (thread_id, answer_id)}}. A repeatable badge is held once per
source ("answer:12", "thread:7"); a once-only badge is held when the member has any source at all.
Each rule costs a fixed number of queries however many members it is asked about, and says which
events can change its answer so the awarding task evaluates only those.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from forum.models import Answer, Kudo, Profile, Thread

Result = dict[int, dict[str, tuple[int | None, int | None]]]

POST_EVENTS = {"post_deleted", "post_restored"}
KUDO_EVENTS = {"kudo_given", "kudo_withdrawn"}
ACCEPT_EVENTS = {"answer_accepted", "answer_unaccepted"}
VERIFY_EVENTS = {"answer_verified", "answer_unverified"}
ANY_EVENT = "*"


@dataclass(frozen=True)
class Rule:
    slug: str
    label: str
    help: str
    query: Callable[[dict, set[int] | None], Result]
    events: frozenset[str]
    defaults: dict = field(default_factory=dict)
    per_post: bool = False

    def params(self, badge_parameters: dict | None) -> dict:
        merged = dict(self.defaults)
        merged.update(badge_parameters or {})
        return merged

    def evaluate(self, badge_parameters: dict | None, member_ids: Iterable[int] | None) -> Result:
        ids = None if member_ids is None else set(member_ids)
        if ids is not None and not ids:
            return {}
        return self.query(self.params(badge_parameters), ids)


RULES: dict[str, Rule] = {}


def rule(slug: str, label, help_text, *, events: Iterable[str], defaults: dict | None = None,
         per_post: bool = False):
    def decorate(function):
        RULES[slug] = Rule(slug=slug, label=label, help=help_text, query=function,
                           events=frozenset(events), defaults=defaults or {}, per_post=per_post)
        return function

    return decorate


def choices() -> list[tuple[str, str]]:
    return [(slug, r.label) for slug, r in RULES.items()]


def _only(queryset, field_name: str, member_ids: set[int] | None):
    return queryset if member_ids is None else queryset.filter(**{f"{field_name}__in": member_ids})


def _collect(rows, *, member="author_id", source_prefix="answer", thread="thread_id", answer="id") -> Result:
    result: Result = defaultdict(dict)
    for row in rows:
        answer_id = row.get(answer) if answer else None
        thread_id = row.get(thread) if thread else None
        key = f"{source_prefix}:{row[answer] if source_prefix == 'answer' else row[thread]}"
        result[row[member]][key] = (thread_id, answer_id)
    return dict(result)


def _alive_answers():
    return Answer.objects.filter(deleted_at__isnull=True, thread__deleted_at__isnull=True)


def _counted(result: Result, count: int) -> Result:
    """Once-only count rules: qualify with the count-th source (a stable, meaningful source)."""
    return {member: sources for member, sources in result.items() if len(sources) >= count}


# Asking and answering


@rule("questions_asked", _("Questions asked"), _("Asked at least `count` questions (kind: question)."),
      events={"question_asked"} | POST_EVENTS, defaults={"count": 1})
def questions_asked(params, member_ids):
    rows = _only(Thread.objects.filter(deleted_at__isnull=True, kind=Thread.Kind.QUESTION), "author_id", member_ids)
    result = _collect(rows.values("id", "author_id"), source_prefix="thread", thread="id", answer=None)
    return _counted(result, params["count"])


@rule("answers_posted", _("Answers posted"), _("Posted at least `count` answers."),
      events={"answer_posted"} | POST_EVENTS, defaults={"count": 1})
def answers_posted(params, member_ids):
    rows = _only(_alive_answers(), "author_id", member_ids).values("id", "author_id", "thread_id")
    return _counted(_collect(rows), params["count"])


@rule("accepted_answers", _("Accepted answers"), _("At least `count` of their answers were accepted."),
      events=ACCEPT_EVENTS | POST_EVENTS, defaults={"count": 1})
def accepted_answers(params, member_ids):
    rows = _only(_alive_answers().filter(is_accepted=True), "author_id", member_ids)
    rows = rows.exclude(author_id=F("thread__author_id")).values("id", "author_id", "thread_id")
    return _counted(_collect(rows), params["count"])


@rule("verified_answers", _("Verified answers"), _("At least `count` of their answers were verified by a moderator."),
      events=VERIFY_EVENTS | ACCEPT_EVENTS | POST_EVENTS, defaults={"count": 1})
def verified_answers(params, member_ids):
    rows = _only(_alive_answers().filter(verified_at__isnull=False), "author_id", member_ids)
    return _counted(_collect(rows.values("id", "author_id", "thread_id")), params["count"])


# Kudos


@rule("answer_kudos", _("Answer with kudos"), _("An answer received at least `count` kudos (per answer)."),
      events=KUDO_EVENTS | POST_EVENTS, defaults={"count": 10}, per_post=True)
def answer_kudos(params, member_ids):
    rows = _only(_alive_answers().filter(kudos_count__gte=params["count"]), "author_id", member_ids)
    return _collect(rows.values("id", "author_id", "thread_id"))


@rule("kudos_received", _("Kudos received"), _("Received at least `count` kudos on their posts in total."),
      events=KUDO_EVENTS | POST_EVENTS, defaults={"count": 25})
def kudos_received(params, member_ids):
    totals: dict[int, int] = defaultdict(int)
    for model in (Thread.objects.filter(deleted_at__isnull=True), _alive_answers()):
        rows = _only(model.filter(kudos_count__gt=0), "author_id", member_ids)
        for row in rows.values("author_id").annotate(kudos=Sum("kudos_count")):
            totals[row["author_id"]] += row["kudos"]
    return {member: {"": (None, None)} for member, total in totals.items() if total >= params["count"]}


# Speed and persistence


@rule("fast_responder", _("Fast responder"),
      _("Gave the first answer to someone else's thread within `minutes` minutes (per thread)."),
      events={"answer_posted"} | POST_EVENTS, defaults={"minutes": 60}, per_post=True)
def fast_responder(params, member_ids):
    first = (Answer.objects.filter(thread=OuterRef("thread_id"), deleted_at__isnull=True)
             .order_by("created_at", "id").values("id")[:1])
    rows = _alive_answers().annotate(first_id=Subquery(first)).filter(id=F("first_id")).exclude(
        author_id=F("thread__author_id"))
    rows = rows.annotate(delay=ExpressionWrapper(F("created_at") - F("thread__created_at"),
                                                 output_field=DurationField()))
    rows = _only(rows.filter(delay__lte=timedelta(minutes=params["minutes"])), "author_id", member_ids)
    return _collect(rows.values("id", "author_id", "thread_id"))


@rule("revival", _("Revival"),
      _("Their answer was accepted on a thread that had gone unanswered for `days` days or more."),
      events=ACCEPT_EVENTS | POST_EVENTS, defaults={"days": 30})
def revival(params, member_ids):
    earlier = Answer.objects.filter(thread=OuterRef("thread_id"), created_at__lt=OuterRef("created_at"),
                                    deleted_at__isnull=True).values("thread_id").annotate(n=Count("id")).values("n")
    rows = _alive_answers().filter(is_accepted=True).exclude(author_id=F("thread__author_id"))
    rows = rows.annotate(delay=ExpressionWrapper(F("created_at") - F("thread__created_at"),
                                                 output_field=DurationField()),
                         earlier=Subquery(earlier))
    rows = rows.filter(delay__gte=timedelta(days=params["days"]), earlier__isnull=True)
    return _collect(_only(rows, "author_id", member_ids).values("id", "author_id", "thread_id"))


@rule("streak", _("Streak"),
      _("Active (asked, answered or gave kudos) on `days` days in a row."),
      events={"question_asked", "answer_posted", "kudo_given"}, defaults={"days": 7})
def streak(params, member_ids):
    days: dict[int, set] = defaultdict(set)
    sources = (
        (_only(Thread.objects.all(), "author_id", member_ids), "author_id"),
        (_only(Answer.objects.all(), "author_id", member_ids), "author_id"),
        (_only(Kudo.objects.all(), "user_id", member_ids), "user_id"),
    )
    # The database turns moments into local days and drops repeats: reading every post's and
    # kudo's moment into Python took minutes for the backfill at a million posts.
    for queryset, member_field in sources:
        for member_id, day in queryset.annotate(day=TruncDate("created_at")).values_list(member_field, "day").distinct():
            days[member_id].add(day)
    needed = params["days"]
    result: Result = {}
    for member_id, active in days.items():
        if _longest_run(active) >= needed:
            result[member_id] = {"": (None, None)}
    return result


def _longest_run(days: set) -> int:
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


# Compliments, profiles, good questions


@rule("compliments_given", _("Compliments given"), _("Posted at least `count` compliments."),
      events={"question_asked"} | POST_EVENTS, defaults={"count": 1})
def compliments_given(params, member_ids):
    rows = _only(Thread.objects.filter(deleted_at__isnull=True, kind=Thread.Kind.COMPLIMENT), "author_id", member_ids)
    result = _collect(rows.values("id", "author_id"), source_prefix="thread", thread="id", answer=None)
    return _counted(result, params["count"])


@rule("compliments_received", _("Compliments received"),
      _("Named with @username in at least `count` compliments by others."),
      events={"question_asked"} | POST_EVENTS, defaults={"count": 1})
def compliments_received(params, member_ids):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.all()
    if member_ids is not None:
        users = users.filter(pk__in=member_ids)
    names = {name.lower(): pk for name, pk in users.values_list("username", "pk")}
    if not names:
        return {}
    compliments = Thread.objects.filter(deleted_at__isnull=True, kind=Thread.Kind.COMPLIMENT, body__contains="@")
    if len(names) <= MENTION_FILTER_LIMIT:
        # A few members (an event): ask the database for their mentions only.
        mention = Q()
        for username in names:
            mention |= Q(body__icontains=f"@{username}")
        compliments = compliments.filter(mention)
    # Everyone (a backfill): one scan of the compliments, not one LIKE per member (25k members made
    # a statement that ran for minutes). The match is the same: "@" + the username, case-insensitive,
    # anywhere in the body, so each run of name characters after an "@" is looked up prefix by prefix.
    longest = max(len(name) for name in names)
    result: Result = defaultdict(dict)
    for thread_id, author_id, body in compliments.values_list("id", "author_id", "body"):
        lowered = body.lower()
        for at in (m.start() for m in re.finditer("@", lowered)):
            run = _NAME_RUN.match(lowered, at + 1)
            handle = run.group(0)[:longest] if run else ""
            for end in range(1, len(handle) + 1):
                member_id = names.get(handle[:end])
                if member_id is not None and member_id != author_id:
                    result[member_id][f"thread:{thread_id}"] = (thread_id, None)
    return _counted(dict(result), params["count"])


MENTION_FILTER_LIMIT = 200
_NAME_RUN = re.compile(r"[\w.@+-]+")


@rule("profile_completed", _("Profile completed"), _("Has a display name, a photo and a bio."),
      events={ANY_EVENT})
def profile_completed(params, member_ids):
    rows = _only(Profile.objects.exclude(display_name="").exclude(bio="").exclude(avatar=""), "user_id", member_ids)
    return {user_id: {"": (None, None)} for user_id in rows.values_list("user_id", flat=True)}


@rule("good_question", _("Good question"), _("A question that at least `count` members also had (per question)."),
      events={"me_too_added", "me_too_withdrawn"} | POST_EVENTS, defaults={"count": 5}, per_post=True)
def good_question(params, member_ids):
    rows = Thread.objects.filter(deleted_at__isnull=True, me_too_count__gte=params["count"],
                                 kind__in=[Thread.Kind.QUESTION, Thread.Kind.PROBLEM])
    rows = _only(rows, "author_id", member_ids)
    return _collect(rows.values("id", "author_id"), source_prefix="thread", thread="id", answer=None)


@rule("manual", _("Granted by staff"), _("Never awarded automatically: staff grant it with a reason."),
      events=set())
def manual(params, member_ids):
    return {}
