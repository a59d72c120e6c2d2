"""One fixed-window rate limiter for the whole site, with every limit in `settings.RATE_LIMITS`.

    RATE_LIMITS = {"post": {"ip": (10, 60), "user": (10, 60)}, ...}

An action counts one hit per key kind it names: "ip" (the client address from
config.web.client) and "user" (the signed-in member; visitors have none). A hit over any of its
limits is refused.

Counters live in the cache named by `settings.RATE_LIMIT_CACHE` (Redis on many machines, so the
limit is shared). That cache must raise on errors rather than ignore them: when it is down the
limiter says so in the log and counts in this process's memory instead (the same limits, per
process), so limits stay on without Redis and Redis is used again as soon as it answers.

Why not django-ratelimit: its limits are written per view decorator rather than in one setting,
and on a cache error it either lets everything through or refuses everyone (RATELIMIT_FAIL_OPEN);
it has no local fallback. See README "Dependency notes".
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from config.web.client import client_ip

RATE_LIMITED = _("You are doing that too often. Please wait a minute and try again.")

logger = logging.getLogger(__name__)
_local = LocMemCache("flawsome-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_last_warning = 0.0


class RateLimited(PermissionDenied):
    """Too many attempts; the message says what to do."""


def _count(store, key: str, window: int) -> int:
    if store.add(key, 1, timeout=window):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr
        store.add(key, 1, timeout=window)
        return 1


def _hit(key: str, window: int) -> int:
    global _last_warning
    try:
        return _count(caches[settings.RATE_LIMIT_CACHE], key, window)
    except Exception:  # any cache failure (Redis down, timeout): never a 500, never limits off
        if time.monotonic() - _last_warning > 60:  # once a minute, not once a request
            _last_warning = time.monotonic()
            logger.warning("Rate-limit cache unavailable; counting in this process for now", exc_info=True)
        return _count(_local, key, window)


def _identities(request, kinds) -> dict[str, str]:
    found = {}
    if "ip" in kinds:
        found["ip"] = client_ip(request)
    user = getattr(request, "user", None)
    if "user" in kinds and user is not None and user.is_authenticated:
        found["user"] = str(user.pk)
    return found


def allow(request, action: str) -> bool:
    """Record an attempt at `action`; False when the client went over one of its limits."""
    limits = settings.RATE_LIMITS[action]
    allowed = True
    for kind, identity in _identities(request, limits).items():
        hits, window = limits[kind]
        digest = hashlib.sha256(identity.encode()).hexdigest()[:24]  # no raw addresses in the cache
        if _hit(f"rl:{action}:{kind}:{digest}", window) > hits:
            allowed = False  # keep counting the other keys, as a real attempt would
    return allowed


def check(request, action: str, message=RATE_LIMITED) -> None:
    """Raise RateLimited(message) when `action` is over its limit for this client."""
    if not allow(request, action):
        raise RateLimited(message)


def reset_local() -> None:
    """Forget the in-process fallback counts (tests)."""
    _local.clear()
