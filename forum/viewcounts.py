"""Thread views counted without a database write per page view.

A view is one HINCRBY on a Redis hash when the cache is Redis; the scheduled job `flush_view_counts`
(every minute) renames the hash (so views counted meanwhile go into a fresh one and none is lost),
adds its counts to the threads in one UPDATE per distinct count, and deletes it. Without Redis (one
machine, per-process cache) each process counts in its own memory and adds its counts to the
database itself after a response, at most every FLUSH_SECONDS, and when it exits. If Redis does not answer, the view is
counted in process memory the same way: a count is late, never an error. The "Views" figure a page
shows is therefore up to a minute behind.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.signals import request_finished
from django.db import transaction
from django.db.models import F

from forum.models import Thread

log = logging.getLogger("flawsome.cache")
HASH = "flawsome:forum:views"
FLUSHING = HASH + ":flushing"
FLUSH_SECONDS = 10

_local: Counter = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


def _redis():
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def record(thread_id: int) -> None:
    """Count one view of this thread."""
    client = _redis()
    if client is not None:
        try:
            client.hincrby(HASH, str(thread_id), 1)
            return
        except Exception:  # noqa: BLE001  (Redis down: count here, never fail the page)
            log.warning("view count kept in process memory: Redis did not answer")
    with _lock:
        _local[thread_id] += 1
    if flush_seconds() <= 0:
        flush_local()


def flush_seconds() -> float:
    return getattr(settings, "VIEW_COUNT_FLUSH_SECONDS", FLUSH_SECONDS)


def _apply(counts: dict[int, int]) -> int:
    """Add counts to the threads: one UPDATE per distinct count (most threads got 1, 2 or 3 views)."""
    by_count: dict[int, list[int]] = {}
    for thread_id, count in counts.items():
        if count > 0:
            by_count.setdefault(count, []).append(thread_id)
    with transaction.atomic():  # all or nothing: a failed flush is retried whole, never counted twice
        for count, ids in by_count.items():
            for start in range(0, len(ids), 1000):
                Thread.objects.filter(pk__in=ids[start:start + 1000]).update(view_count=F("view_count") + count)
    return sum(counts.values())


def flush_local() -> int:
    global _last_flush
    with _lock:
        counts = dict(_local)
        _local.clear()
        _last_flush = time.monotonic()
    if not counts:
        return 0
    try:
        return _apply(counts)
    except Exception:  # the database is away: keep the counts for the next flush
        with _lock:
            _local.update(counts)
        raise


def flush() -> int:
    """The scheduled job: move every counted view into the database. Returns how many were added."""
    added = flush_local()
    client = _redis()
    if client is None:
        return added
    # A hash left by a flush that failed halfway is added first (its counts were not applied).
    if not client.exists(FLUSHING):
        try:
            client.rename(HASH, FLUSHING)
        except Exception as error:  # noqa: BLE001  (no such key: no views since the last flush)
            if "no such key" not in str(error).lower():
                raise
            return added
    counts = {int(k): int(v) for k, v in client.hgetall(FLUSHING).items()}
    added += _apply(counts)
    client.delete(FLUSHING)
    return added


def pending() -> int:
    """Views counted but not yet in the database (this process and Redis)."""
    total = sum(_local.values())
    client = _redis()
    if client is not None:
        total += sum(int(v) for v in client.hvals(HASH))
    return total


def _flush_at_exit() -> None:
    try:
        flush_local()
    except Exception:  # noqa: BLE001  (exiting: the database may be gone already)
        log.warning("%d view counts lost at exit", sum(_local.values()))


def _flush_when_due(**_kwargs) -> None:
    """After a response: this process's counts go to the database when FLUSH_SECONDS have passed."""
    if _local and time.monotonic() - _last_flush >= flush_seconds():
        try:
            flush_local()
        except Exception:  # noqa: BLE001  (kept for the next flush)
            log.warning("view counts: the database did not take them; kept for the next flush")


def install() -> None:
    """Connected in ForumConfig.ready(): flush after responses when due, and at exit."""
    request_finished.connect(_flush_when_due, dispatch_uid="forum.viewcounts")
    if getattr(settings, "VIEW_COUNT_FLUSH_AT_EXIT", True):
        atexit.register(_flush_at_exit)
