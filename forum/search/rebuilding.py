"""Rebuild a missing or corrupt Whoosh index in the background, once per machine.

A lock file (created with O_EXCL) keeps several workers from rebuilding at the same time; a lock
older than an hour is considered abandoned. settings.SEARCH_AUTO_REBUILD = False turns this off
(tests do), leaving `manage.py search_rebuild` to an operator.
"""

import logging
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)
STALE_AFTER = 3600


def _lock_path() -> Path:
    return Path(settings.SEARCH_INDEX_DIR) / "auto-rebuild.lock"


def _take_lock() -> bool:
    path = _lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - path.stat().st_mtime > STALE_AFTER:
            path.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    return True


def _run() -> None:
    from forum import search

    try:
        count = search.rebuild()
        logger.warning("search: index rebuilt automatically (%s documents)", count)
    except Exception:
        logger.exception("search: automatic rebuild failed; run `manage.py search_rebuild`")
    finally:
        _lock_path().unlink(missing_ok=True)
        connection.close()


def in_progress() -> bool:
    path = _lock_path()
    try:
        return time.time() - path.stat().st_mtime <= STALE_AFTER
    except FileNotFoundError:
        return False


def start_in_background() -> bool:
    if not _take_lock():
        return False
    logger.error("search: the index is missing or corrupt; rebuilding it in the background")
    threading.Thread(target=_run, name="search-rebuild", daemon=True).start()
    return True
