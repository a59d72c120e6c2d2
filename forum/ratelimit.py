"""Simple fixed-window rate limits on posting and kudos, per member and per IP, in Django's cache.

Works with the in-process cache on one machine and with Redis on many (shared counters).
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

RATE_LIMITED = _("You are doing that too often. Please wait a minute and try again.")

# action -> (max hits, window in seconds); FORUM["RATE_LIMITS"] may override.
DEFAULT_LIMITS = {
    "post": (10, 60),
    "kudo": (30, 60),
    "upload": (10, 60),
}


def _limit(action: str) -> tuple[int, int]:
    return settings.FORUM.get("RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; True while within the limit."""
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit


def allow(request, action: str) -> bool:
    """Record an attempt at `action`; False when the member or their IP went over the limit."""
    limit, window = _limit(action)
    keys = [f"forum:rl:{action}:ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"forum:rl:{action}:user:{request.user.pk}")
    results = [_hit(key, limit, window) for key in keys]
    return all(results)
