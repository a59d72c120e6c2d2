"""Demo reputation and badges for `manage.py seed_demo` (idempotent)."""

from django.utils import translation

from badges import bootstrap, services
from badges.models import Badge, Rank


def _dutch_names():
    """The default ranks and badges get their Dutch names and descriptions in their Dutch columns
    (from the catalogue, where the shipped wording is translated), so the admin shows both and an
    editor changes the Dutch text there. Text already written in Dutch is kept."""
    for model in (Rank, Badge):
        for row in model.objects.all():
            changed = []
            for field in ("name", "description"):
                english = getattr(row, f"{field}_en") or ""
                with translation.override("nl"):
                    dutch = translation.gettext(english) if english else ""
                if not getattr(row, f"{field}_nl") and dutch and dutch != english:
                    setattr(row, f"{field}_nl", dutch)
                    changed.append(f"{field}_nl")
            if changed:
                row.save(update_fields=changed)
    services.ranks_changed()


def _art():
    for badge in Badge.objects.all():
        services.refresh_badge_art(badge=badge)


def _reputation():
    services.rebuild_reputation()


def _badges():
    services.evaluate_badges(event="*", member_ids=None)


def steps(context):
    return [
        ("ranks and badges", bootstrap.install),  # even on a database emptied since migrating
        ("ranks and badges in Dutch", _dutch_names),
        ("badge art", _art),
        ("reputation", _reputation),
        ("badges", _badges),
    ]
