"""One ranking for every backend: lexical and semantic candidates fused, then the product's boosts.

The lexical list contributes by rank only (reciprocal-rank fusion, Cormack et al., SIGIR
2009): a BM25 score from Whoosh and a ts_rank from PostgreSQL are not comparable, ranks are,
which is what lets the same code rank over both backends. The semantic list contributes by how
close each document is to the best one. A document found by both adds both; then verified >
solved > open and the query's language are multipliers. The constants (FUSION) were tuned on the
"tune" half of tests/search/relevance.py (`make bench-relevance` prints both halves).
"""

import math
from dataclasses import dataclass, field, replace

from whoosh.lang import stopwords_for_language

from forum.search import semantic
from forum.search.backends.base import Hit, SearchUnavailable, group_of

CANDIDATES = 50  # from each retriever; the first pages of a search are ranked within them
SEMANTIC_FLOOR = 0.78  # cosine similarity below which a document is not close in meaning at all


@dataclass(frozen=True)
class Fusion:
    k: int  # reciprocal-rank constant for the lexical list: lower trusts the first places more
    semantic_weight: float  # the semantic list's weight against the lexical one (1.0)
    margin: float  # how far below the best similarity a document still counts
    temperature: float  # semantic contribution: weight * exp((similarity - best) / temperature)
    verified: float  # multipliers: verified > solved > open, the query's language a little first
    solved: float
    language: float
    bridge: float = 0.0  # share of the gap between the best match in the query's language and in the other


# Tuned on the "tune" half of tests/search/relevance.py (grid search; the "check" half and both
# languages are reported by `make bench-relevance`). The similarity, not just the rank, decides
# the semantic part: a clear nearest neighbour should beat a list of near-ties. bridge (see
# _semantic_candidates), on the tune half: 0 / 0.3 / 0.4 / 0.5 / 1.0 gave similar-box R@5 0.987 /
# 0.987 / 0.994 / 0.987 / 0.981 (search flat at 0.974 up to 0.5); at 1.0 an English near-miss
# outranks the Dutch answer (R@1 0.88 -> 0.81).
FUSION = {
    "similar": Fusion(k=20, semantic_weight=5.0, margin=0.08, temperature=0.04, verified=0.05, solved=0.1,
                      language=0.03, bridge=0.4),
    "search": Fusion(k=5, semantic_weight=3.0, margin=0.05, temperature=0.04, verified=0.05, solved=0.1,
                     language=0.03, bridge=0.4),
}

_EN = frozenset(stopwords_for_language("en"))
_NL = frozenset(stopwords_for_language("nl"))
_ONLY_EN, _ONLY_NL = _EN - _NL, _NL - _EN
# Words that say "Dutch" or "English" even without a stop word ("factuur betalen", "refund card").
_NL_HINTS = ("ij", "oe", "ui", "aa", "ee", "sch", "cht", "tje")
_EN_HINTS = ("th", "w", "ck", "ing", "tion", "y")


def query_language(parsed, default: str = "") -> str:
    """"nl" or "en": the stop words a query uses say which; without any, the page's language."""
    words = parsed.words
    nl = sum(word in _ONLY_NL for word in words)
    en = sum(word in _ONLY_EN for word in words)
    if nl != en:
        return "nl" if nl > en else "en"
    if default in ("en", "nl"):
        return default
    hints_nl = sum(any(h in word for h in _NL_HINTS) for word in words)
    hints_en = sum(any(h in word for h in _EN_HINTS) for word in words)
    return "nl" if hints_nl > hints_en else "en"


def min_match(terms: list[str]) -> int:
    """How many of the words a lexical candidate must contain: one common word must not win."""
    if len(terms) <= 2:
        return 1
    return 2 if len(terms) <= 6 else 3


def clearly_better(alternative, alternative_match: str, found, found_match: str) -> bool:
    """Does a corrected query find clearly more than what was typed? (did-you-mean)"""
    if not alternative.total:
        return False
    if not found.total:
        return True
    if alternative_match == "all" and found_match != "all":
        return True
    return alternative_match == found_match and alternative.total >= 2 * found.total + 1


@dataclass
class Ranked:
    hits: list[Hit] = field(default_factory=list)
    added: int = 0  # documents found only by meaning (not counted in the lexical total)


def _boost(fusion: Fusion, solved: bool, verified: bool, language: str, doc_type: str, wanted: str) -> float:
    boost = 1.0
    if verified:
        boost += fusion.verified
    if solved or verified or doc_type != "thread":  # an article is an answer too
        boost += fusion.solved
    if language == wanted:
        boost += fusion.language
    return boost


def embed_ahead(text: str) -> None:
    """Begin embedding `text` now, while did-you-mean runs (see semantic.embed_ahead)."""
    semantic.embed_ahead(text)


def start(text: str, *, filters: dict, exclude: tuple[str, ...] = (), window: int = CANDIDATES, also: str = ""):
    """Start the semantic half before the lexical one, so that the two overlap (see rank).
    `also`: the query as did-you-mean corrected it, read by the model too."""
    return semantic.start_nearest(text, filters=filters, exclude=exclude, k=window, also=also)


def rank(parsed, lexical: list[Hit], active, *, filters: dict, language: str, exclude: tuple[str, ...] = (),
         window: int = CANDIDATES, raw: str | None = None, use_semantic: bool = True, need: int = CANDIDATES,
         highlight: bool = False, shown_from: int = 0, profile: str = "similar", pending=None,
         reader: str = "") -> Ranked:
    """Fuse the lexical hits with the nearest documents; the first `need` hits in their final order.

    Translations of one document are one hit, at the best place any of them earned, shown in the
    `reader`'s language where it is one of them (else the query's `language`; see _one_per_group).

    `pending` is the semantic lookup begun by start(); without it the lookup runs here. Only the
    documents found by meaning alone that will be shown are read from the index, in one call that
    also highlights the hits from `shown_from` on when `highlight` is set: highlighting is the
    dearest part of a lexical search, so the candidates come unhighlighted and only the page's
    own hits are highlighted."""
    fusion = FUSION[profile]
    if use_semantic and pending is None:
        pending = start(raw or parsed.raw, filters=filters, exclude=exclude, window=window)
    neighbours = _semantic_candidates(pending.result(), margin=fusion.margin, language=language,
                                      bridge=fusion.bridge) if use_semantic else []
    scores: dict[str, float] = {}
    info: dict[str, tuple] = {}
    groups: dict[str, str] = {}
    for position, hit in enumerate(lexical[:window]):
        scores[hit.key] = 1.0 / (fusion.k + position + 1)
        info[hit.key] = (hit.solved, hit.verified, hit.language, hit.doc_type)
        groups[hit.key] = hit.group
    if neighbours:
        best = neighbours[0].similarity
        for near in neighbours:
            closeness = math.exp((near.similarity - best) / fusion.temperature)
            scores[near.key] = scores.get(near.key, 0.0) + fusion.semantic_weight * closeness / (fusion.k + 1)
            info.setdefault(near.key, (near.solved, near.verified, near.language, near.key.partition(":")[0]))
            groups.setdefault(near.key, group_of(near.key, near.translation_group))
    for doc_key, score in scores.items():
        scores[doc_key] = score * _boost(fusion, *info[doc_key], language)
    order = sorted(scores, key=lambda k: (-scores[k], k))
    order = _one_per_group(order, groups, {k: facts[2] for k, facts in info.items()}, reader or language, scores)
    by_key = {hit.key: hit for hit in lexical}
    # The backend counted a group once among the lexical matches: a translation found by meaning
    # alone adds nothing to the total when another one of its group was matched by the words.
    lexical_groups = {hit.group for hit in lexical}
    added = sum(1 for k in order if groups[k] not in lexical_groups)
    shown = [k for position, k in enumerate(order[:need]) if k not in by_key or (highlight and position >= shown_from)]
    if shown:
        try:
            by_key.update(active.fetch(shown, terms=parsed.terms if highlight else ()))
        except SearchUnavailable:
            pass
    hits = [by_key[k] for k in order[:need] if k in by_key]
    for hit in hits:
        hit.score = scores[hit.key]
    return Ranked(hits=hits, added=added)


def _one_per_group(order: list[str], groups: dict[str, str], languages: dict[str, str], prefer: str,
                   scores: dict[str, float]) -> list[str]:
    """One key per translation group, at the place of the group's best one: the translation in
    `prefer` where the group has one, else its best. The one shown takes the group's score."""
    place: dict[str, int] = {}
    kept: list[str] = []
    for doc_key in order:
        group = groups[doc_key]
        at = place.get(group)
        if at is None:
            place[group] = len(kept)
            kept.append(doc_key)
        elif languages[doc_key] == prefer and languages[kept[at]] != prefer:
            scores[doc_key] = scores[kept[at]]
            kept[at] = doc_key
    return kept


def _semantic_candidates(neighbours: list, *, margin: float, language: str = "", bridge: float = 0.0):
    """The neighbours close enough to the best one to count.

    The model scores a text against one in the other language lower than against one in the
    same language, even when it says the same thing (multilingual e5: a Dutch question and its
    English answer ~0.05 below a Dutch near-miss). So similarities to documents in the other
    language are lifted by `bridge` times the gap between the best of each language: a Dutch
    question with no Dutch answer can then find the English one, while a Dutch answer that the
    words also match still comes first."""
    if not neighbours:
        return []
    if bridge and language:
        same = [n.similarity for n in neighbours if n.language == language]
        other = [n.similarity for n in neighbours if n.language != language]
        if same and other and max(other) < max(same):
            lift = bridge * (max(same) - max(other))
            neighbours = sorted((replace(n, similarity=n.similarity + lift) if n.language != language else n
                                 for n in neighbours), key=lambda n: -n.similarity)
    best = neighbours[0].similarity
    return [n for n in neighbours if n.similarity >= SEMANTIC_FLOOR and n.similarity >= best - margin]
