"""The relevance set: typos, Dutch and English, paraphrases. Regressions below the floor fail.

The hybrid floors sit well under what `make bench-relevance` measures (benchmarks/README.md), so
they catch a broken retriever or fusion, not noise.
"""

from collections import Counter

import pytest

from forum import search
from tests.search.relevance import QUERIES, RECALL_AT_5_FLOOR, RELEVANCE, THREADS

HYBRID_FLOORS = {"similar": (0.75, 0.92), "search": (0.75, 0.92)}  # (R@1, R@5); measured 0.88/0.97, 0.89/0.97


def test_the_relevance_set_is_big_enough_and_points_at_real_threads():
    known = {thread[0] for thread in THREADS}
    assert len(RELEVANCE) >= 40
    assert len(THREADS) >= 100
    assert all(set(expected) <= known for _query, expected in RELEVANCE)
    assert len(QUERIES) >= 200
    assert all(set(expected) <= known for _text, expected, _lang, _kind, _split in QUERIES)
    languages = Counter(language for _key, _cat, _kind, language, *_rest in THREADS)
    assert languages["en"] >= 50 and languages["nl"] >= 50
    assert {split for *_rest, split in QUERIES} == {"tune", "check"}


def _recall(by_key, surface: str) -> tuple[float, float, list]:
    first = top5 = 0
    misses = []
    for text, expected, language, _kind, _split in QUERIES:
        if surface == "similar":
            hits = search.similar(text, limit=5, language=language)
        else:
            hits = search.search(text, per_page=5, facets=False, language=language).hits
        ranked = [by_key.get(hit.key) for hit in hits]
        first += bool(ranked) and ranked[0] in expected
        if set(expected) & set(ranked):
            top5 += 1
        else:
            misses.append((text, expected, ranked[:3]))
    return first / len(QUERIES), top5 / len(QUERIES), misses


@pytest.mark.parametrize("surface", ["similar", "search"])
def test_hybrid_recall_stays_above_the_floor(hybrid_corpus, backend_name, surface):
    by_key = {f"thread:{thread.pk}": key for key, thread in hybrid_corpus.items()}
    at_1, at_5, misses = _recall(by_key, surface)
    print(f"\n{backend_name} {surface}: R@1 {at_1:.2f} R@5 {at_5:.2f}; misses: {misses}")
    floor_1, floor_5 = HYBRID_FLOORS[surface]
    assert at_1 >= floor_1 and at_5 >= floor_5, misses


def test_the_similar_box_ranks_the_same_whatever_the_limit(hybrid_corpus, backend_name):
    for text, _expected, language, _kind, _split in QUERIES[::7]:
        five = [hit.key for hit in search.similar(text, limit=5, language=language)]
        fifty = [hit.key for hit in search.similar(text, limit=50, language=language)]
        assert five == fifty[:5], text


def test_a_paraphrase_in_other_words_finds_its_thread_by_meaning(hybrid_corpus, backend_name, settings):
    """No title word in common ("mirror", "shattered", "carton"): words alone rank it lower."""
    by_key = {f"thread:{thread.pk}": key for key, thread in hybrid_corpus.items()}
    text = "my mirror came shattered and the carton was dented, will I get a new one"

    def first() -> str | None:
        hits = search.similar(text, limit=5, language="en")
        return by_key.get(hits[0].key) if hits else None

    assert first() == "damaged-package"
    settings.SEARCH_SEMANTIC = False
    assert first() != "damaged-package"


def test_without_the_model_search_is_lexical_and_says_so(hybrid_corpus, backend_name, settings, caplog):
    from forum.search import semantic

    settings.SEARCH_EMBEDDER = "tests.search.test_relevance.broken_model"
    semantic.reset()
    try:
        with caplog.at_level("ERROR", logger="forum.search.semantic"):
            hits = search.similar("Forgot my password and the reset email never arrives", limit=5)
            page = search.search("password reset email")
            search.similar("two factor codes rejected", limit=5)
        assert hits and page.total and not page.unavailable
        assert sum("embedding model is unavailable" in record.getMessage() for record in caplog.records) == 1
        ok, detail = semantic.health()
        assert not ok and "lexical search only" in detail
    finally:
        semantic.reset()


def broken_model():
    raise OSError("model file truncated")


def test_recall_at_5_stays_above_the_floor(corpus, backend_name):
    by_key = {f"thread:{thread.pk}": key for key, thread in corpus.items()}
    misses = []
    for query, expected in RELEVANCE:
        top = [by_key.get(hit.key) for hit in search.search(query, per_page=5).hits]
        if not set(expected) & set(top):
            misses.append((query, expected, top))
    recall = 1 - len(misses) / len(RELEVANCE)
    print(f"\n{backend_name}: recall@5 = {recall:.2f}; misses: {misses}")
    assert recall >= RECALL_AT_5_FLOOR, misses
