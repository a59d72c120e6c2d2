from django import template
from django.utils.translation import gettext

from moderation.formats import moment

register = template.Library()

# One way to write a moment on the staff screens (moderation.formats): the audit log uses it too.
register.filter("moment", moment)


@register.filter
def minutes_human(value):
    """45 → “45 min”, 130 → “2 h 10 min”, 3000 → “2 d 2 h”. Negative values are shown as their size."""
    if value is None or value == "":
        return "—"
    total = abs(int(round(float(value))))
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return gettext("%(d)s d %(h)s h") % {"d": days, "h": hours}
    if hours:
        return gettext("%(h)s h %(m)02d min") % {"h": hours, "m": minutes}
    return gettext("%(m)s min") % {"m": minutes}


@register.filter
def is_negative(value):
    try:
        return float(value) < 0
    except (TypeError, ValueError):
        return False


@register.filter
def status_pill(status):
    return {"new": "pill--danger", "acknowledged": "pill--question", "in_progress": "pill--problem",
            "resolved": "pill--solved", "closed": "pill--closed"}.get(status, "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.filter
def status_label(status):
    from moderation.recovery.models import Case

    return Case.Status(status).label if status in Case.Status.values else status
