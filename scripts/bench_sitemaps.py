"""How the sitemaps fare at a million threads (issue #14): fills the PostgreSQL database that
DATABASE_URL names with N generated threads in one INSERT … SELECT generate_series (only the
columns the sitemaps read are varied: 80 % have answers, 1 % hidden, 1 % held, ten tags), then
times, uncached, the index and the first and last page of the thread section, and prints the SQL
each costs. Not part of the suite; its latest figures are in benchmarks/README.md.

    DATABASE_URL=postgres://…/flawsome_bench .venv/bin/python scripts/bench_sitemaps.py --threads 1000000
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="reuse the threads already there")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from taggit.models import Tag

    from forum import services
    from forum.models import Category, Thread

    assert connection.vendor == "postgresql", "point DATABASE_URL at a PostgreSQL database"
    if not args.keep or not Thread.objects.exists():
        author = services.member_create(username="bench-author", email="bench-author@example.com",
                                        password="x-bench-1234", display_name="Bench") \
            if not services.User.objects.filter(username="bench-author").exists() \
            else services.User.objects.get(username="bench-author")
        category, _ = Category.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
        tags = [Tag.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"bench-{n}"})[0] for n in range(10)]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("""
                INSERT INTO forum_thread (body, body_html, kudos_count, created_at, is_hidden, is_pending_review,
                    kind, title, slug, language, status, close_reason, close_note, is_pinned, answer_count,
                    me_too_count, view_count, last_activity_at, submission_token, author_id, category_id)
                SELECT 'b', '<p>b</p>', 0, now() - make_interval(secs => n), n %% 100 = 0, n %% 100 = 1,
                    'question', 'Bench question ' || n, 'bench-question-' || n, 'en', 'open', '', '', false,
                    CASE WHEN n %% 5 = 0 THEN 0 ELSE 1 + n %% 3 END, 0, 0, now() - make_interval(secs => n / 2),
                    '', %s, %s
                FROM generate_series(1, %s) AS n""", [author.pk, category.pk, args.threads])
            cursor.execute("SELECT id FROM django_content_type WHERE app_label='forum' AND model='thread'")
            content_type = cursor.fetchone()[0]
            cursor.execute("""
                INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
                SELECT t.id, %s, (%s::int[])[1 + t.id %% 10] FROM forum_thread t""",
                           [content_type, "{" + ",".join(str(t.pk) for t in tags) + "}"])
            cursor.execute("ANALYZE forum_thread; ANALYZE taggit_taggeditem")
        print(f"inserted {args.threads:,} threads in {time.perf_counter() - started:.1f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    from config.seo import views  # noqa: F401  (URLs ready)

    def timed(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        slowest = max((float(q["time"]) for q in queries.captured_queries), default=0)
        print(f"{url:<32} {elapsed * 1000:8.0f} ms  {len(queries):2} queries  slowest query {slowest * 1000:.0f} ms"
              f"  {len(response.content) / 1e6:.1f} MB")
        return response

    index = timed("/sitemap.xml")
    pages = index.content.decode().count("sitemap-threads.xml")
    print(f"thread section: {pages} files")
    for url in ["/sitemap-threads.xml", f"/sitemap-threads.xml?p={pages}", "/sitemap-tags.xml",
                "/sitemap-categories.xml"]:
        timed(url)


if __name__ == "__main__":
    main()
