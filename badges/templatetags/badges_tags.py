from django import template
from django.core.files.storage import default_storage
from django.utils.translation import gettext

register = template.Library()


@register.filter
def media_url(name: str) -> str:
    return default_storage.url(name) if name else ""


@register.filter
def translated(value) -> str:
    """Translate data that ships with default, catalogued text (rank and badge names)."""
    return gettext(str(value)) if value else ""


@register.filter
def signed(value) -> str:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    return f"+{number}" if number > 0 else f"{number}" if number < 0 else "0"
