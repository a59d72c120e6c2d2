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
from forum.search import hybrid, semantic
from forum.search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    Query,
    SearchBackend,
    SearchTimedOut,
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


def semantic_health() -> tuple[bool, str]:
    """(ok, detail) of the embedding model, for /healthz: a failure is a warning, search still answers."""
    return semantic.health()


DRIFT_TOLERANCE = 0.1  # share of the searchable documents the index may miss or have extra ...
DRIFT_MINIMUM = 10  # ... and how many at least, before /healthz calls the index broken


def health() -> tuple[bool, str]:
    """(ok, detail) for /healthz: a missing or corrupt index, or one whose document count has
    drifted far from the database's (its folder was deleted and an empty one created), is
    reported as rebuilding, and one rebuild starts by itself."""
    active = backend()
    try:
        ok, detail = active.health()
        if ok:
            indexed, expected = active.count(), count_documents()
            if abs(indexed - expected) > max(DRIFT_MINIMUM, DRIFT_TOLERANCE * expected):
                ok, detail = False, f"{REBUILDING} the index has {indexed} of {expected} documents"
    except SearchUnavailable:
        ok, detail = False, REBUILDING
    if not ok:
        start_auto_rebuild()
    return ok, detail


def rebuilding_now() -> bool:
    """Is an automatic rebuild running on this machine? (the search page says so)"""
    from forum.search import rebuilding

    return rebuilding.in_progress()


def start_auto_rebuild() -> None:
    """A rebuild in the background, once per machine (unless SEARCH_AUTO_REBUILD is off)."""
    if getattr(settings, "SEARCH_AUTO_REBUILD", True):
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
        start_auto_rebuild()
    if semantic.enabled():
        from forum import tasks

        tasks.enqueue(tasks.embed_document, type_name, str(pk))


def embed_document(type_name: str, pk) -> None:
    """Bring one document's embedding up to date (a task after each change; see semantic)."""
    document_type = _documents.document_types().get(type_name)
    if document_type is None:
        return
    document = document_type.document(pk)
    if document is None:
        semantic.remove([_documents.key(type_name, pk)])
    else:
        semantic.store([document])


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


def rebuild(progress=None, embed_progress=None) -> int:
    """A fresh lexical index, then every missing or stale embedding (see embed_all)."""
    count = backend().rebuild(all_documents(), progress=progress)
    embed_all(progress=embed_progress)
    return count


def embed_all(progress=None) -> int:
    """Embed the documents whose stored vector is missing or stale, in batches that each commit,
    so an interrupted run resumes where it stopped; vectors of vanished documents are dropped.
    Returns how many were embedded (0 when the model is unavailable)."""
    if not semantic.enabled():
        return 0
    embedded, batch, live = 0, [], set()

    def flush():
        nonlocal embedded
        embedded += semantic.store(batch, only_stale=True)
        if progress:
            progress(len(batch))
        batch.clear()

    for document in all_documents():
        live.add(_documents.key(document.doc_type, document.doc_id))
        batch.append(document)
        if len(batch) >= semantic.EMBED_BATCH:
            flush()
    flush()
    semantic.prune(live)
    return embedded


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
    timed_out: bool = False  # the words matched too much to rank in time (SEARCH_TIME_LIMIT_MS)
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


def _correct(parsed: ParsedQuery, active: SearchBackend, language: str) -> str:
    """The query with its unknown or misspelt words replaced by known ones, or "" when none is."""
    try:
        found = active.suggest(parsed.terms, language=language)
    except SearchUnavailable:
        return ""
    suggestions = {word: better for word, better in found.items()
                   if word in parsed.terms and better != word and _close_enough(word, better)}
    if not suggestions:
        return ""
    return " ".join(suggestions.get(word, word) for word in parsed.words)


def search(raw: str, *, filters: dict | None = None, sort: str = "relevance", page: int = 1,
           per_page: int = PER_PAGE, facets: bool = True, language: str = "", correct: bool = True) -> SearchPage:
    """Search the site. Never raises for bad input; an unreadable index gives unavailable=True.

    Ranked by relevance, the first pages fuse the lexical matches with the documents closest in
    meaning (forum.search.hybrid); later pages and the date order are lexical. `language` is the
    reader's (the page's): of an article's translations the one in it is the hit.
    """
    started = time.perf_counter()
    parsed = parse(raw)
    page = min(max(int(page or 1), 1), MAX_PAGE)
    result = SearchPage(parsed=parsed, page=page, per_page=per_page)
    if not parsed.terms:
        return result
    sort = sort if sort in SORTS else "relevance"
    reader = language
    language = hybrid.query_language(parsed, language)
    fused_window = sort == "relevance" and page * per_page <= hybrid.CANDIDATES
    query = Query(terms=parsed.terms, filters=dict(filters or {}), sort=sort,
                  page=1 if fused_window else page, per_page=hybrid.CANDIDATES if fused_window else per_page,
                  facets=facets, highlight=not fused_window,  # the fused page's own hits: see hybrid.rank
                  prefer_language=reader or language)
    active = backend()
    # The model reads what was typed: this page shows "did you mean", one click away (the similar
    # box shows none, so there the model reads the correction too; see _quick). Started first, it
    # runs while did-you-mean and the lexical search do.
    pending = hybrid.start(raw, filters=query.filters) if fused_window else None
    suggestion = _correct(parsed, active, language) if correct else ""
    try:
        found = _all_then_any(active, query)
        if suggestion:
            corrected = parse(suggestion)
            if corrected.terms:
                better = Query(**{**query.__dict__, "terms": corrected.terms})
                alternative = _all_then_any(active, better)
                if hybrid.clearly_better(alternative, better.match, found, query.match):
                    found, result.corrected, parsed = alternative, True, corrected
        result.suggestion = suggestion
        if fused_window:
            ranked = hybrid.rank(parsed, found.hits, active, filters=query.filters, language=language,
                                 window=hybrid.CANDIDATES, raw=raw, need=page * per_page, highlight=True,
                                 shown_from=(page - 1) * per_page, profile="search", pending=pending,
                                 reader=reader or language)
            result.hits = ranked.hits[(page - 1) * per_page:page * per_page]
            result.total = found.total + ranked.added
        else:
            result.hits, result.total = found.hits, found.total
        result.facets = found.facets
        if not result.total and rebuilding_now():
            result.unavailable = True  # an empty index being refilled: say so, not "no results"
    except SearchUnavailable:
        result.unavailable = True
        start_auto_rebuild()
    except SearchTimedOut:
        logger.warning("search stopped at its time limit: %r", raw[:200])
        result.timed_out, result.hits, result.total, result.facets = True, [], 0, {}
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


def _quick(text: str, *, filters: dict, limit: int, exclude: tuple[str, ...] = (), scope: str = "all",
           correct: bool = True, language: str = "", use_semantic: bool = True, reader: str = "") -> list[Hit]:
    """The few best documents for a short text, fused lexical + semantic; never raises.

    Both retrievers always return the same number of candidates, so the order of the first five
    does not depend on how many are asked for. Of an article's translations the one in the
    `reader`'s language is the hit (without one: the language the text is in).
    """
    parsed = parse(text)
    if not parsed.terms:
        return []
    language = hybrid.query_language(parsed, language)
    reader = reader or language
    active = backend()
    # Typed fast into the ask form, a title often has a typo the model misreads ("acount opheffen")
    # and nothing offers the correction: the model reads it too (on the relevance set, Dutch R@5
    # in the similar box 0.961 -> 0.968 on Whoosh; on the search page it cost English more).
    # What was typed is embedded meanwhile.
    if use_semantic:
        hybrid.embed_ahead(text)
    suggestion = _correct(parsed, active, language) if correct else ""
    pending = hybrid.start(text, filters=filters, exclude=exclude, also=suggestion) if use_semantic else None
    query = Query(terms=parsed.terms, filters=filters, per_page=hybrid.CANDIDATES, facets=False, highlight=False,
                  exclude=exclude, scope=scope, count=False, match="any",
                  min_match=hybrid.min_match(parsed.terms) if scope == "all" else 1, prefer_language=reader)
    try:
        lexical = active.search(query).hits
        if query.min_match > 1 and len(lexical) < limit and not (use_semantic and semantic.available()):
            # Without the model the minimum match would leave a paraphrase with nothing: the
            # documents with fewer of the words come after those with more.
            query.min_match = 1
            seen = {hit.key for hit in lexical}
            lexical += [hit for hit in active.search(query).hits if hit.key not in seen]
        if suggestion:
            corrected = parse(suggestion)
            if corrected.terms:
                query.terms = corrected.terms
                query.min_match = hybrid.min_match(corrected.terms) if scope == "all" else 1
                alternative = active.search(query).hits
                if len(alternative) > len(lexical):
                    lexical, parsed = alternative, corrected
    except SearchUnavailable:
        lexical = []
    ranked = hybrid.rank(parsed, lexical, active, filters=filters, language=language, exclude=exclude,
                         window=hybrid.CANDIDATES, use_semantic=use_semantic, raw=text, need=limit, pending=pending,
                         reader=reader)
    return ranked.hits[:limit]


def similar(title: str, *, limit: int = 5, language: str = "", doc_types: tuple[str, ...] | list[str] = ()) -> list[Hit]:
    """What may already answer a question being typed (the ask form): threads and articles,
    solved and verified ones first, an open thread with the same problem too (marked).
    `doc_types` narrows it to some document types (the blog's "related threads"). Of an article's
    translations, the one in the language the question is typed in (what the box marks against)."""
    filters = {"doc_types": list(doc_types)} if doc_types else {}
    return _quick(title, filters=filters, limit=limit, language=language)


def related(thread, *, limit: int = 5) -> list[Hit]:
    """Threads like this one (the thread page's side panel): titles and tags, lexical only, so it
    costs one backend call and no database queries or embedding."""
    prefetched = getattr(thread, "_prefetched_objects_cache", {}).get("tags")
    tags = " ".join(tag.name for tag in prefetched) if prefetched is not None else ""
    return _quick(f"{thread.title} {tags}", filters={"doc_types": ["thread"]}, limit=limit, scope="titles",
                  exclude=(_documents.key("thread", thread.pk),), correct=False, use_semantic=False,
                  language=getattr(thread, "language", ""))


def for_missing_page(path: str, *, limit: int = 3, language: str = "") -> list[Hit]:
    """Best guesses for a 404: the words of the missing URL ("/t/12/reset-my-password/"); of an
    article's translations the one in the visitor's `language`."""
    words = " ".join(part for part in path.replace("-", " ").replace("_", " ").split("/") if not part.isdigit())
    return _quick(words, filters={}, limit=limit, correct=False, use_semantic=False, reader=language)
