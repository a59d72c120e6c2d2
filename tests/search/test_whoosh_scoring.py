"""The array scorer (whoosh_scoring) ranks as Whoosh's own matchers do.

A generated corpus of 500 threads in several segments, with deletions, and queries of one to
three words in both languages: the similar box's (titles, any word), the search page's (every
field, all words and any word) and a filtered one. All-word queries must come back
exactly as Whoosh scores them (`searcher.search(…, limit=None, filter=…)`): the same documents,
order and scores.
Any-word queries differ from Whoosh only in the coordination count (see whoosh_scoring's
docstring), so they are checked against Whoosh's own score for each term, summed with that bonus.
"""

import pytest
from whoosh import scoring

from forum.search.backends import whoosh_scoring
from forum.search.backends.whoosh_backend import WhooshBackend, wait_for_pending_writes
from forum.search.backends.whoosh_bits import BitFilter, DocBits
from scripts.bench import generate, queries


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    backend = WhooshBackend(tmp_path_factory.mktemp("scoring"))
    documents = list(generate(500, seed=3))
    backend.rebuild(documents[:350])
    for start in (350, 425):  # later posts: small segments beside the rebuilt one
        backend.index(documents[start:start + 75])
        wait_for_pending_writes()
    backend.delete([(d.doc_type, d.doc_id) for d in documents[:200:7]])
    wait_for_pending_writes()
    return backend


def _both(backend, searcher, text, match, scope, limit=20, narrow=None):
    parsed = backend._parse(searcher, text.split(), match, scope)
    bits = DocBits.of(searcher)
    allowed = bits.matching(parsed) & bits.live
    if narrow is not None:
        allowed &= bits.term(*narrow)
    # limit=None: Whoosh scores every match. With a limit its block-quality skipping loses good
    # documents when the index has several segments (a page of 20 missed the 20th best here).
    # (An empty BitFilter is falsy, which Whoosh reads as no filter at all.)
    expected = _best(searcher.search(parsed, limit=None, filter=BitFilter(allowed)).items(), limit) if allowed else []
    return expected, whoosh_scoring.top(searcher, bits, parsed, allowed, limit)


def _best(items, limit):
    return sorted(items, key=lambda item: (-item[1], item[0]))[:limit]


def _reference(backend, searcher, text, scope, limit=20):
    """Whoosh's per-term scores, summed with the coordination bonus over the terms the index holds."""
    parsed = backend._parse(searcher, text.split(), "any", scope)
    bits = DocBits.of(searcher)
    allowed = bits.matching(parsed) & bits.live
    leaves = list(parsed.subqueries) if parsed.__class__.__name__ == "Or" else [parsed]
    scores, matching, held = {}, {}, 0
    for leaf in leaves:
        found = list(searcher.search(leaf, limit=None, filter=BitFilter(allowed)).items())
        held += bool(bits.term(leaf.fieldname, leaf.text))
        for number, score in found:
            scores[number] = scores.get(number, 0.0) + score
            matching[number] = matching.get(number, 0) + 1
    scale = getattr(parsed, "scale", None)
    if scale and held > 1:
        scores = {n: (s + (matching[n] - 1) / (held - scale) ** 2) * ((held - 1) / held) for n, s in scores.items()}
    expected = _best(scores.items(), limit)
    return expected, whoosh_scoring.top(searcher, bits, parsed, allowed, limit)


def _same(expected, got):
    assert [number for number, _score in got] == [number for number, _score in expected]
    assert [score for _number, score in got] == pytest.approx([score for _number, score in expected], rel=1e-9)


def test_all_word_queries_rank_exactly_as_whoosh(backend):
    with backend._searcher() as searcher:
        assert len(list(searcher.reader().leaf_readers())) > 1, "the fixture should have several segments"
        compared = 0
        for text in queries(60, seed=21):
            expected, got = _both(backend, searcher, text, "all", "all")
            _same(expected, got)
            _same(*_both(backend, searcher, text.split()[0], "all", "titles"))
            compared += bool(expected)
        assert compared > 30


def test_the_same_ranking_within_a_filter_and_deep_pages(backend):
    with backend._searcher() as searcher:
        for text in queries(40, seed=22):
            _same(*_both(backend, searcher, text, "all", "all", limit=200, narrow=("solved", "1")))


@pytest.mark.parametrize("scope", ["titles", "all"])
def test_any_word_queries_sum_whooshs_term_scores_with_the_coordination_bonus(backend, scope):
    with backend._searcher() as searcher:
        several = 0
        for text in queries(60, seed=21):
            expected, got = _reference(backend, searcher, text, scope)
            _same(expected, got)
            expected, got = _reference(backend, searcher, text.split()[0], scope)
            _same(expected, got)
            several += len(text.split()) > 1 and bool(expected)
        assert several > 20


def test_an_unknown_query_shape_is_left_to_whoosh(backend):
    from whoosh import query as wq

    with backend._searcher() as searcher:
        bits = DocBits.of(searcher)
        with pytest.raises(whoosh_scoring.Unsupported):
            whoosh_scoring.top(searcher, bits, wq.Not(wq.Term("tags", "x")), bits.live, 10)
        searcher.weighting, kept = scoring.TF_IDF(), searcher.weighting
        try:
            with pytest.raises(whoosh_scoring.Unsupported):
                whoosh_scoring.top(searcher, bits, wq.Term("tags", "x"), bits.live, 10)
        finally:
            searcher.weighting = kept


def test_postings_read_a_block_at_a_time_are_whooshs_postings(backend):
    from forum.search.backends.whoosh_bits import _postings_arrays, _reads_blocks

    with backend._searcher() as searcher:
        reader = next(iter(searcher.reader().leaf_readers()))[0]
        terms = [("body_en", "parcel"), ("title_en", "deliveri"), ("tags", "delivery"), ("body_nl", "pakket")]
        checked = 0
        for fieldname, text in terms:
            if (fieldname, text) not in reader:
                continue
            assert _reads_blocks(getattr(reader.postings(fieldname, text), "child", reader.postings(fieldname, text)))
            ids, weights = _postings_arrays(reader.postings(fieldname, text))
            matcher = reader.postings(fieldname, text)
            matcher = getattr(matcher, "child", matcher)  # deleted documents too (`live` removes them)
            matcher.reset()
            expected = []
            while matcher.is_active():
                expected.append((matcher.id(), matcher.weight()))
                matcher.next()
            assert list(zip(ids.tolist(), weights.tolist(), strict=True)) == expected
            checked += len(expected) > 128  # more than one block
        assert checked


def test_a_term_is_read_once_for_its_bitset_and_its_scores(backend):
    from forum.search.backends import whoosh_bits
    from forum.search.backends.base import Query
    from forum.search.backends.whoosh_backend import TEXT_FIELDS

    backend.search(Query(terms=["parcel", "delivery"], match="any"))
    keys = [key for segment in whoosh_bits._segments.values() for key in segment._terms if key[0] in TEXT_FIELDS]
    assert ("body_en", "parcel") in keys
    assert not [key for key in keys if isinstance(key[1], bytes)], "the same term cached twice, as bytes"
