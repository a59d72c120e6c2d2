"""PostgreSQL full-text search: for many app servers sharing one database.

Each document is a forum_searchentry row with a weighted tsvector built with the document's
language configuration ('english' or 'dutch'): title A, tags B, body C. Queries OR the words,
match them in both configurations, rank with ts_rank times the document's rank boost and
highlight with ts_headline. "Did you mean" uses pg_trgm similarity over forum_searchword.
"""

from collections.abc import Iterable
from contextlib import nullcontext

import psycopg
from django.conf import settings
from django.db import OperationalError, connection, transaction

from forum.search.backends import base
from forum.search.backends.base import (
    FACETS,
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    Query,
    Results,
    SearchBackend,
    SearchTimedOut,
    mark_cuts,
)
from forum.search.documents import SearchDocument, fingerprint, key, rank_boost
from forum.search.query import words_of

CONFIGS = {"en": "english", "nl": "dutch"}
MAX_BODY = 100_000
REBUILD_BATCH = 1000
SIMILARITY_THRESHOLD = 0.25
# How common each word is (see base.COMMON_ROWS) comes from PostgreSQL's own statistics
# (pg_stats.most_common_elems, kept by ANALYZE): no extra query and no table of our own.

_UPSERT = """
INSERT INTO forum_searchentry
    (doc_type, doc_id, title, body, url, language, category, kind, status, tags, solved, verified,
     kudos, boost, created_at, fingerprint, translation_group, vector, title_vector)
VALUES (%(doc_type)s, %(doc_id)s, %(title)s, %(body)s, %(url)s, %(language)s, %(category)s, %(kind)s,
        %(status)s, %(tags)s, %(solved)s, %(verified)s, %(kudos)s, %(boost)s, %(created_at)s,
        %(fingerprint)s, %(translation_group)s,
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
    translation_group = EXCLUDED.translation_group, vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector
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
        "translation_group": document.translation_group[:100],
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


# GROUPING(category, kind, solved, verified, doc_type) sets a bit for each column NOT grouped on;
# a grouping set on one column leaves the other four bits set.
_GROUPED_ON = {0b01111: "category", 0b10111: "kind", 0b11011: "solved", 0b11101: "verified", 0b11110: "doc_type"}


def _count_row(row, facets: dict, total: int) -> int:
    """Fold one counting row into the facets; returns the total (the row grouped on nothing)."""
    grouping, count = row[16], row[17]
    name = _GROUPED_ON.get(grouping)
    if name is None:
        return count if grouping == 0b11111 else total
    value = {"category": row[6], "kind": row[7], "solved": row[10], "verified": row[11], "doc_type": row[1]}[name]
    if isinstance(value, bool):
        value = "1" if value else "0"
    if value:
        facets[name][value] = count
    return total


def _hit(row, highlight: bool) -> Hit:
    return Hit(
        doc_type=row[1], doc_id=row[2], title=row[3], url=row[4],
        snippet=mark_cuts(row[5] or "", row[15]) if highlight else row[5] or "",
        category=row[6], kind=row[7], status=row[8], language=row[9], solved=row[10],
        verified=row[11], kudos=row[12], created_at=row[13], score=float(row[14] or 0),
        translation_group=row[18] or "",
    )


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
            # The rebuild left every old row dead: VACUUM reclaims them (or each rebuild would grow the
            # table) and marks the new ones all-visible. It cannot run inside a transaction, which
            # tests and callers holding one have: there, ANALYZE alone.
            if connection.in_atomic_block:
                cursor.execute("ANALYZE forum_searchentry")
            else:
                cursor.execute("VACUUM (ANALYZE) forum_searchentry")
                cursor.execute("VACUUM (ANALYZE) forum_searchword")
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
        """One statement: the matches are found and ranked once, then paged and counted from there.

        (Counting and faceting with a second statement searched the index twice; for a broad
        query at 100k threads that doubled the work.)

        ts_rank has no notion of how rare a word is, so "pakket" in a title would beat the real
        match: each term is ranked on its own and weighted by its BM25 inverse document frequency,
        counted among the matches in the same statement (n from the planner's row estimate).
        """
        clauses, params = self._where(query)
        terms = [t for t in query.terms if t][:12]
        params.update(tsquery=_tsquery(terms, query.match), headline=_HEADLINE_OPTIONS,
                      prefer_language=query.prefer_language,
                      limit=query.per_page, offset=(max(query.page, 1) - 1) * query.per_page)
        vector = _vector(query)
        per_term = []
        for i, term in enumerate(terms):
            params[f"t{i}"] = _tsquery([term])
            per_term.append(f"to_tsquery('english', %(t{i})s) || to_tsquery('dutch', %(t{i})s) AS q{i}")
        # Normalisation 2 divides by the document's length, as BM25 does: without it a long thread
        # that names "account" in passing outranks the short one about deleting the account (on the
        # relevance set, Dutch R@5 on the search page 0.955 -> 0.961, the similar box 0.961 -> 0.968).
        ranks = ", ".join(f"ts_rank(e.{vector}, q.q{i}, 2) AS r{i}" for i in range(len(terms)))
        df = ", ".join(f"count(*) FILTER (WHERE m.r{i} > 0) AS d{i}" for i in range(len(terms)))
        idf = " + ".join(f"ln(1 + (n.n - df.d{i} + 0.5) / (df.d{i} + 0.5)) * m.r{i}" for i in range(len(terms)))
        matched = " + ".join(f"(m.r{i} > 0)::int" for i in range(len(terms)))
        at_least = ""
        if query.match == "any" and query.min_match > 1 and len(terms) > 1:
            at_least = f"WHERE {matched} >= %(min_match)s"
            params["min_match"] = query.min_match
        order = "m.created_at DESC, m.id DESC" if query.sort == "date" else "m.score DESC, m.id"
        snippet = (
            "ts_headline(CASE WHEN e.language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, "
            "left(e.body, 5000), q.query, %(headline)s)" if query.highlight else "left(e.body, 220)"
        )
        if query.facets:
            counts = """
                SELECT 1, m.doc_type, NULL, NULL, NULL, NULL, m.category, m.kind, NULL, NULL, m.solved,
                       m.verified, NULL, NULL, NULL, NULL,
                       GROUPING(m.category, m.kind, m.solved, m.verified, m.doc_type), count(*), NULL
                FROM every_match m
                GROUP BY GROUPING SETS ((m.category), (m.kind), (m.solved), (m.verified), (m.doc_type), ())"""
        elif query.count:
            counts = """
                SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                       NULL, 31, count(*), NULL FROM every_match"""
        else:
            counts = ""
        prune = query.match == "any" and len(terms) > 1
        if prune:
            # The candidates: documents with any of the words that are not common, or with all the
            # common ones (base.COMMON_ROWS). df.d{i} below takes the larger of the count among the
            # candidates and this estimate, as a common word is undercounted among them.
            params.update(terms=terms, common_rows=base.COMMON_ROWS)
            q_source = """
            est AS (
                SELECT u.i, u.t, coalesce(max(s.freq), 0) * (
                           SELECT greatest(reltuples::float, 1) FROM pg_class
                           WHERE oid = 'forum_searchentry'::regclass) AS df
                FROM unnest(%(terms)s::text[]) WITH ORDINALITY u(t, i)
                LEFT JOIN LATERAL unnest(tsvector_to_array(
                    to_tsvector('english', u.t) || to_tsvector('dutch', u.t))) l(lexeme) ON true
                LEFT JOIN (
                    SELECT s.elem, s.freq FROM pg_stats p,
                           unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) s(elem, freq)
                    WHERE p.schemaname = current_schema() AND p.tablename = 'forum_searchentry'
                      AND p.attname = 'vector'
                ) s ON s.elem = l.lexeme
                GROUP BY u.i, u.t
            ),
            wanted AS (
                SELECT concat_ws(' | ',
                                 string_agg('''' || t || '''', ' | ' ORDER BY i) FILTER (WHERE df <= %(common_rows)s),
                                 '(' || string_agg('''' || t || '''', ' & ' ORDER BY i)
                                        FILTER (WHERE df > %(common_rows)s) || ')') AS tsquery
                FROM est
            ),
            q AS (SELECT to_tsquery('english', w.tsquery) || to_tsquery('dutch', w.tsquery) AS query, {per_term}
                  FROM wanted w),"""
        else:
            q_source = """
            q AS (SELECT to_tsquery('english', %(tsquery)s) || to_tsquery('dutch', %(tsquery)s) AS query,
                         {per_term}),"""
        if prune:
            df = ", ".join(f"greatest(count(*) FILTER (WHERE m.r{i} > 0), (SELECT df FROM est WHERE i = {i + 1})) AS d{i}"
                           for i in range(len(terms)))
        scan_cap = ""
        if not query.count and not query.facets:
            scan_cap = "LIMIT %(scan_cap)s"
            params["scan_cap"] = base.SCAN_CAP
        columns = "e.id, e.category, e.kind, e.solved, e.verified, e.doc_type, e.created_at, e.boost, " \
                  "e.translation_group, e.language"
        counted = bool(query.count or query.facets)
        if counted:
            # Every match is counted (cheap columns only); the ranks, which read each document's
            # vector, are computed for the RANK_CAP best candidates (base.RANK_CAP). A term's
            # document frequency among them is scaled up to all the matches.
            params["rank_cap"] = base.RANK_CAP
            candidates = ("c.created_at DESC NULLS LAST, c.id DESC" if query.sort == "date"
                          else "c.boost DESC, c.created_at DESC NULLS LAST, c.id DESC")
            found = f"""
            found AS MATERIALIZED (
                SELECT {columns} FROM forum_searchentry e, q WHERE {" AND ".join(clauses)}
            ),
            hits AS MATERIALIZED (
                SELECT c.*, {ranks}
                FROM (SELECT * FROM found c ORDER BY {candidates} LIMIT %(rank_cap)s) c
                JOIN forum_searchentry e ON e.id = c.id, q
            ),
            scale AS (SELECT (SELECT count(*) FROM found)::float / greatest((SELECT count(*) FROM hits), 1) AS k),"""
            df = ", ".join(f"count(*) FILTER (WHERE m.r{i} > 0) * (SELECT k FROM scale) AS d{i}"
                           for i in range(len(terms)))
            if prune:
                df = ", ".join(f"greatest(count(*) FILTER (WHERE m.r{i} > 0) * (SELECT k FROM scale), "
                               f"(SELECT df FROM est WHERE i = {i + 1})) AS d{i}" for i in range(len(terms)))
            every, grouped = "found", "found"
        else:
            found = f"""
            hits AS MATERIALIZED (
                SELECT {columns}, {ranks}
                FROM forum_searchentry e, q WHERE {" AND ".join(clauses)} {scan_cap}
            ),"""
            every, grouped = "hits", "scored"
        sql = f"""
            WITH {q_source.format(per_term=", ".join(per_term)).strip()}
            {found.strip()}
            n AS (SELECT greatest(reltuples::float, (SELECT count(*) FROM {every}), 1) AS n
                  FROM pg_class WHERE oid = 'forum_searchentry'::regclass),
            df AS (SELECT {df} FROM hits m),
            scored AS MATERIALIZED (
                SELECT m.id, m.category, m.kind, m.solved, m.verified, m.doc_type, m.created_at,
                       m.translation_group, m.language, ({idf}) * m.boost AS score
                FROM hits m, n, df {at_least}
            ),
            -- One of each translation group's matches (Query.prefer_language): the others are left out.
            other_translations AS (
                SELECT g.id FROM (
                    SELECT s.id, row_number() OVER (PARTITION BY s.translation_group
                                                    ORDER BY s.language = %(prefer_language)s DESC, s.id) AS n
                    FROM {grouped} s WHERE s.translation_group <> ''
                ) g WHERE g.n > 1
            ),
            matches AS MATERIALIZED (
                SELECT * FROM scored s WHERE s.id NOT IN (SELECT id FROM other_translations)
            ),
            every_match AS (
                SELECT * FROM {every} s WHERE s.id NOT IN (SELECT id FROM other_translations)
            ),
            page AS (
                SELECT m.id, m.score, row_number() OVER (ORDER BY {order}) AS position
                FROM matches m ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT * FROM (
                SELECT 0 AS part, e.doc_type, e.doc_id, e.title, e.url, {snippet}, e.category, e.kind, e.status,
                       e.language, e.solved, e.verified, e.kudos, e.created_at, p.score, left(e.body, 5000),
                       p.position, NULL::bigint, e.translation_group
                FROM page p JOIN forum_searchentry e ON e.id = p.id, q
                {"UNION ALL" + counts if counts else ""}
            ) rows ORDER BY part, 17
        """
        hits, total = [], 0
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS} if query.facets else {}
        if not terms:
            return Results(hits=[], total=0, facets=facets)
        # A time limit for a counted search (SET LOCAL, this statement only): at a million posts a
        # query of common words matches most of the index, and counting it all could take seconds; it
        # is stopped so that it cannot hold a worker and the database (the page asks the reader to
        # narrow it). An uncounted search ranks at most SCAN_CAP documents and needs none. Inside a
        # caller's transaction the atomic block is a savepoint, which keeps a SET LOCAL past its
        # release: the caller's own limit is put back afterwards.
        limit = int(getattr(settings, "SEARCH_TIME_LIMIT_MS", 0) or 0) if counted else 0
        with transaction.atomic() if limit else nullcontext(), connection.cursor() as cursor:
            if limit:
                cursor.execute("SELECT current_setting('statement_timeout'), "
                               "set_config('statement_timeout', %s, true)", [str(limit)])
                before = cursor.fetchone()[0]
            try:
                cursor.execute(sql, params)
            except OperationalError as error:
                if isinstance(error.__cause__, psycopg.errors.QueryCanceled):
                    raise SearchTimedOut(f"stopped after {limit} ms") from error
                raise
            rows = cursor.fetchall()
            if limit:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])
            for row in rows:
                if row[0] == 0:
                    hits.append(_hit(row, query.highlight))
                else:
                    total = _count_row(row, facets, total)
        if not query.count and not query.facets:
            total = len(hits)
        return Results(hits=hits, total=total, facets=facets)

    def fetch(self, keys: list[str], terms: list[str] = ()) -> dict[str, Hit]:
        if not keys:
            return {}
        highlight = bool(terms)
        snippet = (
            "ts_headline(CASE WHEN e.language = 'nl' THEN 'dutch' ELSE 'english' END::regconfig, "
            "left(e.body, 5000), to_tsquery('english', %(tsquery)s) || to_tsquery('dutch', %(tsquery)s), "
            "%(headline)s)" if highlight else "left(e.body, 220)"
        )
        sql = f"""
            SELECT 0, e.doc_type, e.doc_id, e.title, e.url, {snippet}, e.category, e.kind, e.status, e.language,
                   e.solved, e.verified, e.kudos, e.created_at, 0.0, left(e.body, 5000), NULL, NULL,
                   e.translation_group
            FROM unnest(%(types)s::text[], %(ids)s::text[]) k(doc_type, doc_id)
            JOIN forum_searchentry e ON e.doc_type = k.doc_type AND e.doc_id = k.doc_id
        """
        # Joined on (doc_type, doc_id), the unique index: a "type:id" string compared per row read
        # the whole table (a seq scan of 100k rows on every search page that showed a hit found by meaning).
        types, ids = zip(*(k.split(":", 1) for k in keys), strict=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, {"types": list(types), "ids": list(ids), "tsquery": _tsquery(list(terms)),
                                 "headline": _HEADLINE_OPTIONS})
            found = [_hit(row, highlight) for row in cursor.fetchall()]
        return {hit.key: hit for hit in found}

    def suggest(self, words: list[str], language: str = "") -> dict[str, str]:
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
