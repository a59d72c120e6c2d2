"""Badges reads: every page and panel gets its rows here, in a fixed number of queries."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Count, OuterRef, Prefetch, Subquery, Sum
from django.utils.translation import get_language

from badges import periods, privileges
from badges.models import Award, Badge, Rank, ReputationEntry, Standing
from config.web.translated import in_visitor_language
from forum import roles

User = get_user_model()
TIERS = ("gold", "silver", "bronze")
LEADERBOARD_SECONDS = 300
LEADERBOARD_SIZE = 20
PERIODS = ("week", "month", "all")


RANKS_CACHE_KEY = "badges:ranks:v1"  # cleared by services.ranks_changed()


def member_ranks() -> list[Rank]:
    """Member ranks by threshold, lowest first (cached)."""
    found = cache.get(RANKS_CACHE_KEY)
    if found is None:
        found = list(Rank.objects.filter(is_staff_rank=False).select_related("group").order_by("threshold"))
        cache.set(RANKS_CACHE_KEY, found, 300)
    return found


def standings_for(user_ids) -> list[Standing]:
    ids = {int(pk) for pk in user_ids if pk}
    if not ids:
        return []
    staff_rank = Rank.objects.filter(is_staff_rank=True, group__user=OuterRef("member_id")).order_by("name")
    return list(Standing.objects.filter(member_id__in=ids).select_related("rank").annotate(
        staff_rank_name=Subquery(staff_rank.annotate(label=in_visitor_language("name")).values("label")[:1]),
        staff_rank_colour=Subquery(staff_rank.values("colour")[:1]),
    ))


def staff_rank_for(user, staff_ranks: list[Rank]) -> Rank | None:
    group_ids = {g.pk for g in user.groups.all()}
    for rank in staff_ranks:
        if rank.group_id in group_ids:
            return rank
    return None


def profile_summary(member) -> dict:
    standing = Standing.objects.filter(member_id=member.pk).select_related("rank").first()
    # The badges held and how often, in one query (the filter before the Count restricts what it counts).
    badges = list(Badge.objects.filter(awards__member=member, awards__revoked_at__isnull=True)
                  .annotate(times=Count("awards")).order_by("position", "name"))
    grouped: dict[str, list] = {tier: [] for tier in TIERS}
    for badge in badges:
        grouped[badge.tier].append(badge)
    return {
        "member": member,
        "standing": standing,
        "rank": standing.rank if standing else None,
        "total": standing.total if standing else 0,
        "tiers": [(tier, grouped[tier]) for tier in TIERS if grouped[tier]],
        "badge_count": sum(badge.times for badge in badges),
    }


def history(member, *, days: int = 90):
    """Entries (newest first) and a chart of the running total over the last `days` days."""
    entries = (ReputationEntry.objects.filter(member=member)
               .select_related("thread", "answer__thread").order_by("-created_at", "-id"))
    start = periods.today() - timedelta(days=days - 1)
    before = ReputationEntry.objects.filter(member=member, day__lt=start).aggregate(s=Sum("points"))["s"] or 0
    per_day = dict(ReputationEntry.objects.filter(member=member, day__gte=start).values("day")
                   .annotate(s=Sum("points")).values_list("day", "s"))
    running, series = before, []
    for offset in range(days):
        day = start + timedelta(days=offset)
        running += per_day.get(day, 0)
        series.append((day, running))
    return entries, series


def rank_progress(total: int, ranks: list[Rank]) -> dict:
    current, following = None, None
    for rank in ranks:
        if rank.threshold is not None and total >= rank.threshold:
            current = rank
        elif following is None and rank.threshold is not None:
            following = rank
    if following is None:
        return {"current": current, "next": None, "percent": 100, "needed": 0}
    base = current.threshold if current else 0
    percent = int(100 * (total - base) / max(1, following.threshold - base))
    return {"current": current, "next": following, "percent": max(0, min(100, percent)),
            "needed": following.threshold - total}


def ranks_with_privileges() -> tuple[list[Rank], list[Rank]]:
    # Only the privileges the forum enforces (badges/privileges.py), so the page promises nothing else.
    forum_permissions = Permission.objects.filter(content_type__app_label="forum",
                                                  codename__in=list(privileges.LABELS)).order_by("codename")
    ranks = list(Rank.objects.select_related("group")
                 .prefetch_related(Prefetch("group__permissions", queryset=forum_permissions))
                 .order_by("is_staff_rank", "threshold", "name"))
    for rank in ranks:
        rank.privileges = sorted(rank.group.permissions.all(), key=lambda p: p.codename)
    return [r for r in ranks if not r.is_staff_rank], [r for r in ranks if r.is_staff_rank]


def badge_index() -> list[tuple[str, list[Badge]]]:
    badges = list(Badge.objects.filter(enabled=True).order_by("position", "name"))
    members = member_count()
    grouped: dict[str, list] = defaultdict(list)
    for badge in badges:
        badge.rarity = rarity(badge.holder_count, members)
        grouped[badge.tier].append(badge)
    return [(tier, grouped[tier]) for tier in TIERS if grouped[tier]]


def member_count() -> int:
    found = cache.get("badges:member_count")
    if found is None:
        found = User.objects.filter(is_active=True).count()
        cache.set("badges:member_count", found, 300)
    return found


def rarity(holders: int, members: int) -> float:
    return round(100 * holders / members, 1) if members else 0.0


def badge_holders(badge: Badge):
    return (Award.objects.held().filter(badge=badge).select_related("member__profile", "thread", "answer__thread")
            .order_by("-awarded_at", "-id"))


def _leaderboard_version() -> int:
    version = cache.get("badges:leaderboard:version")
    if version is None:
        version = 1
        cache.set("badges:leaderboard:version", version, None)
    return version


def leaderboard(*, period: str = "week", category=None, include_staff: bool = False,
                size: int = LEADERBOARD_SIZE) -> list[dict]:
    """Top helpers as plain rows, cached for a few minutes: cheap to render on any page."""
    period = period if period in PERIODS else "week"
    # Per language: the rows hold rank names, which the company writes in English and Dutch.
    key = (f"badges:leaderboard:{_leaderboard_version()}:{period}:{category.pk if category else 0}:"
           f"{int(include_staff)}:{size}:{periods.today().isoformat()}:{get_language()}")
    rows = cache.get(key)
    if rows is None:
        rows = _leaderboard(period, category, include_staff, size)
        cache.set(key, rows, LEADERBOARD_SECONDS)
    return rows


def _leaderboard(period, category, include_staff, size) -> list[dict]:
    staff = roles.company_staff_q("member__")
    if category is None:
        standings = Standing.objects.select_related("member__profile", "rank").filter(member__is_active=True)
        if not include_staff:
            standings = standings.exclude(staff)
        if period == "week":
            standings = standings.filter(week_of=periods.week_start(), week_points__gt=0).order_by(
                "-week_points", "-total", "pk")
            field = "week_points"
        elif period == "month":
            standings = standings.filter(month_of=periods.month_start(), month_points__gt=0).order_by(
                "-month_points", "-total", "pk")
            field = "month_points"
        else:
            standings = standings.filter(total__gt=0).order_by("-total", "pk")
            field = "total"
        return [_row(s.member, getattr(s, field), s.rank) for s in standings[:size]]
    entries = ReputationEntry.objects.filter(thread__category=category)
    if not include_staff:
        entries = entries.exclude(staff)
    if period == "week":
        entries = entries.filter(day__gte=periods.week_start())
    elif period == "month":
        entries = entries.filter(day__gte=periods.month_start())
    top = list(entries.values("member_id").annotate(points=Sum("points")).filter(points__gt=0)
               .order_by("-points", "member_id")[:size])
    members = {u.pk: u for u in User.objects.filter(pk__in=[r["member_id"] for r in top])
               .select_related("profile", "standing__rank")}
    rows = []
    for row in top:
        user = members[row["member_id"]]
        standing = getattr(user, "standing", None)
        rows.append(_row(user, row["points"], standing.rank if standing else None))
    return rows


def _row(user, points, rank) -> dict:
    profile = getattr(user, "profile", None)
    return {
        "username": user.get_username(),
        "name": profile.name if profile else user.get_username(),
        "avatar": profile.avatar.url if profile and profile.avatar else "",
        "points": points,
        "rank": rank.name if rank else "",
        "rank_colour": rank.colour if rank else "",
    }
