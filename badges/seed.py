"""Demo reputation and badges for `manage.py seed_demo` (idempotent)."""

from badges import bootstrap, services
from badges.models import Badge


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
        ("badge art", _art),
        ("reputation", _reputation),
        ("badges", _badges),
    ]
