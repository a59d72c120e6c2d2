"""The relevance set: typos, Dutch and English, paraphrases. Regressions below the floor fail."""

from forum import search
from tests.search.relevance import RECALL_AT_5_FLOOR, RELEVANCE, THREADS


def test_the_relevance_set_is_big_enough_and_points_at_real_threads():
    known = {thread[0] for thread in THREADS}
    assert len(RELEVANCE) >= 40
    assert len(THREADS) >= 55
    assert all(set(expected) <= known for _query, expected in RELEVANCE)


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


def test_ranking_a_broad_query_among_its_title_matches_keeps_the_best_answer_first(corpus, settings, monkeypatch):
    """Whoosh ranks a query with thousands of matches among those naming every word in the title.

    The corpus is small, so the threshold is lowered until every query whose title tier fills the
    page (one hit here) takes that path: the first hit must be right as often as with full ranking.
    """
    from forum.search.backends import whoosh_backend

    settings.SEARCH_BACKEND = "whoosh"
    by_key = {f"thread:{thread.pk}": key for key, thread in corpus.items()}
    tiered = []
    original = whoosh_backend.WhooshBackend._title_tier

    def spy(self, *args, **kwargs):
        tier = original(self, *args, **kwargs)
        tiered.append(tier is not None)
        return tier

    monkeypatch.setattr(whoosh_backend.WhooshBackend, "_title_tier", spy)

    def right_first() -> int:
        return sum(by_key.get(hit.key) in expected
                   for query, expected in RELEVANCE for hit in search.search(query, per_page=1).hits)

    exact = right_first()
    monkeypatch.setattr(whoosh_backend, "TIER_FROM", 1)
    tiered.clear()
    assert right_first() >= exact
    assert any(tiered)
