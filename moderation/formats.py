"""How the staff screens write a moment: one format in both languages, shared by moderation's and
service recovery's templates and by the audit log's sentences."""

from datetime import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.html import format_html

# "1 Dec 2026, 13:05" / "1 dec 2026, 13:05": Django's DATETIME_FORMAT and SHORT_DATETIME_FORMAT gave
# three ways to write a moment on one page.
MOMENT_FORMAT = "j M Y, H:i"
# Dutch writes a month in lower case; Django's "M" capitalises the translated name ("Dec"), "b" does not.
MOMENT_FORMATS = {"nl": "j b Y, H:i"}


def moment_format() -> str:
    """MOMENT_FORMAT in the active language's spelling."""
    return MOMENT_FORMATS.get((translation.get_language() or "")[:2], MOMENT_FORMAT)


def moment(value):
    """A date and time (or its ISO text, as the audit log stores it) as <time>, in the site's time
    zone and moment_format(); "—" for nothing."""
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not value:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="minutes"),
                       date_filter(local, moment_format()))
