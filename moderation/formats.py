"""How the staff screens write a moment: one format in both languages, shared by moderation's and
service recovery's templates and by the audit log's sentences."""

from datetime import datetime

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import format_html

# "1 Dec 2026, 13:05" / "1 dec 2026, 13:05": Django's DATETIME_FORMAT and SHORT_DATETIME_FORMAT gave
# three ways to write a moment on one page.
MOMENT_FORMAT = "j M Y, H:i"


def moment(value):
    """A date and time (or its ISO text, as the audit log stores it) as <time>, in the site's time
    zone and MOMENT_FORMAT; "—" for nothing."""
    if isinstance(value, str) and value:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not value:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="minutes"),
                       date_filter(local, MOMENT_FORMAT))
