"""Badges pages. One shape: fetch → check → validate → act → message → redirect."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges import charts, permissions, selectors, services
from badges.forms import GrantForm, RevokeForm
from badges.models import Badge
from forum.models import Category

User = get_user_model()
PAGE_SIZE = 20


def index(request):
    return render(request, "badges/index.html", {
        "tiers": selectors.badge_index(),
        "members": selectors.member_count(),
    })


def detail(request, slug):
    badge = get_object_or_404(Badge, slug=slug)
    page = Paginator(selectors.badge_holders(badge), PAGE_SIZE).get_page(request.GET.get("page"))
    members = selectors.member_count()
    can_grant = permissions.can(permissions.check_grant_badge, request.user)
    return render(request, "badges/detail.html", {
        "badge": badge, "page": page, "rarity": selectors.rarity(badge.holder_count, members),
        "members": members, "can_grant": can_grant,
        "grant_form": GrantForm() if can_grant else None,
    })


@require_POST
def grant(request, slug):
    badge = get_object_or_404(Badge, slug=slug)
    permissions.check_grant_badge(request.user)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            services.badge_grant(badge=badge, member=form.member, by=request.user,
                                 reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Badge granted to %(name)s.") % {"name": form.member.get_username()})
            return redirect(badge.get_absolute_url())
    page = Paginator(selectors.badge_holders(badge), PAGE_SIZE).get_page(1)
    members = selectors.member_count()
    return render(request, "badges/detail.html", {
        "badge": badge, "page": page, "rarity": selectors.rarity(badge.holder_count, members),
        "members": members, "can_grant": True, "grant_form": form,
    }, status=400)


@require_POST
def revoke(request, slug):
    badge = get_object_or_404(Badge, slug=slug)
    permissions.check_grant_badge(request.user)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason for revoking."))
        return redirect(badge.get_absolute_url())
    try:
        services.badge_revoke(badge=badge, member=form.member, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Badge revoked from %(name)s.") % {"name": form.member.get_username()})
    return redirect(badge.get_absolute_url())


def ranks(request):
    member_ranks, staff_ranks = selectors.ranks_with_privileges()
    progress = None
    if request.user.is_authenticated:
        standing = services.standing_for(request.user)
        progress = selectors.rank_progress(standing.total, member_ranks)
        progress["total"] = standing.total
    return render(request, "badges/ranks.html", {
        "member_ranks": member_ranks, "staff_ranks": staff_ranks, "progress": progress,
    })


def leaderboard(request):
    period = request.GET.get("period", "week")
    if period not in selectors.PERIODS:
        period = "week"
    include_staff = request.GET.get("staff") == "1"
    categories = list(Category.objects.filter(parent__isnull=True).order_by("position", "name"))
    slug = request.GET.get("category", "")
    category = next((c for c in categories if c.slug == slug), None)
    rows = selectors.leaderboard(period=period, category=category, include_staff=include_staff)
    return render(request, "badges/leaderboard.html", {
        "rows": rows, "period": period, "category": category, "categories": categories,
        "include_staff": include_staff,
        "periods": [("week", _("This week")), ("month", _("This month")), ("all", _("All time"))],
    })


def history(request, username):
    member = get_object_or_404(User.objects.select_related("profile"), username=username, is_active=True)
    entries, series = selectors.history(member)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.profile_summary(member)
    member_ranks = selectors.member_ranks()
    progress = selectors.rank_progress(summary["total"], member_ranks)
    return render(request, "badges/history.html", {
        "member": member, "page": page, "chart": charts.reputation_chart(series, total=summary["total"]), "summary": summary,
        "progress": progress, "is_self": request.user.pk == member.pk,
        "period_total": series[-1][1] - series[0][1] if series else 0,
    })
