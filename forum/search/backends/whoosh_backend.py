"""Whoosh, used directly: the embedded default for one machine.

Layout of settings.SEARCH_INDEX_DIR:
    CURRENT            name of the live index directory (swapped atomically by a rebuild)
    index-<stamp>/     a Whoosh index
    REBUILDING         present while a rebuild runs; writes are also journalled
    rebuild.journal    "type:id" lines changed during a rebuild, replayed into the new index

Several gunicorn workers may write at once: a writer waits briefly for Whoosh's lock, and if the
lock stays taken the change is buffered and committed from a background thread (AsyncWriter), so
a page never waits on another worker's commit and nothing is lost.
"""

import logging
import operator
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import reduce
from pathlib import Path

from whoosh import highlight, index, scoring
from whoosh import query as wq
from whoosh.analysis import LanguageAnalyzer, StandardAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup
from whoosh.writing import AsyncWriter

from forum.search.backends import base, whoosh_scoring
from forum.search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    Query,
    Results,
    SearchBackend,
    SearchUnavailable,
    mark_cuts,
)
from forum.search.backends.whoosh_bits import BitFilter, DocBits, numbers_of
from forum.search.documents import SearchDocument, fingerprint, key, rank_boost

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "nl")
TEXT_FIELDS = [f"{part}_{lang}" for lang in LANGUAGES for part in ("title", "body")] + ["tags"]
TITLE_FIELDS = [f"title_{lang}" for lang in LANGUAGES] + ["tags"]
WRITE_TIMEOUT = 1.0  # seconds a writer waits for the lock before buffering to a background thread
STORED_BODY = 3000  # characters of body kept for highlighting
HIGHLIGHT_CHARS = 1500  # of which the snippet is looked for in the first ones (re-analysed per hit)
REBUILD_BATCH = 2000
RARE_WORD = 1  # documents a word may be in and still be corrected ...
COMMONER = 10  # ... into a word in at least this many times as many

_indexes: dict[str, index.Index] = {}
_indexes_lock = threading.Lock()
_pending: list[AsyncWriter] = []
_searchers = threading.local()
_create_lock = threading.Lock()


def _cache_missing_length_columns() -> None:
    """Whoosh 2.7 stats the disk every time it asks for a length column a segment lacks.

    A segment never changes once written, so remembering "no such column" is safe; this makes
    writing a large index several times faster.
    """
    from whoosh.codec.whoosh3 import W3PerDocReader

    if getattr(W3PerDocReader, "_flawsome_patched", False):
        return

    def _cached_reader(self, fieldname, column):
        try:
            return self._readers[fieldname]
        except KeyError:
            pass
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader

    W3PerDocReader._cached_reader = _cached_reader
    W3PerDocReader._flawsome_patched = True


_cache_missing_length_columns()


def schema() -> Schema:
    stem_en, stem_nl = LanguageAnalyzer("en"), LanguageAnalyzer("nl")
    return Schema(
        key=ID(unique=True, stored=True),
        doc_type=ID(stored=True, sortable=True),
        doc_id=ID(stored=True),
        title=STORED,
        body=STORED,
        url=STORED,
        fp=STORED,
        # phrase=False: no positions (queries are words, highlights re-analyse the stored text).
        title_en=TEXT(analyzer=stem_en, field_boost=3.0, phrase=False),
        body_en=TEXT(analyzer=stem_en, phrase=False),
        title_nl=TEXT(analyzer=stem_nl, field_boost=3.0, phrase=False),
        body_nl=TEXT(analyzer=stem_nl, phrase=False),
        tags=KEYWORD(lowercase=True, commas=True, scorable=True, field_boost=2.0, stored=True),
        # Unstemmed, for "did you mean": a stemmed field would suggest stems.
        spell=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=2), spelling=True, phrase=False),
        # The same per language, so a correction comes from the query's own language first.
        spell_en=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=2), spelling=True, phrase=False),
        spell_nl=TEXT(analyzer=StandardAnalyzer(stoplist=None, minsize=2), spelling=True, phrase=False),
        category=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        status=ID(stored=True),
        language=ID(stored=True),
        solved=ID(stored=True, sortable=True),
        verified=ID(stored=True, sortable=True),
        kudos=NUMERIC(stored=True),
        created=DATETIME(stored=True, sortable=True),
        translation_group=ID(stored=True),  # see SearchDocument.translation_group and _one_per_group
    )


# An index written before a field was added has a schema without it (Whoosh keeps the schema in the
# index): it still answers, a write leaves the new fields out, and a rebuild starts (see open()).
SCHEMA_FIELDS = frozenset(schema().names())


class _MarkerFormatter(highlight.Formatter):
    between = " … "

    def format_token(self, text, token, replace=False):
        return HIGHLIGHT_START + highlight.get_text(text, token, replace) + HIGHLIGHT_END


# Both hold settings only, so every snippet can share them.
_FRAGMENTER = highlight.ContextFragmenter(maxchars=220, surround=60)
_FORMATTER = _MarkerFormatter()


def _fields(document: SearchDocument) -> dict:
    lang = document.language if document.language in LANGUAGES else "en"
    created = document.created_at or datetime.now(UTC)
    return {
        "key": key(document.doc_type, document.doc_id),
        "doc_type": document.doc_type,
        "doc_id": str(document.doc_id),
        "title": document.title,
        "body": document.body[:STORED_BODY],
        "url": document.url,
        "fp": fingerprint(document),
        f"title_{lang}": document.title,
        f"body_{lang}": document.body,
        "tags": ",".join(document.tags),
        "spell": " ".join([document.title, document.body, " ".join(document.tags)]),
        f"spell_{lang}": " ".join([document.title, document.body, " ".join(document.tags)]),
        "category": document.category or "-",
        "kind": document.kind or "-",
        "status": document.status or "-",
        "language": lang,
        "solved": "1" if document.solved else "0",
        "verified": "1" if document.verified else "0",
        "kudos": int(document.kudos),
        # Verified > solved > open, kudos as a tie-breaker: the document boost scales every term
        # weight, so BM25F ranks by it while Whoosh can still skip blocks that cannot reach the
        # top N (a final score multiplier would force scoring every match).
        "_boost": rank_boost(document),
        "created": _naive_utc(created),
        **({"translation_group": document.translation_group} if document.translation_group else {}),
    }


def _known_to(ix, fields: dict) -> dict:
    """The fields an index from before a schema change has (the document's boost always goes)."""
    names = getattr(ix, "_flawsome_fields", SCHEMA_FIELDS)
    if names >= SCHEMA_FIELDS:
        return fields
    return {name: value for name, value in fields.items() if name in names or name.startswith("_")}


def _forget_searchers() -> None:
    cache = _searchers.__dict__
    for searcher in list(cache.values()):
        try:
            searcher.close()
        except Exception:  # noqa: S110 - closing a broken reader may fail too
            pass
    cache.clear()


def wait_for_pending_writes(timeout: float = 30.0) -> None:
    """Join background writers (tests and commands call this; pages never do)."""
    deadline = time.monotonic() + timeout
    while _pending:
        writer = _pending.pop()
        writer.join(max(0.0, deadline - time.monotonic()))


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, root, refresh_seconds: float = 0.0):
        self.root = Path(root)
        self.refresh_seconds = refresh_seconds

    # Where the live index is

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    @property
    def marker(self) -> Path:
        return self.root / "REBUILDING"

    @property
    def journal(self) -> Path:
        return self.root / "rebuild.journal"

    def current_dir(self) -> Path | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return self.root / name if name else None

    def _first_index(self) -> Path:
        """A brand-new site starts with an empty index; one process and thread creates it."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        with _create_lock, open(self.root / "create.lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                path = self.current_dir()
                if path is not None:
                    return path
                if any(self.root.glob("index-*")):
                    raise SearchUnavailable("index pointer missing")
                path = self._new_dir()
                index.create_in(str(path), schema())
                self._point_to(path)
                return path
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _new_dir(self) -> Path:
        path = self.root / f"index-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
        path.mkdir(parents=True)
        return path

    def _point_to(self, path: Path) -> None:
        tmp = self.root / f"CURRENT.{uuid.uuid4().hex}"
        tmp.write_text(path.name)
        os.replace(tmp, self.pointer)

    def open(self) -> index.Index:
        path = self.current_dir()
        if path is None:
            path = self._first_index()
        cache_key = str(path)
        with _indexes_lock:
            ix = _indexes.get(cache_key)
            if ix is None:
                try:
                    ix = index.open_dir(cache_key)
                except Exception as exc:  # missing directory, empty or corrupt table of contents
                    raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc
                ix._flawsome_fields = frozenset(ix.schema.names())
                _indexes.clear()  # an older index was swapped out
                _indexes[cache_key] = ix
                outdated = sorted(SCHEMA_FIELDS - ix._flawsome_fields)
            else:
                outdated = []
        if outdated:
            _outdated_schema(outdated)
        return ix

    @contextmanager
    def _searcher(self):
        """A searcher kept per thread, replaced when the index changed, at most every refresh_seconds.

        The first search on a new searcher of a 100k index is several times slower (files opened,
        Whoosh's per-reader caches cold), so on a busy site a new one for every indexed post would
        make most searches cold: near-real-time, like Elasticsearch's refresh interval (tests: 0).
        """
        ix = self.open()
        cache = _searchers.__dict__
        try:
            searcher = cache.get(ix)
            if searcher is None:
                _forget_searchers()
                searcher = self._new_searcher(ix)
            elif time.monotonic() - searcher._flawsome_opened >= self.refresh_seconds and not searcher.up_to_date():
                # A new searcher, not searcher.refresh(): Whoosh 2.7's reader reuse keeps the old
                # segments in the new reader. Segment bitsets are cached by segment id anyway.
                _forget_searchers()
                searcher = self._new_searcher(ix)
            cache[ix] = searcher
        except Exception as exc:
            with _indexes_lock:
                _indexes.clear()
            _forget_searchers()
            raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc
        try:
            yield searcher
        except Exception:
            _forget_searchers()  # a reader that failed once is not trusted again
            raise

    @staticmethod
    def _new_searcher(ix):
        searcher = ix.searcher(weighting=scoring.BM25F())
        searcher._flawsome_opened = time.monotonic()
        return searcher

    def health(self) -> tuple[bool, str]:
        try:
            with self._searcher() as searcher:
                count = searcher.doc_count()
                searcher.document(key="-")  # touches the stored fields and the term index
        except SearchUnavailable:
            return False, "rebuilding…"
        except Exception:
            return False, "rebuilding…"
        return True, f"whoosh: {count} documents"

    # Writing

    def _write(self, fn: Callable) -> None:
        ix = self.open()
        writer = AsyncWriter(ix, delay=0.1, writerargs={"timeout": WRITE_TIMEOUT})
        try:
            fn(writer)
        except BaseException:
            if writer.writer is not None:
                writer.cancel()
            raise
        writer.commit()
        if writer.writer is None or writer.is_alive():
            _pending.append(writer)  # committing from a background thread once the lock is free
        self._journal_if_rebuilding(fn)

    def _journal_if_rebuilding(self, fn) -> None:
        keys = getattr(fn, "keys", None)
        if keys and self.marker.exists():
            with open(self.journal, "a", encoding="utf-8") as journal:
                journal.write("".join(f"{k}\n" for k in keys))

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return

        ix = self.open()

        def apply(writer):
            for document in documents:
                writer.update_document(**_known_to(ix, _fields(document)))

        apply.keys = [key(d.doc_type, d.doc_id) for d in documents]
        self._write(apply)

    def delete(self, keys: list[tuple[str, str]]) -> None:
        if not keys:
            return

        def apply(writer):
            for doc_type, doc_id in keys:
                writer.delete_by_term("key", key(doc_type, doc_id))

        apply.keys = [key(t, i) for t, i in keys]
        self._write(apply)

    def rebuild(self, documents: Iterable[SearchDocument], progress=None) -> int:
        """Build a complete new index in a fresh directory, then swap the pointer atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(str(os.getpid()))
        self.journal.unlink(missing_ok=True)
        path = self._new_dir()
        count = 0
        try:
            ix = index.create_in(str(path), schema())
            # One writer, one segment: nobody else writes to a directory that is not live yet.
            writer = ix.writer(limitmb=256)
            try:
                for document in documents:
                    writer.add_document(**_fields(document))
                    count += 1
                    if progress and count % REBUILD_BATCH == 0:
                        progress(REBUILD_BATCH)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            if progress:
                progress(count % REBUILD_BATCH)
            self._point_to(path)
            with _indexes_lock:
                _indexes.clear()
            self._replay_journal()
        finally:
            self.marker.unlink(missing_ok=True)
        self._remove_old(keep=path.name)
        return count

    def _replay_journal(self) -> None:
        """Changes made while the new index was built: index them again from the database."""
        try:
            lines = self.journal.read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return
        from forum import search

        for line in dict.fromkeys(lines):
            doc_type, _sep, doc_id = line.partition(":")
            search.index_document(doc_type, doc_id)
        self.journal.unlink(missing_ok=True)

    def _remove_old(self, keep: str) -> None:
        """Old directories go; a worker still reading one keeps its open files (POSIX semantics)."""
        for path in self.root.glob("index-*"):
            if path.name != keep:
                shutil.rmtree(path, ignore_errors=True)

    # Reading

    def _parse(self, searcher, terms: list[str], match: str = "any", scope: str = "all"):
        group = AndGroup if match == "all" else OrGroup.factory(0.9)
        fields = TITLE_FIELDS if scope == "titles" else TEXT_FIELDS
        parser = MultifieldParser(fields, schema=searcher.schema, group=group)
        # Terms are plain words already; no operators, wildcards or field names get through.
        for name in ("wildcard", "plus", "field", "range", "boost", "group", "phrase", "operators"):
            parser.remove_plugin_class(_plugin(name))
        return parser.parse(" ".join(terms))

    def _filter(self, query: Query):
        parts = []
        filters = query.filters
        for name in ("category", "kind"):
            if filters.get(name):
                parts.append(wq.Term(name, filters[name]))
        for name in ("solved", "verified"):
            if filters.get(name):
                parts.append(wq.Term(name, "1"))
        if filters.get("doc_types"):
            parts.append(wq.Or([wq.Term("doc_type", t) for t in filters["doc_types"]]))
        if "solved_or_types" in filters:
            parts.append(wq.Or([wq.Term("solved", "1")] + [wq.Term("doc_type", t) for t in filters["solved_or_types"]]))
        return wq.And(parts) if parts else None

    def search(self, query: Query) -> Results:
        with self._searcher() as searcher:
            try:
                return self._search(searcher, query)
            except SearchUnavailable:
                raise
            except (OSError, EOFError, ValueError, KeyError, IndexError) as exc:
                with _indexes_lock:
                    _indexes.clear()
                raise SearchUnavailable(f"{exc.__class__.__name__}: {exc}") from exc

    def _search(self, searcher, query: Query) -> Results:
        """Total and facets from bitsets; only the page's documents are scored, read and highlighted."""
        parsed = self._parse(searcher, query.terms, query.match, query.scope)
        bits = DocBits.of(searcher)
        allowed = bits.matching(parsed) & bits.live
        restrict = self._filter(query)
        if restrict is not None:
            allowed &= bits.matching(restrict)
        for excluded in query.exclude:
            allowed &= ~bits.term("key", excluded)
        per_term = []
        if query.match == "any" and len(query.terms) > 1:
            per_term = [bits.matching(self._parse(searcher, [term], "any", query.scope)) for term in query.terms]
        selecting = _selecting(per_term)
        if selecting is not None:
            allowed &= selecting
        at_least = query.min_match > 1 and bool(per_term)
        if at_least:
            allowed &= _matching_at_least(per_term, query.min_match)
        if not query.count and (selecting is not None or at_least):
            allowed = _first(allowed, base.SCAN_CAP)
        allowed = _one_per_group(bits, allowed, query.prefer_language)
        total = allowed.bit_count()
        wanted = max(query.page, 1) * query.per_page
        if not total:
            ranked = []
        elif query.sort == "date":
            ranked = [(number, 0.0) for number in bits.newest_first(allowed, wanted)]
        else:
            ranked = self._ranked(searcher, bits, parsed, allowed, wanted)
        page = ranked[wanted - query.per_page:wanted]
        highlight_terms = _terms_by_field(parsed) if query.highlight else {}
        hits = [self._hit(searcher, number, score, highlight_terms) for number, score in page]
        facets = {}
        if query.facets:
            facets = {name: {k: v for k, v in counts.items() if k != "-"}
                      for name, counts in bits.facet_counts(allowed).items()}
        return Results(hits=hits, total=total, facets=facets)

    @staticmethod
    def _ranked(searcher, bits, parsed, allowed: int, wanted: int) -> list[tuple[int, float]]:
        """The best `wanted` of `allowed`, Whoosh's BM25F scores computed over arrays (whoosh_scoring);
        a query shape the array scorer does not know is ranked by Whoosh itself."""
        try:
            return whoosh_scoring.top(searcher, bits, parsed, allowed, wanted)
        except whoosh_scoring.Unsupported:
            return list(searcher.search(parsed, limit=wanted, filter=BitFilter(allowed)).items())

    def _hit(self, searcher, number: int, score: float, highlight_terms: dict) -> Hit:
        stored = searcher.stored_fields(number)
        body = stored.get("body", "")
        lang = stored.get("language", "en")
        snippet = ""
        terms = highlight_terms.get(f"body_{lang}")
        if terms:
            snippet = mark_cuts(highlight.highlight(
                body[:HIGHLIGHT_CHARS], terms, searcher.schema[f"body_{lang}"].analyzer, _FRAGMENTER, _FORMATTER, top=2,
            ), body)
        return Hit(
            translation_group=stored.get("translation_group", ""),
            doc_type=stored["doc_type"], doc_id=stored["doc_id"], title=stored["title"], url=stored["url"],
            snippet=snippet or body[:220], category=_blank(stored.get("category")),
            kind=_blank(stored.get("kind")), status=_blank(stored.get("status")), language=lang,
            solved=stored.get("solved") == "1", verified=stored.get("verified") == "1",
            kudos=stored.get("kudos", 0), created_at=_aware(stored.get("created")), score=score or 0.0,
        )

    def suggest(self, words: list[str], language: str = "") -> dict[str, str]:
        """Unknown words, and words the index hardly uses when a close word is far more common.

        With a language, its own vocabulary first (an English "adress" becomes "address", not the
        Dutch "adres"); the shared one when that has nothing close.
        """
        with self._searcher() as searcher:
            reader = searcher.reader()
            fields = [f"spell_{language}"] if f"spell_{language}" in searcher.schema else []
            fields.append("spell")
            suggestions = {}
            for word in words:
                if len(word) < 3 or word.isdigit():
                    continue
                seen = reader.doc_frequency("spell", word)
                if seen > RARE_WORD:
                    continue  # a word the community uses is not a typo, however close another is
                for fieldname in fields:
                    found = [w for w in searcher.corrector(fieldname).suggest(word, limit=3, maxdist=2, prefix=1)
                             if w != word]
                    found = [w for w in found if reader.doc_frequency("spell", w) >= max(COMMONER * seen, 1)]
                    if found:
                        suggestions[word] = max(found, key=lambda w: (-_distance(word, w),
                                                                      reader.doc_frequency("spell", w)))
                        break
            return suggestions

    def fetch(self, keys: list[str], terms: list[str] = ()) -> dict[str, Hit]:
        with self._searcher() as searcher:
            parsed = self._parse(searcher, list(terms), "any") if terms else None
            highlight_terms = _terms_by_field(parsed) if parsed is not None else {}
            found = {}
            reader = searcher.reader()
            for doc_key in keys:
                for number in searcher.document_numbers(key=doc_key):
                    if not reader.is_deleted(number):
                        found[doc_key] = self._hit(searcher, number, 0.0, highlight_terms)
                        break
            return found

    def fingerprints(self) -> dict[str, str]:
        with self._searcher() as searcher:
            return {fields["key"]: fields.get("fp", "") for fields in searcher.all_stored_fields()}

    def count(self) -> int:
        with self._searcher() as searcher:
            return searcher.doc_count()


def _outdated_schema(missing: list[str]) -> None:
    """The live index is from before these fields: it answers as it is while a rebuild (in the
    background, once per machine) makes one with them; writes meanwhile are journalled into it."""
    from forum import search

    logger.warning("search: the index lacks the fields %s; rebuilding it in the background", ", ".join(missing))
    search.start_auto_rebuild()


def _one_per_group(bits: DocBits, allowed: int, prefer_language: str) -> int:
    """`allowed` with one document of each translation group that has several in it: the one in
    `prefer_language`, else the first the index holds (Query.prefer_language)."""
    grouped_anywhere, group_of = bits.groups()
    grouped = allowed & grouped_anywhere
    if grouped & (grouped - 1) == 0:  # none or one: nothing to choose between
        return allowed
    preferred = bits.term("language", prefer_language) if prefer_language else 0
    kept: dict[str, int] = {}
    for number in numbers_of(grouped).tolist():
        group = group_of[number]
        held = kept.get(group)
        if held is None or (preferred >> number & 1 and not preferred >> held & 1):
            kept[group] = number
    if len(kept) == grouped.bit_count():
        return allowed
    return allowed & ~grouped | reduce(operator.or_, (1 << number for number in kept.values()))


def _matching_at_least(per_term: list[int], min_match: int) -> int:
    """Documents containing at least min_match of the terms (one bitset per term)."""
    counts = [0] * min_match  # counts[i]: documents with more than i of the terms
    for has in per_term:
        for i in range(min_match - 1, 0, -1):
            counts[i] |= counts[i - 1] & has
        counts[0] |= has
    return counts[-1]


def _first(bits: int, limit: int) -> int:
    """The first `limit` documents of a bitset, in index order (PostgreSQL's LIMIT takes table order)."""
    if bits.bit_count() <= limit:
        return bits
    numbers = BitFilter(bits)
    kept = 0
    for count, number in enumerate(numbers, 1):
        if count == limit:
            kept = bits & ((1 << (number + 1)) - 1)
            break
    return kept


def _selecting(per_term: list[int]) -> int | None:
    """The documents that may be candidates (see base.COMMON_ROWS), or None when every match may be:
    those with any word that is not common, or with all the common ones."""
    common = [has for has in per_term if has.bit_count() > base.COMMON_ROWS]
    if not common:
        return None
    rare = reduce(operator.or_, (has for has in per_term if has.bit_count() <= base.COMMON_ROWS), 0)
    return rare | reduce(operator.and_, common)


def _terms_by_field(parsed) -> dict[str, set[str]]:
    """The analysed (stemmed) query words per field, as the highlighter matches them."""
    terms: dict[str, set[str]] = {}
    for fieldname, text in parsed.iter_all_terms():
        terms.setdefault(fieldname, set()).add(text.decode() if isinstance(text, bytes) else text)
    return terms


def _distance(word: str, other: str) -> int:
    from whoosh.support.levenshtein import damerau_levenshtein

    return damerau_levenshtein(word, other)


def _plugin(name: str):
    from whoosh.qparser import plugins

    return {
        "wildcard": plugins.WildcardPlugin, "plus": plugins.PlusMinusPlugin, "field": plugins.FieldsPlugin,
        "range": plugins.RangePlugin, "boost": plugins.BoostPlugin, "group": plugins.GroupPlugin,
        "phrase": plugins.PhrasePlugin, "operators": plugins.OperatorsPlugin,
    }[name]


def _blank(value) -> str:
    return "" if value in (None, "-") else value


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _aware(value):
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
