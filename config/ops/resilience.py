"""Waiting out a database that went away, shared by the worker and the scheduler."""

import logging
import threading
from collections.abc import Iterator

from django.db import DatabaseError, close_old_connections, connections

logger = logging.getLogger(__name__)

# What a lost or restarting database raises (psycopg and sqlite3 errors arrive wrapped as these).
CONNECTION_ERRORS = (DatabaseError,)


def backoff(*, first: float = 0.5, factor: float = 2.0, cap: float = 8.0) -> Iterator[float]:
    """0.5, 1, 2, 4, 8, 8, … seconds: quick for a blip, and at most `cap` after the database is back."""
    delay = first
    while True:
        yield delay
        delay = min(delay * factor, cap)


def drop_connections() -> None:
    """Close every connection so the next query opens a fresh one (a broken one never heals). Used by
    the worker, the scheduler and the web's outage retry (config/web/outage.py). A connection inside
    a transaction still open (a caller's, a test's) is left alone: closing it would end that
    transaction under its owner."""
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close()
        except Exception:  # closing a dead connection may raise; it is gone either way
            logger.debug("Closing a broken connection failed", exc_info=True)


def database_answers() -> bool:
    try:
        close_old_connections()
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except CONNECTION_ERRORS:
        drop_connections()
        return False


def wait_for_database(stop: threading.Event, *, what: str, delays: Iterator[float] | None = None) -> bool:
    """Sleep with back-off until the database answers again. False if `stop` was set meanwhile."""
    delays = delays or backoff()
    drop_connections()
    while not stop.is_set():
        delay = next(delays)
        logger.warning("%s: the database is not answering; trying again in %.1f s", what, delay)
        if stop.wait(delay):
            return False
        if database_answers():
            logger.warning("%s: the database answers again", what)
            return True
    return False
