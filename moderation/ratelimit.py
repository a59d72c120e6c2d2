"""Simple fixed-window rate limits kept in Django's cache (Redis at scale, memory on one machine)."""

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from moderation import conf

FLAG_RATE_LIMITED = _("You have sent many reports in a short time. Please wait an hour and try again.")
WINDOW = 3600


class RateLimited(PermissionDenied):
    """Too many attempts; the message says what to do."""


def client_ip(request) -> str:
    # The proxy in front (if any) is trusted to set REMOTE_ADDR via the WSGI server's config.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _hit(key: str, limit: int) -> bool:
    """Count one attempt; False when the limit is already used up in this window."""
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count <= limit


def check_flag_rate(request) -> None:
    """Raise RateLimited when the member or their IP address has reported too often this hour."""
    user_ok = _hit(f"moderation:flags:user:{request.user.pk}", conf.get("FLAGS_PER_MEMBER_PER_HOUR"))
    ip_ok = _hit(f"moderation:flags:ip:{client_ip(request)}", conf.get("FLAGS_PER_IP_PER_HOUR"))
    if not (user_ok and ip_ok):
        raise RateLimited(FLAG_RATE_LIMITED)
