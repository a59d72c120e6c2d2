"""Search benchmark (not a test): indexing rate and query latency for both backends.

    python -m scripts.bench                       # 10k and 100k threads, every available backend
    python -m scripts.bench --sizes 10000 --backends whoosh
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/flawsome python -m scripts.bench

Generated thread documents (English and Dutch) go through the same backend code as the site.
Whoosh builds into a temporary directory; PostgreSQL into a throwaway test database
(test_<name>, created and dropped here), so real data is never touched. Queries run through
forum.search.search() exactly as the results page calls it (facets, highlights, did-you-mean).
Results are printed as a table and written to benchmarks/results/ (gitignored).
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

EN_WORDS = (
    "parcel delivery order refund invoice payment password login account app crash update battery wifi "
    "bluetooth speaker thermostat heating camera doorbell bulb lamp router pairing reset factory schedule "
    "address tracking courier return exchange warranty repair screen phone android iphone notification "
    "email newsletter discount voucher gift card balance subscription cancel charge twice bank transfer "
    "paypal credit checkout basket delivery slot evening weekend pickup locker damaged broken missing "
    "late slow error code message sync offline backup settings privacy data delete profile photo upload "
    "vacuum robot map kitchen oven fridge washing machine dryer dishwasher kettle coffee blender toaster "
    "laptop keyboard mouse printer cable charger adapter headphones earbuds television remote volume"
).split()
NL_WORDS = (
    "pakket bezorging bestelling terugbetaling factuur betaling wachtwoord inloggen account app update "
    "batterij wifi thermostaat verwarming camera deurbel lamp router koppelen resetten schema adres "
    "retour ruilen garantie reparatie scherm telefoon melding nieuwsbrief korting cadeaukaart saldo "
    "abonnement opzeggen dubbel afgeschreven overschrijving afrekenen bezorgmoment avond afhaalpunt "
    "beschadigd kapot kwijt laat foutmelding instellingen privacy gegevens verwijderen stofzuiger "
    "oven koelkast wasmachine droger vaatwasser waterkoker koffie printer oplader koptelefoon televisie"
).split()
FILLER_EN = "my the it is not when after I have a with for since this and but does can how why".split()
FILLER_NL = "mijn de het is niet als na ik heb een met voor sinds deze en maar doet kan hoe waarom".split()
CATEGORIES = ["orders", "billing", "account", "app", "smart-home", "kitchen", "audio", "nederlands"]
KINDS = ["question"] * 6 + ["problem"] * 3 + ["compliment"]


def _long_tail(seed: int, count: int) -> list[str]:
    """Pseudo-words (product names, rarer terms) after the common ones, as real text has."""
    rng = random.Random(seed)
    syllables = "ka lo mi ne ro ta vi zu pe dra sto gle fin mar tor bel qui xan".split()
    return ["".join(rng.choices(syllables, k=rng.randint(2, 3))) for _ in range(count)]


EN_WORDS += _long_tail(1, 4000)
NL_WORDS += _long_tail(2, 3000)
_CUM_WEIGHTS: dict[int, list[float]] = {}


def _zipf_choices(rng, words, k):
    # Cumulative weights, kept: choices(weights=…) sums all ~4,000 of them on every call (the same
    # draws either way, so a corpus generated before is generated again word for word).
    cum_weights = _CUM_WEIGHTS.get(len(words))
    if cum_weights is None:
        cum_weights = _CUM_WEIGHTS[len(words)] = list(accumulate(1 / (rank + 1) for rank in range(len(words))))
    return rng.choices(words, cum_weights=cum_weights, k=k)


def _sentence(rng, words, filler, length):
    chosen = _zipf_choices(rng, words, length) + rng.choices(filler, k=length)
    rng.shuffle(chosen)
    return " ".join(chosen)


def generate(count: int, seed: int = 7):
    from forum.search.documents import SearchDocument

    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(count):
        dutch = rng.random() < 0.2
        words, filler = (NL_WORDS, FILLER_NL) if dutch else (EN_WORDS, FILLER_EN)

        def sentence(length, words=words, filler=filler):
            return _sentence(rng, words, filler, length)

        solved = rng.random() < 0.45
        yield SearchDocument(
            doc_type="thread", doc_id=str(n + 1), title=sentence(4).capitalize(),
            body=". ".join(sentence(rng.randint(6, 14)) for _ in range(rng.randint(3, 9))),
            url=f"/t/{n + 1}/bench/", language="nl" if dutch else "en",
            category="nederlands" if dutch else rng.choice(CATEGORIES[:-1]), kind=rng.choice(KINDS),
            status="solved" if solved else rng.choice(["open", "answered"]),
            tags=_zipf_choices(rng, words, rng.randint(0, 3)), solved=solved,
            verified=solved and rng.random() < 0.25, kudos=int(rng.expovariate(0.3)),
            created_at=start + timedelta(minutes=7 * n),
        )


def queries(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        words = NL_WORDS if rng.random() < 0.2 else EN_WORDS
        terms = _zipf_choices(rng, words, rng.randint(1, 3))
        if rng.random() < 0.1:  # a typo: swap two letters
            word = terms[0]
            if len(word) > 3:
                i = rng.randint(1, len(word) - 2)
                terms[0] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        out.append(" ".join(terms))
    return out


def percentile(values, pct):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def load_random_vectors(size: int, seed: int = 5) -> float:
    """Fill this process's semantic index with one random unit vector per generated thread.

    Embedding 100k documents takes hours on 2 cores; the cost of a query (its own embedding, a
    top-k over every vector, the fused ranking, reading the hits) does not depend on the vectors'
    values, so random ones measure it. Returns the matrix's size in MB.
    """
    import numpy as np

    from forum.search import semantic

    rng = np.random.default_rng(seed)
    index = semantic._index
    index.clear()
    index._grow(size)
    matrix = rng.standard_normal((size, semantic.DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index.matrix[:size] = matrix
    index.keys = [f"thread:{n + 1}" for n in range(size)]
    index.rows = {key: n for n, key in enumerate(index.keys)}
    index.alive[:size] = True
    index.meta["doc_type"][:size] = index._code("doc_type", "thread")
    index.flags["solved"][:size] = rng.random(size) < 0.45
    index.checked_at = float("inf")  # never re-read from the database during the run
    return index.matrix.nbytes / 1e6


def _measure(search, backend, query_count: int) -> dict:
    """Latency of the search page and the similar box on the index as it stands."""
    from forum.search.backends import whoosh_backend

    timings, cpu_timings, similar_timings, totals = [], [], [], []
    load_before = os.getloadavg()[0]
    for text in queries(20):  # warm caches, as a running site has them
        search.search(text)
    for text in queries(query_count):
        began, cpu_began = time.perf_counter(), time.process_time()
        page = search.search(text)
        timings.append((time.perf_counter() - began) * 1000)
        cpu_timings.append((time.process_time() - cpu_began) * 1000)
        totals.append(page.total)
    for text in queries(query_count // 2, seed=13):
        began = time.perf_counter()
        search.similar(text + " problem")
        similar_timings.append((time.perf_counter() - began) * 1000)
    # A live site indexes while it searches: an edit (thread 1 rewritten), then a search that
    # sees it. For Whoosh that is the first search on a new searcher, the cost a worker pays at
    # most once per SEARCH_REFRESH_SECONDS (0 in the test settings used here).
    after_write = []
    for n, text in enumerate(queries(30, seed=17)):
        backend.index(list(generate(1, seed=1000 + n)))
        whoosh_backend.wait_for_pending_writes()
        began = time.perf_counter()
        search.search(text)
        after_write.append((time.perf_counter() - began) * 1000)
    return {
        "search_cpu_p50_ms": round(statistics.median(cpu_timings), 2),
        "search_p50_ms": round(statistics.median(timings), 2), "search_p95_ms": round(percentile(timings, 95), 2),
        "similar_p50_ms": round(statistics.median(similar_timings), 2),
        "similar_p95_ms": round(percentile(similar_timings, 95), 2),
        "after_write_p50_ms": round(statistics.median(after_write), 2),
        "mean_hits": round(statistics.mean(totals), 1),
        # The machine is shared: the load average says how much of a core the run really had.
        "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
    }


def _rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)


def embedding_rate(count: int = 256) -> float:
    """Documents embedded per second (passage text as stored: title, tags, question, answer)."""
    from forum.search import semantic

    texts = [semantic.passage_text(doc) for doc in generate(count, seed=3)]
    semantic.embed_passages(texts[:8])  # load the model first
    started = time.perf_counter()
    for start in range(0, len(texts), semantic.EMBED_BATCH):
        semantic.embed_passages(texts[start:start + semantic.EMBED_BATCH])
    return round(len(texts) / (time.perf_counter() - started), 1)


def semantic_only(size: int, query_count: int) -> dict:
    """The semantic half alone at `size` vectors: a query's embedding, then the top-k over the
    matrix (what hybrid search adds to the lexical search, before any overlap of the two)."""
    from django.test import override_settings

    from forum.search import semantic

    with override_settings(SEARCH_SEMANTIC=True):
        semantic.reset()
        vectors_mb = load_random_vectors(size)
        texts = [text + " problem" for text in queries(query_count, seed=13)]
        semantic.embed_query("warm up")
        embed, topk = [], []
        for text in texts:
            began = time.perf_counter()
            vector = semantic.embed_query(text)
            embed.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            semantic._index.nearest(vector, filters={}, k=50, refresh=False)
            topk.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        for text in texts:  # the ask form asking again: the cache answers
            semantic.embed_query(text)
        cached = (time.perf_counter() - began) * 1000 / len(texts)
        semantic.reset()
    return {"vectors": size, "vectors_mb": round(vectors_mb, 1), "embed_p50_ms": round(statistics.median(embed), 1),
            "embed_p95_ms": round(percentile(embed, 95), 1), "topk_p50_ms": round(statistics.median(topk), 1),
            "topk_p95_ms": round(percentile(topk, 95), 1), "cached_embed_ms": round(cached, 3),
            "load": f"{os.getloadavg()[0]:.1f}", "rss_mb": _rss_mb()}


def run_backend(name: str, size: int, query_count: int, hybrid: bool = False, keep: Path | None = None) -> list[dict]:
    """Index once; measure lexical only, then (with hybrid) the same index with the model on,
    so the two rows of one run share the machine's load and their ratio is meaningful.

    With `keep`, the Whoosh index lives in keep/<size> and a PostgreSQL index stays in its
    (--in-place) database; either is reused when it already holds `size` documents, so a quiet
    moment on the machine goes to measuring rather than to indexing."""
    from django.test import override_settings

    from forum.search.backends import whoosh_backend

    with tempfile.TemporaryDirectory(prefix="flawsome-bench-") as scratch:
        index_dir = Path(scratch)
        if keep:
            index_dir = keep / str(size)
            index_dir.mkdir(parents=True, exist_ok=True)
        with override_settings(SEARCH_BACKEND=name, SEARCH_INDEX_DIR=index_dir, SEARCH_AUTO_REBUILD=False):
            whoosh_backend._indexes.clear()
            rows = _index_and_measure(name, size, query_count, hybrid, index_dir, reuse=bool(keep))
        whoosh_backend._indexes.clear()
    return rows


def _index_and_measure(name: str, size: int, query_count: int, hybrid: bool, index_dir: Path,
                       reuse: bool) -> list[dict]:
    from django.test import override_settings

    from forum import search
    from forum.search import semantic

    backend = search.backend()
    reused = False
    if reuse:
        try:
            reused = backend.count() == size
        except Exception:  # noqa: BLE001 - nothing indexed there yet: build it
            reused = False
    started, cpu_started = time.perf_counter(), time.process_time()
    indexed = size if reused else backend.rebuild(generate(size))
    index_seconds = time.perf_counter() - started
    size_on_disk = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    common = {
        "backend": name, "threads": indexed,
        "index_seconds": "reused" if reused else round(index_seconds, 2),
        "index_rate": "reused" if reused else round(indexed / index_seconds, 1),
        # This process's CPU only: on a shared machine wall time includes waiting for a core.
        # (PostgreSQL's own work happens in the server, so its CPU figures are the client's share.)
        "index_cpu_seconds": "reused" if reused else round(time.process_time() - cpu_started, 2),
        "whoosh_index_mb": round(size_on_disk / 1e6, 1) if name == "whoosh" else None,
    }
    rows = []
    for mode in ([False, True] if hybrid else [False]):
        with override_settings(SEARCH_SEMANTIC=mode):
            vectors_mb = None
            if mode:
                semantic.reset()
                vectors_mb = round(load_random_vectors(size), 1)
            rows.append({**common, "hybrid": mode, "vectors_mb": vectors_mb,
                         **_measure(search, backend, query_count), "rss_mb": _rss_mb()})
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr)
    return rows


def table(rows: list[dict]) -> str:
    head = ("backend", "hybrid", "threads", "index s", "docs/s", "index cpu s", "search p50 ms", "search p95 ms",
            "search cpu p50 ms", "similar p50 ms", "similar p95 ms", "right after a write p50 ms", "mean hits",
            "load avg", "max RSS MB")
    keys = ("backend", "hybrid", "threads", "index_seconds", "index_rate", "index_cpu_seconds", "search_p50_ms",
            "search_p95_ms", "search_cpu_p50_ms", "similar_p50_ms", "similar_p95_ms", "after_write_p50_ms",
            "mean_hits", "load", "rss_mb")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(row[k]) for k in keys) + " |" for row in rows]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated thread counts")
    parser.add_argument("--backends", default="whoosh,postgres", help="whoosh and/or postgres")
    parser.add_argument("--queries", type=int, default=200, help="queries per backend and size")
    parser.add_argument("--hybrid", action="store_true",
                        help="also with semantic search on (real query embeddings, random document vectors)")
    parser.add_argument("--semantic-only", action="store_true",
                        help="only the semantic half (query embedding, top-k) at each size, and the embedding rate")
    parser.add_argument("--in-place", action="store_true",
                        help="PostgreSQL: use the configured (scratch) database instead of a throwaway test database")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the indexes (Whoosh in KEEP/<size>; PostgreSQL needs --in-place) and reuse them")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings

    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if args.semantic_only:
        for size in sizes:
            print(semantic_only(size, args.queries))
        from django.test import override_settings

        with override_settings(SEARCH_SEMANTIC=True):
            print(f"embedding throughput: {embedding_rate()} docs/s (one thread, batches of 32)")
        return 0
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    if "postgres" in backends and connection.vendor != "postgresql":
        print("postgres: skipped (set DATABASE_URL=postgres://… to benchmark it)", file=sys.stderr)
        backends.remove("postgres")
    old_name = None
    if "postgres" in backends and args.in_place:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)  # the search tables are emptied by rebuild
    elif "postgres" in backends:
        old_name = connection.settings_dict["NAME"]
        print(f"Creating a throwaway database test_{old_name}…", file=sys.stderr)
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    rows = []
    try:
        for size in sizes:
            for name in backends:
                print(f"{name}: indexing {size} generated threads…", file=sys.stderr)
                rows += run_backend(name, size, args.queries, hybrid=args.hybrid, keep=args.keep)
        if args.hybrid:
            with override_settings(SEARCH_SEMANTIC=True):
                print(f"\nEmbedding throughput: {embedding_rate()} docs/s (one thread, batches of 32)")
    finally:
        if old_name:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    output = table(rows)
    print(output)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(rows, indent=2))
    (RESULTS / f"bench-{stamp}.md").write_text(output + "\n")
    print(f"\nWritten to {RESULTS / f'bench-{stamp}.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
