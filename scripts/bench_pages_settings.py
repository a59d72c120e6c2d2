"""`make bench-pages`: the production settings (as `make faults` runs them: plain HTTP on loopback,
rate limits out of the way of 16 connections from one address), plus the bare Django view that is
the ceiling, at /bench/ok, routed only here. Semantic search is off (a generated community has no
embeddings; search and the similar box are lexical, as they are when the model is absent)."""

from scripts.faults_settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_pages_urls"
SEARCH_SEMANTIC = False
SEARCH_AUTO_REBUILD = False
