"""Tests: fast hashing, in-memory cache, immediate tasks, fixed language and time zone.

DATABASE_URL and REDIS_URL are honoured, so the same suite runs on SQLite and on PostgreSQL/Redis.
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from config import env

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LANGUAGE_CODE = "en"
TIME_ZONE = "Europe/Amsterdam"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
_scratch = Path(tempfile.mkdtemp(prefix="flawsome-test-"))
MEDIA_ROOT = _scratch / "media"
SEARCH_INDEX_DIR = _scratch / "search"
SEARCH_REFRESH_SECONDS = 0  # a change is searchable at once (the interval has its own test)
ACCOUNT_RATE_LIMITS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
STAFF_REQUIRE_2FA = False  # tests of the requirement switch it on themselves

if env.REDIS_URL:
    # Each pytest-xdist worker gets its own Redis database (the one in REDIS_URL, then the next
    # ones): tests clear the cache, and a FLUSHDB must not wipe another worker's sessions.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _offset = int(_worker[2:]) if _worker[2:].isdigit() else 0
    _url = urlparse(env.REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + _offset
    for _alias in CACHES.values():  # noqa: F405  (the rate-limit alias shares the database)
        _alias["LOCATION"] = _url._replace(path=f"/{_db}").geturl()
SEARCH_AUTO_REBUILD = False  # tests break the index on purpose and check what the site says
# Embedding every thread a test creates would slow the suite; the search tests that rank switch it on.
SEARCH_SEMANTIC = False
# Searches are logged at once, so a test reads its row straight after the request (forum/search/searchlog.py).
SEARCH_LOG_FLUSH_SECONDS = 0
# A web process adds its own view counts after a response only when a test asks (forum/viewcounts.py):
# otherwise the flush would land in whichever later request a query-count test is measuring.
VIEW_COUNT_FLUSH_SECONDS = 10**9
# A test run's views are not worth keeping, and by exit its database is gone: no flush then (it only
# wrote "view counts lost" and logging errors into the CI output).
VIEW_COUNT_FLUSH_AT_EXIT = False
# Each test process has its own page-cache version (config/web/pagecache.py), as it has its own cache.
PAGE_CACHE_VERSION_FILE = _scratch / "pagecache-version"
# Off for the suite, whose tests read response.context of repeated anonymous requests; the page-cache
# tests switch it on (tests/perf/conftest.py, tests/blog/test_page_cache_blog.py).
PAGE_CACHE = False
