"""Whole pages for anonymous visitors, from the cache, fresh the moment anything shown changes.

An anonymous GET of a cached view (`@anonymous_page_cache`) is answered from the cache, without a
database query, when the cache holds it for this URL (path and query), this language and the
current **content version**. The content version changes, after the transaction commits, whenever
a row of an app whose rows show on pages is saved or deleted (PAGE_CACHE_APPS: a new answer, an
edit, a kudo, an acceptance, a verification, a hidden post, a banner, a rank, an article link, …,
caught from Django's model signals, so no app has to remember to call anything), and on the
domain signals apps connect to `content_changed` (those cover writes made with `.update()`). Old
entries are never read again and expire after PAGE_CACHE_SECONDS, which also bounds how old a
"3 minutes ago" or a view count on a cached page can be.

The version lives in Redis when the cache is Redis (shared by every machine); otherwise in a small
file in DATA_DIR, shared by every process on the machine (each process caches pages in its own
memory, but all see one version). Each bump writes a new unique value, so two processes bumping at
once can never leave a version some stale page was stored under.

What differs per visitor is put in at serve time, not cached: the CSRF token (rendered as a
placeholder, replaced by this visitor's). A visitor with messages waiting (after signing out, say),
an htmx request, or a response that sets a cookie or is not a 200 is neither served from nor stored
in the cache.
"""

import functools
import hashlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from pathlib import Path

from asgiref.local import Local
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

log = logging.getLogger("flawsome.cache")
CSRF_PLACEHOLDER = "csrf-token-placeholder-7f3c9a"
VERSION_KEY = "pagecache:version"


def seconds() -> int:
    """How long a cached page (or a piece of one, forum/fragments.py) is kept."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 300)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


def usable() -> bool:
    """On, and its version can be trusted (the version file was writable at every change)."""
    return enabled() and not _state.get("broken")


def _shared_cache() -> bool:
    return "django_redis" in settings.CACHES["default"]["BACKEND"]


def _version_file() -> Path:
    return Path(getattr(settings, "PAGE_CACHE_VERSION_FILE", "") or Path(settings.DATA_DIR) / "pagecache-version")


def current_version() -> str:
    """The content version. Read once per request (a thread page asks for it about ten times, one
    Redis round trip each) and kept until the request ends: every piece of one page is then of the
    same version. A change made by this request (_bump) is seen at once."""
    memo = getattr(_request_memo, "version", None)
    if memo is not None:
        return memo
    version = _read_version()
    if getattr(_request_memo, "active", False):
        _request_memo.version = version
    return version


def _read_version() -> str:
    if _shared_cache():
        version = cache.get(VERSION_KEY)
        if version is None:
            version = f"{time.time_ns()}"
            cache.add(VERSION_KEY, version, None)
            version = cache.get(VERSION_KEY) or version
        return str(version)
    try:
        return _version_file().read_text()
    except OSError:
        return "0"


def _bump() -> None:
    value = f"{time.time_ns()}-{os.getpid()}"
    if getattr(_request_memo, "active", False):
        _request_memo.version = value
    if _shared_cache():
        cache.set(VERSION_KEY, value, None)
        return
    path = _version_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_name(f"{path.name}.{os.getpid()}")
        scratch.write_text(value)
        os.replace(scratch, path)
    except OSError:
        # A version that cannot change must not be trusted: serve uncached from now on.
        log.warning("page cache: the version file could not be written; pages are served uncached")
        _state["broken"] = True


_state: dict = {}
# Per thread (a sync worker serves one request at a time in a thread): the version this request read.
_request_memo = Local()


def _request_started(**_kwargs) -> None:
    _request_memo.active, _request_memo.version = True, None


def _request_finished(**_kwargs) -> None:
    _request_memo.active, _request_memo.version = False, None


def content_changed(**_kwargs) -> None:
    """Every cached page is stale (receiver for any signal): now, and again when the transaction
    commits, so a page rendered in between from the old rows is stored under a version that is
    never asked for again."""
    _bump()
    transaction.on_commit(_bump)


def _model_changed(sender, **kwargs) -> None:
    meta = sender._meta
    if meta.app_label in settings.PAGE_CACHE_APPS and meta.label not in settings.PAGE_CACHE_IGNORED_MODELS:
        content_changed()


def connect_model_signals() -> None:
    """From SiteConfig.ready(): a save or delete of a row that shows on pages is a change; the
    version is read once per request."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import m2m_changed, post_delete, post_save

    request_started.connect(_request_started, dispatch_uid="pagecache.request_started")
    request_finished.connect(_request_finished, dispatch_uid="pagecache.request_finished")
    post_save.connect(_model_changed, dispatch_uid="pagecache.post_save")
    post_delete.connect(_model_changed, dispatch_uid="pagecache.post_delete")
    m2m_changed.connect(_model_changed, dispatch_uid="pagecache.m2m_changed")


class _ProcessCache:
    """This process's memory in front of the shared cache, for entries whose key names the content
    version (pages, pieces, `versioned` values). Such an entry never changes: a change makes a new
    version, so a new key. What it saves is the round trip to Redis and the unpickling (a signed-in
    thread page read about ten entries, 4–8 ms). It keeps only the current version's entries (a new
    version empties it: the old ones are never asked for again), at most PAGE_CACHE_PROCESS_BYTES
    (least recently used out first), and each no longer than the shared cache keeps it. Text and
    bytes are kept as they are; anything else pickled, so no request changes what the next one gets."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.entries: OrderedDict[str, tuple[float, bool, object, int]] = OrderedDict()
        self.version, self.size = None, 0

    def _capacity(self) -> int:
        return getattr(settings, "PAGE_CACHE_PROCESS_BYTES", 64 * 1024 * 1024)

    def get_many(self, keys, version: str) -> dict:
        found, now = {}, time.monotonic()
        with self.lock:
            if version != self.version:
                return found
            for key in keys:
                entry = self.entries.get(key)
                if entry is None:
                    continue
                expires, pickled, value, _size = entry
                if expires < now:
                    self._drop(key)
                    continue
                self.entries.move_to_end(key)
                found[key] = (pickled, value)
        return {key: pickle.loads(value) if pickled else value for key, (pickled, value) in found.items()}

    def set_many(self, values: dict, version: str, timeout: int) -> None:
        capacity = self._capacity()
        if capacity <= 0:
            return
        stored = {}
        for key, value in values.items():
            plain = isinstance(value, (str, bytes)) or (
                isinstance(value, tuple) and all(isinstance(part, (str, bytes)) for part in value))
            kept = value if plain else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            size = sum(len(part) for part in kept) if isinstance(kept, tuple) else len(kept)
            if size <= capacity // 4:
                stored[key] = (time.monotonic() + timeout, not plain, kept, size)
        with self.lock:
            if version != self.version:
                self.clear()
                self.version = version
            for key, entry in stored.items():
                self._drop(key)
                self.entries[key] = entry
                self.size += entry[3]
            while self.size > capacity and self.entries:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= entry[3]


_process_cache = _ProcessCache()


def forget_process_cache() -> None:
    """Empty this process's copies (tests: each starts from an empty cache)."""
    with _process_cache.lock:
        _process_cache.clear()


def versioned_get_many(keys: list[str], version: str) -> dict:
    """{key: value} of the keys found, for keys that name `version`: this process's copies first,
    then one round trip to the shared cache for the rest (and the process keeps those)."""
    found = _process_cache.get_many(keys, version)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        if shared:
            _process_cache.set_many(shared, version, seconds())
            found.update(shared)
    return found


def versioned_set_many(values: dict, version: str) -> None:
    cache.set_many(values, seconds())
    _process_cache.set_many(values, version, seconds())


def versioned(name: str, compute):
    """compute() once per content version and language, kept for seconds() and shared by every
    reader: for what a page shows alike to many readers (a panel's rows, forum/fragments.py's
    pieces). Computed on every call when the page cache is off."""
    if not usable():
        return compute()
    version = current_version()
    key = f"versioned:{version}:{get_language()}:{hashlib.sha256(name.encode()).hexdigest()[:32]}"
    value = versioned_get_many([key], version).get(key)
    if value is None:
        value = compute()
        versioned_set_many({key: value}, version)
    return value


def _key(request, version: str) -> str:
    url = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{version}:{get_language()}:{url}"


def _cacheable_request(request) -> bool:
    if not usable() or request.method != "GET":
        return False
    if getattr(request, "htmx", False) or request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def _personalise(content: bytes, request) -> bytes:
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())


def anonymous_page_cache(on_hit=None):
    """Serve anonymous GETs of this view from the cache (see the module's docstring).

    on_hit(request, *args, **kwargs) runs when the page came from the cache (a thread's view count).
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            version = current_version()
            key = _key(request, version)
            cached = versioned_get_many([key], version).get(key)
            if cached is not None:
                content, content_type = cached
                if on_hit:
                    on_hit(request, *args, **kwargs)
                response = HttpResponse(_personalise(content, request), content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
            request._page_cache_render = True
            response = view(request, *args, **kwargs)
            if response.streaming:
                return response
            if response.status_code == 200 and not response.cookies:
                versioned_set_many({key: (response.content, response["Content-Type"])}, version)
                response["X-Page-Cache"] = "miss"
            response.content = _personalise(response.content, request)
            return response

        return wrapper

    return decorate


def context(request) -> dict:
    """Template context processor (last in the list): a page rendered for the cache carries a
    placeholder where the visitor's CSRF token goes; the token is put in when the page is served."""
    shared = {"page_version": fragment_version, "page_cache_seconds": seconds}
    if getattr(request, "_page_cache_render", False):
        return {"csrf_token": CSRF_PLACEHOLDER, **shared}
    return shared


def fragment_version() -> str:
    """What a template's `{% cache page_cache_seconds name page_version … %}` varies on (Django's
    fragment cache, for parts of a page every reader sees alike): the content version, so a change
    shows at once; a fresh value on every call when the page cache is off, so nothing is kept."""
    return current_version() if usable() else f"off-{time.time_ns()}-{os.getpid()}"
