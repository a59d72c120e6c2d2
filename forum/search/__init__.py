"""The one search module: a small backend interface (Whoosh, PostgreSQL) and a registry of document types.

settings.SEARCH_BACKEND picks the backend: "whoosh" (embedded default, index in
settings.SEARCH_INDEX_DIR) or "postgres" (rows in the shared database). Everything else in the
project calls the functions here, never a backend directly.
"""

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from forum.search import documents as _documents
from forum.search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    Query,
    SearchBackend,
    SearchUnavailable,
)
from forum.search.query import ParsedQuery, parse

logger = logging.getLogger(__name__)

REBUILDING = "rebuilding…"
SORTS = ("relevance", "date")
PER_PAGE = 10
MAX_PAGE = 100
MIN_ALL_MATCHES = 1  # no document has every word: search for any word instead

__all__ = [
    "Hit", "SearchPage", "SearchUnavailable", "backend", "health", "index_document", "index_thread",
    "related", "search", "similar",
]


def backend() -> SearchBackend:
    name = getattr(settings, "SEARCH_BACKEND", "whoosh")
    if name == "postgres":
        from forum.search.backends.postgres_backend import PostgresBackend

        return PostgresBackend()
    from forum.search.backends.whoosh_backend import WhooshBackend

    return WhooshBackend(settings.SEARCH_INDEX_DIR, refresh_seconds=getattr(settings, "SEARCH_REFRESH_SECONDS", 1.0))


def health() -> tuple[bool, str]:
    """(ok, detail) for /healthz: a missing or corrupt Whoosh index is reported as rebuilding."""
    try:
        ok, detail = backend().health()
    except SearchUnavailable:
        ok, detail = False, REBUILDING
    if not ok:
        _start_auto_rebuild()
    return ok, detail


def _start_auto_rebuild() -> None:
    if getattr(settings, "SEARCH_AUTO_REBUILD", True) and getattr(settings, "SEARCH_BACKEND", "whoosh") == "whoosh":
        from forum.search import rebuilding

        rebuilding.start_in_background()


# Indexing


def index_document(type_name: str, pk) -> None:
    """Bring one document up to date: index it, or remove it when it is no longer searchable."""
    document_type = _documents.document_types().get(type_name)
    if document_type is None:
        logger.warning("search: no document type %r registered", type_name)
        return
    document = document_type.document(pk)
    try:
        if document is None:
            backend().delete([(type_name, str(pk))])
        else:
            backend().index([document])
    except SearchUnavailable:
        logger.warning("search: index unavailable, %s:%s not indexed (a rebuild will pick it up)", type_name, pk)
        _start_auto_rebuild()


def index_thread(thread_id: int) -> None:
    index_document("thread", str(thread_id))


def all_documents():
    for document_type in _documents.document_types().values():
        yield from document_type.all_documents()


def count_documents() -> int:
    total = 0
    for document_type in _documents.document_types().values():
        counter = getattr(document_type, "count", None)
        total += counter() if counter else sum(1 for _ in document_type.all_documents())
    return total


def rebuild(progress=None) -> int:
    return backend().rebuild(all_documents(), progress=progress)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # in the database, not in the index
    stale: list[str] = field(default_factory=list)  # indexed, but the database has changed since
    extra: list[str] = field(default_factory=list)  # in the index, no longer searchable

    @property
    def clean(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def check(progress=None) -> Drift:
    indexed = backend().fingerprints()
    drift = Drift()
    seen = set()
    for document in all_documents():
        doc_key = _documents.key(document.doc_type, document.doc_id)
        seen.add(doc_key)
        if doc_key not in indexed:
            drift.missing.append(doc_key)
        elif indexed[doc_key] != _documents.fingerprint(document):
            drift.stale.append(doc_key)
        if progress:
            progress(1)
    drift.extra = sorted(set(indexed) - seen)
    return drift


# Querying


@dataclass
class SearchPage:
    """What the results page shows."""

    parsed: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    facets: dict = field(default_factory=dict)
    suggestion: str = ""  # "did you mean"
    corrected: bool = False  # the hits are for `suggestion` because the query found nothing
    unavailable: bool = False
    took_ms: int = 0

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < min(self.num_pages, MAX_PAGE)

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def snippet_html(text: str) -> str:
    """Escape a snippet, then turn the backend's highlight markers into <mark>."""
    safe = escape(text).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>")
    return mark_safe(safe)  # noqa: S308 - escaped above; only our own tags added


def _close_enough(word: str, suggestion: str) -> bool:
    """A short word only takes a one-letter correction: two edits turn "late" into "lamp"."""
    from whoosh.support.levenshtein import damerau_levenshtein

    return damerau_levenshtein(word, suggestion) <= (1 if len(word) <= 4 else 2)


def _correct(parsed: ParsedQuery, active: SearchBackend) -> str:
    suggestions = {word: better for word, better in active.suggest(parsed.terms).items()
                   if word in parsed.terms and _close_enough(word, better)}
    if not suggestions:
        return ""
    return " ".join(suggestions.get(word, word) for word in parsed.words)


def search(raw: str, *, filters: dict | None = None, sort: str = "relevance", page: int = 1,
           per_page: int = PER_PAGE, facets: bool = True) -> SearchPage:
    """Search the site. Never raises for bad input; an unreadable index gives unavailable=True."""
    started = time.perf_counter()
    parsed = parse(raw)
    page = min(max(int(page or 1), 1), MAX_PAGE)
    result = SearchPage(parsed=parsed, page=page, per_page=per_page)
    if not parsed.terms:
        return result
    query = Query(terms=parsed.terms, filters=dict(filters or {}), sort=sort if sort in SORTS else "relevance",
                  page=page, per_page=per_page, facets=facets)
    active = backend()
    try:
        found = _all_then_any(active, query)
        suggestion = _correct(parsed, active)
        if found.total == 0 and suggestion:
            corrected = parse(suggestion)
            if corrected.terms:
                query.terms = corrected.terms
                found = _all_then_any(active, query)
                result.corrected = found.total > 0
        result.hits, result.total, result.facets = found.hits, found.total, found.facets
        result.suggestion = suggestion
    except SearchUnavailable:
        result.unavailable = True
        _start_auto_rebuild()
    result.took_ms = int((time.perf_counter() - started) * 1000)
    return result


def _all_then_any(active: SearchBackend, query: Query):
    """Documents with every word first; when none has them all, any word (ranked by how many).

    Precise when the words are common, forgiving for paraphrases, and far cheaper for a large
    index than scoring and counting every document that has just one of the words.
    """
    if len(query.terms) > 1:
        query.match = "all"
        found = active.search(query)
        if found.total >= MIN_ALL_MATCHES:
            return found
    query.match = "any"
    return active.search(query)


def _quick(text: str, *, filters: dict, limit: int, exclude: tuple[str, ...] = (), correct: bool = True) -> list[Hit]:
    parsed = parse(text)
    if not parsed.terms:
        return []
    # "Similar" means a similar question: titles and tags only, which at 100k threads is also
    # an order of magnitude less to match and rank than every answer body.
    query = Query(terms=parsed.terms, filters=filters, per_page=limit, facets=False, highlight=False,
                  exclude=exclude, scope="titles", count=False)
    active = backend()
    try:
        hits = active.search(query).hits
        if not hits and correct:
            suggestion = _correct(parsed, active)
            corrected = parse(suggestion)
            if corrected.terms:
                query.terms = corrected.terms
                hits = active.search(query).hits
        return hits
    except SearchUnavailable:
        return []


def similar(title: str, *, limit: int = 5) -> list[Hit]:
    """Solved threads and articles that match a title being typed (the ask form)."""
    types = [name for name in _documents.document_types() if name != "thread"]
    return _quick(title, filters={"solved_or_types": types}, limit=limit)


def related(thread, *, limit: int = 5) -> list[Hit]:
    """Threads like this one (the thread page's side panel); one backend call, no database queries."""
    prefetched = getattr(thread, "_prefetched_objects_cache", {}).get("tags")
    tags = " ".join(tag.name for tag in prefetched) if prefetched is not None else ""
    return _quick(f"{thread.title} {tags}", filters={"doc_types": ["thread"]}, limit=limit,
                  exclude=(_documents.key("thread", thread.pk),), correct=False)


def for_missing_page(path: str, *, limit: int = 3) -> list[Hit]:
    """Best guesses for a 404: the words of the missing URL ("/t/12/reset-my-password/")."""
    words = " ".join(part for part in path.replace("-", " ").replace("_", " ").split("/") if not part.isdigit())
    return _quick(words, filters={}, limit=limit, correct=False)
