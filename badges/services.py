"""Badges writes: the reputation ledger, standings and ranks, badge awarding, grants and art.

Receivers of forum and moderation signals call these inside the event's transaction. The ledger
is reconciled per thread: the entries a thread's source rows call for (kudos, acceptance,
verification) are compared with the entries written so far, and the difference is written as
credits or reversals. That makes every event handler idempotent and the same code rebuilds.

Locking: ledger writes for a member take a row lock on the member's Standing (sorted by id, so
two events never wait on each other in opposite orders) before reading any source row.
"""

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from badges import periods, rules, selectors
from badges.models import (
    Award,
    Badge,
    BadgeLog,
    Rank,
    ReputationEntry,
    ReputationSettings,
    Standing,
)
from forum.models import Answer, Kudo, Profile, Thread

logger = logging.getLogger(__name__)
User = get_user_model()
R = ReputationEntry.Reason

UNDO = {
    R.KUDO: R.KUDO_UNDONE,
    R.ACCEPTED: R.ACCEPTED_UNDONE,
    R.ASKER_ACCEPTED: R.ASKER_ACCEPTED_UNDONE,
    R.VERIFIED: R.VERIFIED_UNDONE,
}
BASE = {undo: base for base, undo in UNDO.items()}

ALREADY_HELD = _("This member already holds this badge.")
NOT_HELD = _("This member does not hold this badge.")
REASON_REQUIRED = _("Please give a reason.")
UNKNOWN_RULE = _("Choose one of the rules in the list.")
BAD_PARAMETERS = _("Rule parameters must be a JSON object of whole numbers, e.g. {\"count\": 10}.")

SETTINGS_CACHE_KEY = "badges:settings:v1"


# Settings and ranks (cached; administrators change them through the admin, which clears the cache)


def reputation_settings() -> ReputationSettings:
    found = cache.get(SETTINGS_CACHE_KEY)
    if found is None:
        found, _created = ReputationSettings.objects.get_or_create(pk=1)
        cache.set(SETTINGS_CACHE_KEY, found, 300)
    return found


def settings_save(*, instance: ReputationSettings) -> ReputationSettings:
    instance.pk = 1
    instance.save()
    cache.delete(SETTINGS_CACHE_KEY)
    return instance


def ranks_changed() -> None:
    cache.delete(selectors.RANKS_CACHE_KEY)


def rank_for(total: int, ranks: list[Rank] | None = None) -> Rank | None:
    current = None
    for rank in ranks if ranks is not None else selectors.member_ranks():
        if rank.threshold is not None and total >= rank.threshold:
            current = rank
    return current


def _apply_rank(standing: Standing) -> None:
    """Move the member into the group of the rank their total reaches (and out of the others)."""
    ranks = selectors.member_ranks()
    rank = rank_for(standing.total, ranks)
    if rank is None:
        return
    if standing.rank_id == rank.pk:
        return
    member_group = User.groups.through
    other_groups = [r.group_id for r in ranks if r.pk != rank.pk]
    member_group.objects.filter(user_id=standing.member_id, group_id__in=other_groups).delete()
    member_group.objects.get_or_create(user_id=standing.member_id, group_id=rank.group_id)
    standing.rank = rank
    Standing.objects.filter(pk=standing.pk).update(rank=rank)
    # Django caches permissions on the user object; a fresh request sees the new group.


def standing_for(user) -> Standing:
    """The member's standing, created (with the Newcomer rank and group) on first need."""
    standing = Standing.objects.filter(member_id=user.pk).first()
    if standing is None:
        try:
            with transaction.atomic():
                standing = Standing.objects.create(member_id=user.pk)
        except IntegrityError:
            standing = Standing.objects.get(member_id=user.pk)
        _apply_rank(standing)
    return standing


def _lock_standings(member_ids: Iterable[int]) -> dict[int, Standing]:
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    existing = set(Standing.objects.filter(member_id__in=ids).values_list("member_id", flat=True))
    missing = [i for i in ids if i not in existing]
    if missing:
        Standing.objects.bulk_create([Standing(member_id=i) for i in missing], ignore_conflicts=True)
    locked = {s.member_id: s for s in Standing.objects.select_for_update().filter(member_id__in=ids).order_by("pk")}
    for member_id in missing:
        _apply_rank(locked[member_id])
    return locked


# The ledger


@dataclass(frozen=True)
class Want:
    """One ledger credit the source rows call for."""

    member_id: int
    reason: str
    source: str
    points: int
    occurred_at: datetime
    thread_id: int | None
    answer_id: int | None
    kudo: bool = False


def _desired(thread: dict | None, answers: list[dict], kudos: list[dict], config: ReputationSettings) -> dict:
    """What a thread's source rows are worth: {(member, reason, source): Want}."""
    wants: dict[tuple, Want] = {}
    # A post deleted or hidden by moderation earns nothing (and a hidden thread nothing for any of
    # its answers); shown again, it is worth what it was: the ledger reverses and re-credits.
    if thread is None or thread["deleted_at"] is not None or thread["is_hidden"]:
        return wants
    alive = {a["id"]: a for a in answers if a["deleted_at"] is None and not a["is_hidden"]}
    for kudo in kudos:
        if kudo["answer_id"]:
            post = alive.get(kudo["answer_id"])
            points = config.kudo_on_answer
        else:
            post = thread
            points = config.kudo_on_question
        if post is None or post["author_id"] == kudo["user_id"] or points <= 0:
            continue
        want = Want(post["author_id"], R.KUDO, f"kudo:{kudo['id']}", points, kudo["created_at"], thread["id"],
                    kudo["answer_id"], kudo=True)
        wants[(want.member_id, want.reason, want.source)] = want
    for answer in alive.values():
        if not answer["is_accepted"] or answer["author_id"] == thread["author_id"]:
            continue
        source = f"accept:{answer['id']}"
        accepted_at = answer["accepted_at"] or thread["created_at"]
        for member_id, reason, points in ((answer["author_id"], R.ACCEPTED, config.answer_accepted),
                                          (thread["author_id"], R.ASKER_ACCEPTED, config.asker_accepted)):
            if points:
                wants[(member_id, reason, source)] = Want(member_id, reason, source, points, accepted_at,
                                                          thread["id"], answer["id"])
        if answer["verified_at"] is not None and config.answer_verified:
            source = f"verify:{answer['id']}"
            wants[(answer["author_id"], R.VERIFIED, source)] = Want(
                answer["author_id"], R.VERIFIED, source, config.answer_verified, answer["verified_at"],
                thread["id"], answer["id"])
    return wants


THREAD_FIELDS = ("id", "author_id", "deleted_at", "is_hidden", "created_at", "category_id")
ANSWER_FIELDS = ("id", "author_id", "deleted_at", "is_hidden", "is_accepted", "accepted_at", "verified_at")
KUDO_FIELDS = ("id", "user_id", "thread_id", "answer_id", "created_at")


def sync_thread(thread_id: int) -> int:
    """Bring the ledger in line with the thread's kudos, acceptance and verification.

    Writes credits for what is missing and reversals for what no longer holds, in the caller's
    transaction. Returns the number of entries written.
    """
    with transaction.atomic():
        thread = Thread.objects.filter(pk=thread_id).values(*THREAD_FIELDS).first()
        if thread is None:
            return 0
        authors = {thread["author_id"]}
        authors.update(Answer.objects.filter(thread_id=thread_id).values_list("author_id", flat=True))
        standings = _lock_standings(authors)
        # Everything below is read after the locks, so it sees every committed event.
        answers = list(Answer.objects.filter(thread_id=thread_id).values(*ANSWER_FIELDS))
        answer_ids = [a["id"] for a in answers]
        kudos = list(Kudo.objects.filter(Q(thread_id=thread_id) | Q(answer_id__in=answer_ids)).values(*KUDO_FIELDS))
        wants = _desired(thread, answers, kudos, reputation_settings())
        # The thread's own entries, and its answers' (found by answer: an answer merged in from another
        # thread keeps the thread id it was credited under; one merged away belongs to its new thread).
        written = ReputationEntry.objects.filter(
            Q(thread_id=thread_id, answer_id__isnull=True) | Q(answer_id__in=answer_ids)
            | Q(source__in={w.source for w in wants.values()})
        ).order_by("seq", "id")
        credits: dict[tuple, list] = defaultdict(list)
        reversals: dict[tuple, int] = defaultdict(int)
        for entry in written:
            if entry.reason in UNDO:
                credits[(entry.member_id, entry.reason, entry.source)].append(entry)
            else:
                reversals[(entry.member_id, BASE[entry.reason], entry.source)] += 1
        active = {key for key, rows in credits.items() if len(rows) > reversals[key]}
        count = 0
        for key in sorted(active - set(wants), key=lambda k: credits[k][-1].occurred_at):
            if key[0] not in standings:
                standings.update(_lock_standings([key[0]]))
            _reverse(credits[key][-1], standings[key[0]])
            count += 1
        for key in sorted(set(wants) - active, key=lambda k: (wants[k].occurred_at, k[2])):
            if key[0] not in standings:
                standings.update(_lock_standings([key[0]]))
            _credit(wants[key], len(credits[key]) + 1, standings[key[0]])
            count += 1
        return count


def _kudo_day(member_id: int, day) -> tuple[int, int]:
    totals = ReputationEntry.objects.filter(
        member_id=member_id, day=day, reason__in=[R.KUDO, R.KUDO_UNDONE]
    ).aggregate(points=Sum("points"), raw=Sum("raw_points"))
    return totals["points"] or 0, totals["raw"] or 0


def _credit(want: Want, seq: int, standing: Standing) -> ReputationEntry:
    day = periods.local_day(want.occurred_at)
    points, raw = want.points, 0
    if want.kudo:
        # The day's kudo points are always min(cap, uncapped sum): order does not matter, so a
        # rebuild from the kudo rows gives the same totals.
        cap = reputation_settings().daily_kudo_cap
        day_points, day_raw = _kudo_day(want.member_id, day)
        raw = want.points
        points = max(0, min(cap, day_raw + raw) - day_points)
    entry = ReputationEntry.objects.create(
        member_id=want.member_id, reason=want.reason, source=want.source, seq=seq, points=points,
        raw_points=raw, thread_id=want.thread_id, answer_id=want.answer_id, occurred_at=want.occurred_at, day=day,
    )
    _add_to_standing(standing, entry)
    return entry


def _reverse(credit: ReputationEntry, standing: Standing) -> ReputationEntry:
    points, raw = -credit.points, 0
    if credit.reason == R.KUDO:
        cap = reputation_settings().daily_kudo_cap
        day_points, day_raw = _kudo_day(credit.member_id, credit.day)
        raw = -credit.raw_points
        points = min(0, min(cap, day_raw + raw) - day_points)
    entry = ReputationEntry.objects.create(
        member_id=credit.member_id, reason=UNDO[credit.reason], source=credit.source, seq=credit.seq,
        points=points, raw_points=raw, thread_id=credit.thread_id, answer_id=credit.answer_id,
        occurred_at=credit.occurred_at, day=credit.day,
    )
    _add_to_standing(standing, entry)
    return entry


def _add_to_standing(standing: Standing, entry: ReputationEntry) -> None:
    if not entry.points:
        return
    week, month = periods.week_start(), periods.month_start()
    standing.total += entry.points
    if entry.day >= week:
        if standing.week_of != week:
            standing.week_of, standing.week_points = week, 0
        standing.week_points += entry.points
    if entry.day >= month:
        if standing.month_of != month:
            standing.month_of, standing.month_points = month, 0
        standing.month_points += entry.points
    Standing.objects.filter(pk=standing.pk).update(
        total=standing.total, week_points=standing.week_points, week_of=standing.week_of,
        month_points=standing.month_points, month_of=standing.month_of, updated_at=timezone.now(),
    )
    _apply_rank(standing)


# Rebuild: everything again from the source rows


def totals_from_sources(*, progress=None) -> dict[int, tuple[int, int, int]]:
    """Every member's (total, this week, this month) computed from forum rows alone."""
    config = reputation_settings()
    threads = {t["id"]: t for t in Thread.objects.values(*THREAD_FIELDS)}
    answers_by_thread: dict[int, list] = defaultdict(list)
    answer_thread: dict[int, int] = {}
    for answer in Answer.objects.values("thread_id", *ANSWER_FIELDS):
        answers_by_thread[answer["thread_id"]].append(answer)
        answer_thread[answer["id"]] = answer["thread_id"]
    kudos_by_thread: dict[int, list] = defaultdict(list)
    for kudo in Kudo.objects.values(*KUDO_FIELDS):
        thread_id = kudo["thread_id"] or answer_thread.get(kudo["answer_id"])
        kudos_by_thread[thread_id].append(kudo)
    wants: list[Want] = []
    for thread_id, thread in threads.items():
        wants.extend(_desired(thread, answers_by_thread[thread_id], kudos_by_thread[thread_id], config).values())
        if progress:
            progress.update()
    day_raw: dict[tuple, int] = defaultdict(int)
    points_by_day: dict[tuple, int] = defaultdict(int)
    for want in wants:
        key = (want.member_id, periods.local_day(want.occurred_at))
        if want.kudo:
            day_raw[key] += want.points
        else:
            points_by_day[key] += want.points
    for key, raw in day_raw.items():
        points_by_day[key] += min(config.daily_kudo_cap, raw)
    week, month = periods.week_start(), periods.month_start()
    result: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (member_id, day), points in points_by_day.items():
        row = result[member_id]
        row[0] += points
        if day >= week:
            row[1] += points
        if day >= month:
            row[2] += points
    return {member: tuple(row) for member, row in result.items()}


def cached_totals() -> dict[int, tuple[int, int, int]]:
    return {
        s.member_id: (s.total, s.this_week, s.this_month)
        for s in Standing.objects.all()
        if s.total or s.this_week or s.this_month
    }


def rebuild_reputation(*, progress_factory=None) -> dict:
    """Reconcile every thread's ledger, then set every standing from the source rows exactly."""
    thread_ids = list(Thread.objects.order_by("pk").values_list("pk", flat=True))
    written = 0
    bar = progress_factory(total=len(thread_ids), desc="Ledger") if progress_factory else None
    for thread_id in thread_ids:
        written += sync_thread(thread_id)
        if bar:
            bar.update()
    if bar:
        bar.close()
    expected = totals_from_sources()
    changed = 0
    week, month = periods.week_start(), periods.month_start()
    with transaction.atomic():
        member_ids = set(expected) | set(Standing.objects.values_list("member_id", flat=True))
        member_ids |= set(User.objects.values_list("pk", flat=True))
        standings = _lock_standings(member_ids)
        for member_id, standing in standings.items():
            total, this_week, this_month = expected.get(member_id, (0, 0, 0))
            if (standing.total, standing.this_week, standing.this_month) != (total, this_week, this_month):
                changed += 1
            standing.total, standing.week_points, standing.week_of = total, this_week, week
            standing.month_points, standing.month_of = this_month, month
            Standing.objects.filter(pk=member_id).update(total=total, week_points=this_week, week_of=week,
                                                         month_points=this_month, month_of=month)
            _apply_rank(standing)
    ledger = dict(ReputationEntry.objects.values_list("member_id").annotate(s=Sum("points")).values_list(
        "member_id", "s"))
    mismatched = sum(1 for member_id, (total, *_rest) in expected.items() if ledger.get(member_id, 0) != total)
    leaderboard_changed()
    return {"entries_written": written, "standings_changed": changed, "ledger_mismatches": mismatched,
            "members": len(member_ids)}


def leaderboard_changed() -> None:
    try:
        cache.incr("badges:leaderboard:version")
    except ValueError:
        cache.set("badges:leaderboard:version", 1, None)


# Awarding


def _badges_for(event: str) -> list[Badge]:
    found = []
    for badge in Badge.objects.filter(enabled=True).order_by("position", "pk"):
        rule = rules.RULES.get(badge.rule)
        if rule and (event == "*" or event in rule.events or rules.ANY_EVENT in rule.events):
            found.append(badge)
    return found


def evaluate_badges(*, event: str, member_ids: Iterable[int] | None, batch_size: int = 500,
                    revoke: bool = True, progress=None) -> dict:
    """Award (and, where the badge says so, revoke) the badges `event` can affect, for these members.

    member_ids None means everyone (backfill). Members are taken in batches; each batch costs a
    fixed number of queries per badge, plus one insert (and one notification) per new award.
    """
    badges = _badges_for(event)
    stats = {"awarded": 0, "revoked": 0, "badges": len(badges)}
    if not badges:
        return stats
    if member_ids is None:
        batches = [None]
    else:
        ids = sorted(set(member_ids))
        batches = [ids[i:i + batch_size] for i in range(0, len(ids), batch_size)]
    for batch in batches:
        held_query = Award.objects.held().filter(badge__in=badges).exclude(granted_by__isnull=False)
        if batch is not None:
            held_query = held_query.filter(member_id__in=batch)
        held: dict[int, dict[tuple, Award]] = defaultdict(dict)
        for award in held_query.only("id", "badge_id", "member_id", "source"):
            held[award.badge_id][(award.member_id, award.source)] = award
        new_awards: list[Award] = []
        touched: set[int] = set()
        for badge in badges:
            rule = rules.RULES[badge.rule]
            if rule.slug == "manual":
                continue
            result = rule.evaluate(badge.parameters, batch)
            wanted: dict[tuple, tuple] = {}
            for member_id, sources in result.items():
                if badge.multiple:
                    for source, refs in sources.items():
                        wanted[(member_id, source)] = refs
                elif sources:
                    first = sorted(sources.items())[0][1]
                    wanted[(member_id, "")] = first
            current = held[badge.pk]
            for key in wanted.keys() - current.keys():
                thread_id, answer_id = wanted[key]
                award = _award(badge, key[0], key[1], thread_id, answer_id)
                if award is not None:
                    new_awards.append(award)
                    touched.add(badge.pk)
            if revoke and badge.revoke_when_rule_fails:
                gone = [current[key].pk for key in current.keys() - wanted.keys()]
                if gone:
                    stats["revoked"] += Award.objects.filter(pk__in=gone).update(revoked_at=timezone.now())
                    touched.add(badge.pk)
            if progress:
                progress.update()
        stats["awarded"] += len(new_awards)
        _notify_awards(new_awards, {b.pk: b for b in badges})
        _recount_badges(touched)
    return stats


def _award(badge: Badge, member_id: int, source: str, thread_id, answer_id, granted_by=None) -> Award | None:
    try:
        with transaction.atomic():
            return Award.objects.create(badge=badge, member_id=member_id, source=source, thread_id=thread_id,
                                        answer_id=answer_id, granted_by=granted_by)
    except IntegrityError:  # awarded meanwhile by a concurrent run: never twice
        return None


def _recount_badges(badge_ids: Iterable[int]) -> None:
    for badge_id in badge_ids:
        held = Award.objects.held().filter(badge_id=badge_id)
        Badge.objects.filter(pk=badge_id).update(
            award_count=held.count(), holder_count=held.values("member_id").distinct().count())
    if badge_ids:
        cache.delete("badges:index")


def _notify_awards(awards: list[Award], badges: dict[int, Badge]) -> None:
    if not awards:
        return
    from forum.services import notify_member

    languages = dict(Profile.objects.filter(user_id__in={a.member_id for a in awards}).values_list("user_id", "language"))
    users = {u.pk: u for u in User.objects.filter(pk__in={a.member_id for a in awards})}
    for award in awards:
        badge = badges.get(award.badge_id) or award.badge
        with translation.override(languages.get(award.member_id, "en")):
            text = _("You earned the “%(badge)s” badge: %(description)s") % {
                "badge": translation.gettext(badge.name), "description": translation.gettext(badge.description)}
        notify_member(recipient=users[award.member_id], verb="badge_awarded", text=text,
                      url=reverse("badges:detail", kwargs={"slug": badge.slug}),
                      thread=None, answer=None)


# Staff grants


def badge_grant(*, badge: Badge, member, by, reason: str) -> Award:
    """Grant a badge by hand (once-only: one per member), logged with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    with transaction.atomic():
        if Award.objects.held().filter(badge=badge, member=member, source="").exists():
            raise ValidationError(ALREADY_HELD)
        award = _award(badge, member.pk, "", None, None, granted_by=by)
        if award is None:
            raise ValidationError(ALREADY_HELD)
        BadgeLog.objects.create(badge=badge, member=member, actor=by, action=BadgeLog.Action.GRANTED, reason=reason)
        _recount_badges([badge.pk])
        _notify_awards([award], {badge.pk: badge})
    return award


def badge_revoke(*, badge: Badge, member, by, reason: str) -> int:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    with transaction.atomic():
        revoked = Award.objects.held().filter(badge=badge, member=member).update(revoked_at=timezone.now())
        if not revoked:
            raise ValidationError(NOT_HELD)
        BadgeLog.objects.create(badge=badge, member=member, actor=by, action=BadgeLog.Action.REVOKED, reason=reason)
        _recount_badges([badge.pk])
    return revoked


# Badge definitions and art


def validate_badge(badge: Badge) -> None:
    if badge.rule not in rules.RULES:
        raise ValidationError({"rule": UNKNOWN_RULE})
    if not isinstance(badge.parameters, dict) or not all(
            isinstance(v, int) and v >= 0 for v in badge.parameters.values()):
        raise ValidationError({"parameters": BAD_PARAMETERS})


def art_key(badge: Badge) -> str:
    from badges import art

    raw = f"{art.VERSION}|{badge.name}|{badge.tier}|{badge.glyph}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def badge_save(*, badge: Badge) -> Badge:
    """Save a badge definition (admin, seed); its icons are redrawn when name, tier or glyph change."""
    validate_badge(badge)
    with transaction.atomic():
        badge.save()
        refresh_badge_art(badge=badge)
    cache.delete("badges:index")
    return badge


def refresh_badge_art(*, badge: Badge, force: bool = False) -> bool:
    from badges import art

    key = art_key(badge)
    if not force and badge.art_key == key and badge.icon_small and art.exists(badge.icon_small):
        return False
    small, large = art.render_and_store(badge, key)
    badge.icon_small, badge.icon_large, badge.art_key = small, large, key
    Badge.objects.filter(pk=badge.pk).update(icon_small=small, icon_large=large, art_key=key)
    return True


MENTION = re.compile(r"@([\w.@+-]{1,150})")


def mentioned_member_ids(text: str) -> list[int]:
    """Members named as @username in a text (one query)."""
    names = {name.rstrip(".").lower() for name in MENTION.findall(text or "")}
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return list(User.objects.filter(query).values_list("pk", flat=True))


def ensure_newcomer(user) -> None:
    """Fallback for members who never earned anything: a standing and the Newcomer group."""
    if user.is_authenticated:
        standing_for(user)


def newcomer_group() -> Group | None:
    ranks = selectors.member_ranks()
    return ranks[0].group if ranks else None


def award_counts_for(member_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"gold": 0, "silver": 0, "bronze": 0})
    for member_id, tier, n in (Award.objects.held().filter(member_id__in=set(member_ids))
                               .values_list("member_id", "badge__tier").annotate(n=Count("id"))):
        counts[member_id][tier] = n
    return counts
