"""The search log, written in batches instead of one INSERT in every search request.

Each process keeps the rows of its last searches in memory and writes them with one bulk INSERT
when FLUSH_ROWS have gathered or FLUSH_SECONDS have passed since the last write (after the page has
been sent, where the server says when that is), and when the process exits. The log feeds the
content-gap report, which counts over days: a few seconds late changes nothing there, and a database
fault while writing loses the batch (logged) instead of failing a search. `SEARCH_LOG_FLUSH_SECONDS`
0 writes each row at once (the tests).
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_finished

log = logging.getLogger("flawsome.search")
FLUSH_ROWS = 50
FLUSH_SECONDS = 5

_rows: list = []
_lock = threading.Lock()
_last_flush = time.monotonic()


def _seconds() -> float:
    return getattr(settings, "SEARCH_LOG_FLUSH_SECONDS", FLUSH_SECONDS)


def record(**fields) -> None:
    """Log one search (query, normalized, result_count, took_ms, language)."""
    from forum.search.models import SearchLog

    with _lock:
        _rows.append(SearchLog(**fields))
    if _seconds() <= 0:
        flush()


def flush() -> int:
    global _last_flush
    from forum.search.models import SearchLog

    with _lock:
        rows = list(_rows)
        _rows.clear()
        _last_flush = time.monotonic()
    if rows:
        SearchLog.objects.bulk_create(rows)
    return len(rows)


def _flush_when_due(**_kwargs) -> None:
    """After a response: write the batch when it is full or old enough."""
    if _rows and (len(_rows) >= FLUSH_ROWS or time.monotonic() - _last_flush >= _seconds()):
        try:
            flush()
        except Exception:  # noqa: BLE001  (a search never fails for its log)
            log.warning("search log: a batch could not be written", exc_info=True)


def _flush_at_exit() -> None:
    try:
        flush()
    except Exception:  # noqa: BLE001
        log.warning("search log: %d rows lost at exit", len(_rows))


def install() -> None:
    """Connected in ForumConfig.ready(): write due batches after responses, and the rest at exit."""
    request_finished.connect(_flush_when_due, dispatch_uid="forum.search.searchlog")
    atexit.register(_flush_at_exit)
