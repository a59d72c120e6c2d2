"""PostgreSQL full-text search: for many app servers sharing one database.

Each document is a forum_searchentry row with a weighted tsvector built with the document's
language configuration ('english' or 'dutch'): title A, tags B, body C. Queries OR the words,
match them in both configurations, rank with ts_rank times the document's rank boost and
highlight with ts_headline. "Did you mean" uses pg_trgm similarity over forum_searchword.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from forum.search.backends.base import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    Query,
    Results,
    SearchBackend,
    mark_cuts,
)
from forum.search.documents import SearchDocument, fingerprint, key, rank_boost
from forum.search.query import words_of

CONFIGS = {"en": "english", "nl": "dutch"}
MAX_BODY = 100_000
REBUILD_BATCH = 1000
SIMILARITY_THRESHOLD = 0.25

_UPSERT = """
INSERT INTO forum_searchentry
    (doc_type, doc_id, title, body, url, language, category, kind, status, tags, solved, verified,
     kudos, boost, created_at, fingerprint, vector, title_vector)
VALUES (%(doc_type)s, %(doc_id)s, %(title)s, %(body)s, %(url)s, %(language)s, %(category)s, %(kind)s,
        %(status)s, %(tags)s, %(solved)s, %(verified)s, %(kudos)s, %(boost)s, %(created_at)s,
        %(fingerprint)s,
        setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(config)s::regconfig, %(tags)s), 'B')
        || setweight(to_tsvector(%(config)s::regconfig, %(body)s), 'C'),
        setweight(to_tsvector(%(config)s::regconfig, %(title)s), 'A')
        || setweight(to_tsvector(%(config)s::regconfig, %(tags)s), 'B'))
ON CONFLICT (doc_type, doc_id) DO UPDATE SET
    title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url, language = EXCLUDED.language,
    category = EXCLUDED.category, kind = EXCLUDED.kind, status = EXCLUDED.status, tags = EXCLUDED.tags,
    solved = EXCLUDED.solved, verified = EXCLUDED.verified, kudos = EXCLUDED.kudos,
    boost = EXCLUDED.boost, created_at = EXCLUDED.created_at, fingerprint = EXCLUDED.fingerprint,
    vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector
"""
_WORDS = "INSERT INTO forum_searchword (word) SELECT unnest(%s::text[]) ON CONFLICT (word) DO NOTHING"
_HEADLINE_OPTIONS = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_END}", MaxFragments=2, MaxWords=28, '
    'MinWords=12, FragmentDelimiter=" … "'
)


def _row(document: SearchDocument) -> dict:
    language = document.language if document.language in CONFIGS else "en"
    return {
        "doc_type": document.doc_type,
        "doc_id": str(document.doc_id),
        "title": document.title[:300],
        "body": document.body[:MAX_BODY],
        "url": document.url,
        "language": language,
        "config": CONFIGS[language],
        "category": document.category,
        "kind": document.kind,
        "status": document.status,
        "tags": " ".join(document.tags)[:500],
        "solved": document.solved,
        "verified": document.verified,
        "kudos": int(document.kudos),
        "boost": rank_boost(document),
        "created_at": document.created_at,
        "fingerprint": fingerprint(document),
    }


def _vocabulary(documents: list[SearchDocument]) -> list[str]:
    words = set()
    for document in documents:
        for word in words_of(f"{document.title} {document.body} {' '.join(document.tags)}"):
            if 3 <= len(word) <= 40 and not word.isdigit():
                words.add(word)
    return sorted(words)


def _tsquery(terms: list[str], match: str = "any") -> str:
    # Terms are \w words (see forum.search.query); quoting keeps each one a single lexeme.
    return (" & " if match == "all" else " | ").join("'" + term.replace("'", "") + "'" for term in terms if term)


def _vector(query: Query) -> str:
    """Titles and tags have a vector (and GIN index) of their own: far fewer rows match it."""
    return "title_vector" if query.scope == "titles" else "vector"


class PostgresBackend(SearchBackend):
    name = "postgres"

    def _write(self, rows: list[dict], words: list[str]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_UPSERT, rows)
            if words:
                cursor.execute(_WORDS, [words])

    def index(self, documents: list[SearchDocument]) -> None:
        if documents:
            self._write([_row(d) for d in documents], _vocabulary(documents))

    def delete(self, keys: list[tuple[str, str]]) -> None:
        if not keys:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM forum_searchentry WHERE doc_type = %s AND doc_id = %s",
                [(doc_type, str(doc_id)) for doc_type, doc_id in keys],
            )

    def rebuild(self, documents: Iterable[SearchDocument], progress=None) -> int:
        """New rows replace the old ones in one transaction: readers see the old index until commit."""
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM forum_searchentry")
            cursor.execute("DELETE FROM forum_searchword")
            batch: list[SearchDocument] = []

            def flush():
                if batch:
                    cursor.executemany(_UPSERT, [_row(d) for d in batch])
                    cursor.execute(_WORDS, [_vocabulary(batch)])
                    if progress:
                        progress(len(batch))
                batch.clear()

            for document in documents:
                batch.append(document)
                count += 1
                if len(batch) >= REBUILD_BATCH:
                    flush()
            flush()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE forum_searchentry")
        return count

    def health(self) -> tuple[bool, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM forum_searchentry")
            (count,) = cursor.fetchone()
        return True, f"postgres: {count} documents"

    def _where(self, query: Query) -> tuple[list[str], dict]:
        clauses = [f"e.{_vector(query)} @@ q.query"]
        params: dict = {}
        filters = query.filters
        for name in ("category", "kind"):
            if filters.get(name):
                clauses.append(f"e.{name} = %({name})s")
                params[name] = filters[name]
        for name in ("solved", "verified"):
            if filters.get(name):
                clauses.append(f"e.{name}")
        if filters.get("doc_types"):
            clauses.append("e.doc_type = ANY(%(doc_types)s)")
            params["doc_types"] = list(filters["doc_types"])
        if "solved_or_types" in filters:
            clauses.append("(e.solved OR e.doc_type = ANY(%(solved_or_types)s))")
            params["solved_or_types"] = list(filters["solved_or_types"])
        if query.exclude:
            clauses.append("NOT ((e.doc_type || ':' || e.doc_id) = ANY(%(exclude)s))")
            params["exclude"] = list(query.exclude)
        return clauses, params

    def search(self, query: Query) -> Results:
        tsquery = _tsquery(query.terms, query.match)
        clauses, params = self._where(query)
        params.update(tsquery=tsquery, limit=query.per_page, offset=(max(query.page, 1) - 1) * query.per_page)
        with_q = (
            "WITH q AS (SELECT to_tsquery('english', %(tsquery)s) || to_tsquery('dutch', %(tsquery)s)"
            " AS query)"
        )
        where = " AND ".join(clauses)
        order = "e.created_at DESC, e.id DESC" if query.sort == "date" else "score DESC, e.id"
        headline = (
            "ts_headline(CASE WHEN p.language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, "
            "left(p.body, 5000), q.query, %(headline)s)" if query.highlight else "left(p.body, 220)"
        )
        params["headline"] = _HEADLINE_OPTIONS
        sql = f"""
            {with_q},
            page AS (
                SELECT e.id, e.doc_type, e.doc_id, e.title, e.url, e.body, e.category, e.kind, e.status,
                       e.language, e.solved, e.verified, e.kudos, e.created_at,
                       ts_rank(e.{_vector(query)}, q.query) * e.boost AS score
                FROM forum_searchentry e, q WHERE {where}
                ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT p.doc_type, p.doc_id, p.title, p.url, {headline}, p.category, p.kind, p.status,
                   p.language, p.solved, p.verified, p.kudos, p.created_at, p.score, left(p.body, 5000)
            FROM page p, q ORDER BY {order.replace('e.', 'p.')}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            hits = [
                Hit(doc_type=r[0], doc_id=r[1], title=r[2], url=r[3],
                    snippet=mark_cuts(r[4] or "", r[14]) if query.highlight else r[4] or "", category=r[5],
                    kind=r[6], status=r[7], language=r[8], solved=r[9], verified=r[10], kudos=r[11],
                    created_at=r[12], score=float(r[13] or 0))
                for r in cursor.fetchall()
            ]
            facets: dict[str, dict[str, int]] = {}
            if query.facets:
                cursor.execute(
                    f"""{with_q}
                    SELECT GROUPING(e.category), GROUPING(e.kind), GROUPING(e.solved), GROUPING(e.verified),
                           GROUPING(e.doc_type), e.category, e.kind, e.solved, e.verified, e.doc_type, count(*)
                    FROM forum_searchentry e, q WHERE {where}
                    GROUP BY GROUPING SETS ((e.category), (e.kind), (e.solved), (e.verified), (e.doc_type), ())
                    """,
                    params,
                )
                total = 0
                facets = {name: {} for name in ("category", "kind", "solved", "verified", "doc_type")}
                for g_cat, g_kind, g_solved, g_verified, g_type, cat, kind, solved, verified, doc_type, n in cursor.fetchall():
                    if g_cat and g_kind and g_solved and g_verified and g_type:
                        total = n
                    elif not g_cat:
                        if cat:
                            facets["category"][cat] = n
                    elif not g_kind:
                        if kind:
                            facets["kind"][kind] = n
                    elif not g_solved:
                        facets["solved"]["1" if solved else "0"] = n
                    elif not g_verified:
                        facets["verified"]["1" if verified else "0"] = n
                    elif not g_type:
                        facets["doc_type"][doc_type] = n
            elif query.count:
                cursor.execute(f"{with_q} SELECT count(*) FROM forum_searchentry e, q WHERE {where}", params)
                (total,) = cursor.fetchone()
            else:
                total = len(hits)
        return Results(hits=hits, total=total, facets=facets)

    def suggest(self, words: list[str]) -> dict[str, str]:
        candidates = [w for w in words if len(w) >= 3 and not w.isdigit()]
        if not candidates:
            return {}
        with connection.cursor() as cursor:
            # The default threshold (0.3) misses a swapped letter in a short word ("refnud").
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, false)", [str(SIMILARITY_THRESHOLD)])
            cursor.execute(
                """
                SELECT w.word, (
                    SELECT s.word FROM forum_searchword s
                    WHERE s.word %% w.word
                    ORDER BY similarity(s.word, w.word) DESC, abs(length(s.word) - length(w.word)), s.word
                    LIMIT 1)
                FROM unnest(%s::text[]) AS w(word)
                WHERE NOT EXISTS (SELECT 1 FROM forum_searchword k WHERE k.word = w.word)
                """,
                [candidates],
            )
            return {word: best for word, best in cursor.fetchall() if best}

    def fingerprints(self) -> dict[str, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT doc_type, doc_id, fingerprint FROM forum_searchentry")
            return {key(t, i): fp for t, i, fp in cursor.fetchall()}

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM forum_searchentry")
            return cursor.fetchone()[0]
