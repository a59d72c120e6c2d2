"""What badges adds to forum pages: flair beside author names and a panel on profiles.

Each provider costs a fixed number of queries whatever the page shows.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from badges import selectors
from config.web import pagecache


def author_flair(user_ids) -> dict:
    """{user_id: HTML}: rank and reputation beside each author, ONE query for all of them.

    Moderators and editors show their staff rank (the role readers should know about) instead of
    the reputation rank they would otherwise have as members.
    """
    flair = {}
    for standing in selectors.standings_for(user_ids):
        rank = standing.rank
        name = standing.staff_rank_name or (rank.name if rank else None)
        colour = standing.staff_rank_colour or (rank.colour if rank else "#767387")
        flair[standing.member_id] = format_html(
            '<span class="rep-flair" title="{}"><span class="rep-flair__rank" style="--rank-colour: {}">{}</span>'
            ' <span class="rep-flair__points">{}</span></span>',
            _("Rank and reputation"),
            colour,
            _(name) if name else _("Newcomer"),
            f"{standing.total:,}".replace(",", "\u202f"),
        )
    return flair


def profile_panel(request, member) -> list[dict]:
    """Rank, reputation and badges grouped by tier on a member's profile (two queries, or none: kept
    per content version, which every ledger row, award and rank change moves on)."""
    context = dict(pagecache.versioned(f"badges:profile:{member.pk}", lambda: selectors.profile_summary(member)))
    context["history_url"] = reverse("badges:history", kwargs={"username": member.get_username()})
    return [{"template": "badges/panels/profile.html", "context": context}]
