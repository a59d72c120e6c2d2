"""Whoosh's BM25F ranking computed over arrays, a whole query at once.

Whoosh scores a query one matching document at a time in Python (a matcher tree of
`skip_to`/`score` calls): ~15 µs a document, so a query whose words are in a few thousand
documents spends most of its time there (#10: the similar box at 100k threads). Here every term's
postings are numpy arrays, read once per segment and kept with its bitsets (whoosh_bits), and a
query's scores are array arithmetic over its candidate documents.

Each term's BM25F score is Whoosh's own, the same formula in the same order
(`whoosh.scoring.bm25`, with the searcher's idf and average field length), summed over Or and And
as Whoosh's matchers sum them, equal scores in Whoosh's order (lower document number first). One
deliberate difference, in the coordination bonus of an any-word query (`Or(scale=…)`, Whoosh's
`CoordMatcher`): Whoosh divides by the number of the query's terms that its matcher tree still
holds *while it walks*, which shrinks each time one term's postings run out and differs from
segment to segment, so a document's score depended on where it sat in the index. Here the count
is the query's terms that the index holds, for every document alike; and a query with only one
such term gets no bonus (Whoosh's formula gives every document 0 then, and ranks by document
number). `tests/search/test_whoosh_scoring.py` checks all of it against Whoosh's own scores. A
query shape this module does not know raises Unsupported, and the caller lets Whoosh rank it.
"""

from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh import scoring

# Below this share of the index, a term is looked up per candidate (binary search); above it, its
# scores are spread over an array of the whole index and read back (cheaper for broad queries).
DENSE_FROM = 1 / 16


class Unsupported(Exception):
    """A query node the array scorer does not reproduce (the caller asks Whoosh instead)."""


@dataclass
class _Scored:
    score: np.ndarray  # float64 per candidate, 0 where not matched
    matched: np.ndarray  # bool per candidate
    matching: np.ndarray  # int per candidate: term leaves matching it (CoordMatcher's `matching`)
    terms: int  # term leaves the index holds (CoordMatcher's `_termcount`, see the module's docstring)


def candidates_of(bits: int) -> np.ndarray:
    """The document numbers of a bitset, ascending."""
    if not bits:
        return np.zeros(0, dtype=np.int64)
    raw = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    return np.flatnonzero(np.unpackbits(raw, bitorder="little")).astype(np.int64)


def top(searcher, doc_bits, parsed, candidates: int, limit: int) -> list[tuple[int, float]]:
    """The best `limit` of `candidates` (a bitset) for `parsed`: [(document number, score)], best first,
    as `searcher.search(parsed, limit=limit, filter=candidates).items()` would give them."""
    if not isinstance(searcher.weighting, scoring.BM25F):
        raise Unsupported(type(searcher.weighting).__name__)
    numbers = candidates_of(candidates)
    if not len(numbers) or limit <= 0:
        return []
    scorer = _Scorer(searcher, doc_bits, numbers)
    result = scorer.evaluate(parsed)
    keep = np.flatnonzero(result.matched)
    numbers, scores = numbers[keep], result.score[keep]
    if len(scores) > limit:
        # Everything at least as good as the limit-th score (ties included), then sorted exactly.
        threshold = -np.partition(-scores, limit - 1)[limit - 1]
        near = np.flatnonzero(scores >= threshold)
        numbers, scores = numbers[near], scores[near]
    order = np.lexsort((numbers, -scores))[:limit]
    return [(int(numbers[i]), float(scores[i])) for i in order]


class _Scorer:
    def __init__(self, searcher, doc_bits, numbers: np.ndarray):
        self.searcher = searcher
        self.bits = doc_bits
        self.numbers = numbers
        self.weighting = searcher.weighting
        self.dense = len(numbers) > DENSE_FROM * max(doc_bits.size, 1)
        self._scratch: np.ndarray | None = None

    def evaluate(self, q) -> _Scored:
        if isinstance(q, wq.Term):
            return self._term(q)
        if isinstance(q, (wq.Or, wq.And)) and type(q) in (wq.Or, wq.And):
            subs = q.subqueries
            if not subs:
                return self._nothing()
            if len(subs) == 1:
                return self.evaluate(subs[0])  # Whoosh uses the one child's matcher as it is
            parts = [self.evaluate(sub) for sub in subs]
            score = sum(part.score for part in parts)
            matching = sum(part.matching for part in parts)
            terms = sum(part.terms for part in parts)
            if isinstance(q, wq.And):
                matched = np.logical_and.reduce([part.matched for part in parts])
            else:
                matched = np.logical_or.reduce([part.matched for part in parts])
            score = np.where(matched, score, 0.0)
            if q.boost != 1.0:
                score = score * q.boost
            if isinstance(q, wq.Or) and q.scale:
                score = np.where(matched, _coordinated(score, matching, terms, q.scale), 0.0)
            return _Scored(score, matched, matching, terms)
        if q is wq.NullQuery:
            return self._nothing()
        raise Unsupported(type(q).__name__)

    def _nothing(self) -> _Scored:
        size = len(self.numbers)
        return _Scored(np.zeros(size), np.zeros(size, dtype=bool), np.zeros(size, dtype=np.int64), 0)

    def _term(self, q) -> _Scored:
        field = self.searcher.schema[q.fieldname] if q.fieldname in self.searcher.schema else None
        if field is None:
            return self._nothing()
        try:
            text = field.to_bytes(q.text)
        except ValueError:
            return self._nothing()
        ids, contribution = self._postings(q.fieldname, q.text, text, field)
        if self.dense:
            if self._scratch is None:
                self._scratch = np.zeros(self.bits.size)
            spread = self._scratch
            spread[ids] = contribution
            score = spread[self.numbers]
            spread[ids] = 0.0
        else:
            at = np.minimum(np.searchsorted(ids, self.numbers), max(len(ids) - 1, 0))
            score = np.where(ids[at] == self.numbers, contribution[at], 0.0) if len(ids) else np.zeros(
                len(self.numbers))
        matched = score > 0.0  # a BM25 contribution is positive wherever the term is
        if q.boost != 1.0:
            score = score * q.boost
        return _Scored(score, matched, matched.astype(np.int64), int(len(ids) > 0))

    def _postings(self, fieldname: str, text, term: bytes, field):
        """(ids, BM25 contribution per posting), kept on the searcher's bitsets. `text` as the parsed
        query has it, so the postings are the ones its bitset was made from (one read, one cache
        entry); `term`, its bytes, for Whoosh's idf as its own scorer asks for it."""
        cache = self.bits.scores
        found = cache.get((fieldname, text))
        if found is not None:
            return found
        ids, weights = self.bits.postings(fieldname, text)
        weights = weights.astype(np.float64)  # Whoosh reads its float32 weights into Python floats
        if not field.scorable or not len(ids):
            contribution = weights
        else:
            K1 = self.weighting.K1
            B = self.weighting._field_B.get(fieldname, self.weighting.B)
            idf = self.searcher.idf(fieldname, term)
            avgfl = self.searcher.avg_field_length(fieldname) or 1
            lengths = self.bits.lengths(fieldname)[ids]
            # whoosh.scoring.bm25, term for term, so the floating-point results are Whoosh's.
            contribution = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl)))
        found = cache[(fieldname, text)] = (ids, contribution)
        return found


def _coordinated(score, matching, terms: int, scale: float):
    """CoordMatcher._sqr: the "short query ranking" bonus for documents matching more of the terms
    (with one term, none: see the module's docstring)."""
    if terms <= 1 or terms == scale:
        return score
    return (score + (matching - 1) / (terms - scale) ** 2) * ((terms - 1) / terms)
