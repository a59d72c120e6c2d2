"""The sitemap index and its sections, read as XML: the expected URLs, nothing hidden, held or
thin, lastmod from the rows; split into pages of `limit`; cached; robots.txt points at it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import services, sitemaps
from forum.models import TagUsage, Thread
from tests import factories

pytestmark = pytest.mark.django_db
SITE = "http://testserver-canonical"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def locations(root) -> list[str]:
    return [node.text for node in root.findall(".//s:loc", NS)]


def section(client, name, page=None):
    url = reverse("sitemap_section", args=[name]) + (f"?p={page}" if page else "")
    return xml(client, url)


@pytest.fixture
def forum_content(member, other_member, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # tags are counted by a task after commit
        answered = factories.make_thread(author=member, category=category, title="Lamp blinks red", tags=["lamp"])
    factories.make_answer(thread=answered, author=other_member)
    unanswered = factories.make_thread(author=member, category=category, title="Nobody answered this yet")
    hidden = factories.make_thread(author=member, category=category, title="Hidden but answered")
    factories.make_answer(thread=hidden, author=other_member)
    held = factories.make_thread(author=member, category=category, title="Held but answered")
    factories.make_answer(thread=held, author=other_member)
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    Thread.objects.filter(pk=held.pk).update(is_pending_review=True)
    return {"answered": answered, "unanswered": unanswered, "hidden": hidden, "held": held}


def test_the_index_lists_every_section(client, forum_content, publish_article, publish_known_issue):
    publish_article()
    publish_known_issue()
    root = xml(client, reverse("sitemap_index"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = locations(root)
    for name in ["threads", "categories", "tags", "articles", "known-issues"]:
        assert f"{SITE}/sitemap-{name}.xml" in listed


def test_the_thread_section_lists_answered_public_threads_only(client, forum_content):
    listed = locations(section(client, "threads"))
    assert listed == [f"{SITE}{forum_content['answered'].get_absolute_url()}"]


def test_lastmod_is_the_threads_last_activity(client, forum_content):
    thread = forum_content["answered"]
    thread.refresh_from_db()
    root = section(client, "threads")
    assert root.find(".//s:lastmod", NS).text == timezone.localdate(thread.last_activity_at).isoformat()
    index = xml(client, reverse("sitemap_index"))
    entry = [n for n in index.findall("s:sitemap", NS) if n.find("s:loc", NS).text.endswith("-threads.xml")][0]
    assert entry.find("s:lastmod", NS).text.startswith(timezone.localdate(thread.last_activity_at).isoformat())


def test_a_thread_whose_only_answer_is_hidden_drops_out(client, member, other_member, moderator, category):
    thread = factories.make_thread(author=member, category=category, title="Only a hidden answer here")
    answer = factories.make_answer(thread=thread, author=other_member)
    assert locations(section(client, "threads")) == [f"{SITE}{thread.get_absolute_url()}"]
    services.post_set_moderation_state(post=answer, by=moderator, hidden=True)
    cache.clear()  # the sitemap is cached for SITEMAP_CACHE_SECONDS
    assert locations(section(client, "threads")) == []


def test_categories_and_tags_with_enough_threads(client, forum_content, category, settings,
                                                django_capture_on_commit_callbacks):
    assert f"{SITE}{category.get_absolute_url()}" in locations(section(client, "categories"))
    assert locations(section(client, "tags")) == []  # one thread: a thin page
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(settings.SITEMAP_TAG_MIN_THREADS - 1):
            factories.make_thread(category=category, title=f"More lamp trouble number {n}", tags=["lamp"])
    cache.clear()
    assert locations(section(client, "tags")) == [f"{SITE}{reverse('forum:tag', args=['lamp'])}"]


def test_a_categorys_lastmod_is_its_latest_public_threads_activity(client, member, category):
    seen = factories.make_thread(author=member, category=category, title="Lamp blinks red after the update")
    hidden = factories.make_thread(author=member, category=category, title="A hidden thread about lamps")
    Thread.objects.filter(pk=seen.pk).update(last_activity_at=timezone.now() - timedelta(days=10))
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True, last_activity_at=timezone.now() + timedelta(days=5))
    root = section(client, "categories")
    (entry,) = [n for n in root.findall("s:url", NS) if n.find("s:loc", NS).text.endswith(category.get_absolute_url())]
    assert entry.find("s:lastmod", NS).text == timezone.localdate(timezone.now() - timedelta(days=10)).isoformat()


def _tag_entries(client) -> dict[str, str]:
    root = section(client, "tags")
    return {node.find("s:loc", NS).text: node.find("s:lastmod", NS).text for node in root.findall("s:url", NS)}


def test_a_tag_leaves_the_sitemap_when_hiding_or_deleting_takes_it_below_the_threshold(
        client, member, moderator, category, settings, django_capture_on_commit_callbacks):
    settings.SITEMAP_TAG_MIN_THREADS = 2
    lamp = f"{SITE}{reverse('forum:tag', args=['lamp'])}"

    def committed(change, **arguments):
        with django_capture_on_commit_callbacks(execute=True):  # the count is a task after commit
            change(**arguments)
        cache.clear()  # the sitemap is cached for SITEMAP_CACHE_SECONDS

    with django_capture_on_commit_callbacks(execute=True):
        first = factories.make_thread(author=member, category=category, title="Lamp blinks red", tags=["lamp"])
        second = factories.make_thread(author=member, category=category, title="Lamp will not pair", tags=["lamp"])
    assert list(_tag_entries(client)) == [lamp]
    committed(services.post_set_moderation_state, post=second, by=moderator, hidden=True)
    assert _tag_entries(client) == {}
    committed(services.post_set_moderation_state, post=second, by=moderator, hidden=False)
    assert list(_tag_entries(client)) == [lamp]
    committed(services.post_delete, post=first, by=member)
    assert _tag_entries(client) == {}
    committed(services.post_restore, post=first, by=moderator)
    assert list(_tag_entries(client)) == [lamp]
    committed(services.post_edit, post=second, by=member, body=second.body, tags=["bulb"])  # retagged away
    assert _tag_entries(client) == {}


def test_the_count_waits_for_the_commit_so_the_page_does_not(member, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        factories.make_thread(author=member, category=category, title="Lamp blinks red", tags=["lamp"])
    assert not TagUsage.objects.filter(tag__slug="lamp", thread_count__gt=0).exists()
    for callback in callbacks:
        callback()
    assert TagUsage.objects.get(tag__slug="lamp").thread_count == 1


def test_a_tags_lastmod_follows_its_threads_activity(client, member, other_member, category, settings,
                                                    django_capture_on_commit_callbacks):
    settings.SITEMAP_TAG_MIN_THREADS = 1
    with django_capture_on_commit_callbacks(execute=True):
        thread = factories.make_thread(author=member, category=category, title="Lamp blinks red", tags=["lamp"])
    later = timezone.now() + timedelta(days=2)
    with time_machine.travel(later, tick=False):
        factories.make_answer(thread=thread, author=other_member)
    (lastmod,) = _tag_entries(client).values()
    assert lastmod == timezone.localdate(later).isoformat()


def test_the_tag_section_reads_the_counter_not_the_tagged_threads(client, category, settings,
                                                                  django_assert_num_queries,
                                                                  django_capture_on_commit_callbacks):
    settings.SITEMAP_TAG_MIN_THREADS = 1
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            factories.make_thread(category=category, title=f"Lamp trouble number {n}", tags=["lamp", f"tag-{n}"])
    client.get(reverse("sitemap_section", args=["tags"]))  # Django's sites row
    cache.clear()
    with django_assert_num_queries(2):  # the paginator's count and the rows, both of TagUsage
        assert len(_tag_entries(client)) == 4
    assert TagUsage.objects.get(tag__slug="lamp").thread_count == 3


def test_articles_and_known_issues_are_listed_when_live(client, publish_article, publish_known_issue):
    article = publish_article(title="Pair a lamp in five steps")
    draft = publish_article(title="A draft about lamps", publish=False)
    known_issue = publish_known_issue(title="Lamps disconnect in the evening")
    assert locations(section(client, "articles")) == [f"{SITE}{article.url}"]
    assert f"{SITE}{draft.url}" not in locations(section(client, "articles"))
    assert locations(section(client, "known-issues")) == [f"{SITE}{known_issue.url}"]


def _answered(category, n):
    thread = factories.make_thread(category=category, title=f"Answered question number {n}")
    factories.make_answer(thread=thread)
    return thread


def _thread_files(client) -> dict[str, str]:
    """{file URL: its lastmod} of the thread section, as the index lists them."""
    index = xml(client, reverse("sitemap_index"))
    return {node.find("s:loc", NS).text: node.find("s:lastmod", NS).text for node in index.findall("s:sitemap", NS)
            if "-threads.xml" in node.find("s:loc", NS).text}


def _file_url(pk: int, per_file: int) -> str:
    number = pk // per_file + 1
    return f"{SITE}/sitemap-threads.xml" + ("" if number == 1 else f"?p={number}")


def test_a_thread_file_is_a_range_of_ids_read_in_one_query(client, category, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 3)  # ids per file (10,000 on the site)
    threads = [_answered(category, n) for n in range(7)]
    files = _thread_files(client)
    assert set(files) == {_file_url(t.pk, 3) for t in threads}
    client.get(reverse("sitemap_section", args=["threads"]))  # Django's sites row, read once per process
    cache.clear()
    listed = []
    for url in sorted(files, key=lambda u: int(u.partition("?p=")[2] or 1)):
        with django_assert_num_queries(1):  # the file's rows: no COUNT, no OFFSET, no query per thread
            root = xml(client, url.removeprefix(SITE))
        urls = locations(root)
        assert 1 <= len(urls) <= 3
        listed += urls
    assert listed == [f"{SITE}{t.get_absolute_url()}" for t in threads]
    past_the_end = threads[-1].pk // 3 + 2
    assert client.get(reverse("sitemap_section", args=["threads"]) + f"?p={past_the_end}").status_code == 404
    assert client.get(reverse("sitemap_section", args=["threads"]) + "?p=x").status_code == 404


def test_a_thread_stays_in_its_file_when_an_older_one_gets_an_answer(client, category, monkeypatch):
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 2)
    older = factories.make_thread(category=category, title="Nobody answered this one at first")
    newer = [_answered(category, n) for n in range(4)]
    before = {t.pk: _file_url(t.pk, 2) for t in newer}
    factories.make_answer(thread=older)
    cache.clear()
    for thread in newer:
        path = before[thread.pk].removeprefix(SITE)
        assert f"{SITE}{thread.get_absolute_url()}" in locations(xml(client, path))
    assert f"{SITE}{older.get_absolute_url()}" in locations(xml(client, _file_url(older.pk, 2).removeprefix(SITE)))


def test_each_files_lastmod_is_its_own_threads_latest_and_empty_ranges_are_left_out(client, category, monkeypatch):
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 2)
    early = _answered(category, 0)
    for n in range(4):  # at least one whole range of unanswered threads: an empty file
        factories.make_thread(category=category, title=f"Still unanswered number {n}")
    late = _answered(category, 1)
    month_ago = timezone.now() - timedelta(days=30)
    Thread.objects.filter(pk=early.pk).update(last_activity_at=month_ago)
    late.refresh_from_db()
    files = _thread_files(client)
    assert set(files) == {_file_url(early.pk, 2), _file_url(late.pk, 2)}
    assert files[_file_url(early.pk, 2)].startswith(timezone.localdate(month_ago).isoformat())
    assert files[_file_url(late.pk, 2)].startswith(timezone.localdate(late.last_activity_at).isoformat())


def test_the_index_lists_each_files_latest_as_a_group_by_would(client, category, monkeypatch):
    """The index's one-probe-per-file SQL gives what the ORM's GROUP BY over indexed threads gives."""
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 2)
    threads = [_answered(category, n) for n in range(5)]
    Thread.objects.filter(pk=threads[1].pk).update(is_hidden=True)
    factories.make_thread(category=category, title="Unanswered in between")
    expected = {row["file"] + 1: row["latest"] for row in
                sitemaps.indexed_threads().annotate(file=F("pk") / 2).values("file")
                .annotate(latest=Max("last_activity_at")).order_by("file")}
    assert dict(sitemaps.ThreadSitemap().index_files()) == expected


def test_the_index_costs_the_same_queries_for_one_file_or_many(client, category, monkeypatch,
                                                                django_assert_num_queries, publish_article,
                                                                publish_known_issue):
    publish_article()
    publish_known_issue()
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 2)
    _answered(category, 0)
    client.get(reverse("sitemap_index"))  # warm Django's and Wagtail's own caches (sites, locales)
    counts = []
    for more in (0, 6):
        for n in range(more):
            _answered(category, n + 1)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            files = _thread_files(client)
        counts.append(len(queries))
        assert len(files) >= 1 + more // 2
    # threads: the highest id and one query for every file's latest; categories: the latest and the
    # count; tags: the counter rows (latest and count); articles and known issues: the latest and the
    # count, each after Wagtail's public() has read the view restrictions.
    assert counts[0] == counts[1] == 2 + 2 + 2 + 4 + 4


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the index is PostgreSQL's plan")
def test_each_files_latest_is_one_probe_of_the_sitemap_index(category):
    _answered(category, 0)
    sql = sitemaps._FILE_LATEST_SQL.format(per_file=sitemaps.ThreadSitemap.limit)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        cursor.execute("EXPLAIN " + sql, [3])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "thread_sitemap_file" in plan, plan


@pytest.mark.parametrize("moment", ["2026-03-28T23:30:00+00:00", "2026-12-31T23:59:59+00:00", "2026-06-01T00:10:00+02:00"])
def test_the_lastmod_day_is_the_one_djangos_date_filter_gives(moment, settings):
    from datetime import datetime

    from django.template import Context, Template

    settings.TIME_ZONE = "Europe/Amsterdam"
    template = Template('{% load seo_tags %}{{ v|sitemap_day }} {{ v|date:"Y-m-d" }}')
    for value in (datetime.fromisoformat(moment), datetime.fromisoformat(moment).date()):
        ours, djangos = template.render(Context({"v": value})).split()
        assert ours == djangos


def test_sitemaps_are_served_from_the_cache(client, forum_content, django_assert_num_queries):
    url = reverse("sitemap_section", args=["threads"])
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_search_settings_and_staff_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ["/search/", "/settings/", "/notifications/", "/moderation/", "/admin/", "/cms/", "/accounts/"]:
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the forum itself stays open


# Translations (#15 item 7): each language's version of a blog page names the others as alternates.

XHTML = "{http://www.w3.org/1999/xhtml}link"


def alternates(root) -> dict[str, dict[str, str]]:
    """{location: {hreflang: href}} of a section's entries."""
    return {node.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in node.findall(XHTML)}
            for node in root.findall("s:url", NS)}


@pytest.fixture
def translated_articles(publish_article):
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp")
    dutch = publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                            translation_of=english)
    alone = publish_article(title="How refunds work", slug="how-refunds-work")
    return {"en": f"{SITE}{english.url}", "nl": f"{SITE}{dutch.url}", "alone": f"{SITE}{alone.url}"}


def test_each_translation_of_an_article_lists_every_language_and_the_english_one_as_default(
        client, translated_articles):
    urls = translated_articles
    found = alternates(section(client, "articles"))
    both = {"en": urls["en"], "nl": urls["nl"], "x-default": urls["en"]}
    assert found == {urls["en"]: both, urls["nl"]: both, urls["alone"]: {}}


def test_a_draft_translation_is_no_alternate(client, publish_article):
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp")
    publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                    translation_of=english, publish=False)
    assert alternates(section(client, "articles")) == {f"{SITE}{english.url}": {}}


def test_a_known_issue_and_its_translation_name_each_other(client, publish_known_issue, editor):
    from tests.blog.conftest import translate

    english = publish_known_issue(title="Lamps lose their connection")
    dutch = translate(english, "Lampen verliezen hun verbinding", editor)
    both = {"en": f"{SITE}{english.url}", "nl": f"{SITE}{dutch.url}", "x-default": f"{SITE}{english.url}"}
    assert alternates(section(client, "known-issues")) == {f"{SITE}{english.url}": both, f"{SITE}{dutch.url}": both}


def test_forum_entries_have_no_alternates_a_thread_being_in_one_language(client, forum_content, category):
    for name in ("threads", "categories"):
        root = section(client, name)
        assert root.findall(".//" + XHTML) == [] and locations(root)


def test_the_articles_section_reads_every_translation_in_one_query(client, publish_article, django_assert_num_queries):
    def pair(n):
        english = publish_article(title=f"Lamp guide number {n}", slug=f"lamp-guide-{n}")
        publish_article(title=f"Lampgids nummer {n}", slug=f"lampgids-{n}", language="nl", translation_of=english)

    counts = []
    for more in (1, 3):
        for n in range(more):
            pair(len(counts) * 10 + n)
        cache.clear()
        client.get(reverse("sitemap_section", args=["articles"]))  # Wagtail's site roots, once per request
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            root = section(client, "articles")
        counts.append(len(queries))
        assert all(len(links) == 3 for links in alternates(root).values())
    assert counts[0] == counts[1]
