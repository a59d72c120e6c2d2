"""The sitemap index and its sections, read as XML: the expected URLs, nothing hidden, held or
thin, lastmod from the rows; split into pages of `limit`; cached; robots.txt points at it."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from forum import services, sitemaps
from forum.models import Thread
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
def forum_content(member, other_member, category):
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


def test_the_index_lists_every_section(client, forum_content, publish_article, publish_notice):
    publish_article()
    publish_notice()
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
    assert root.find(".//s:lastmod", NS).text == thread.last_activity_at.date().isoformat()
    index = xml(client, reverse("sitemap_index"))
    entry = [n for n in index.findall("s:sitemap", NS) if n.find("s:loc", NS).text.endswith("-threads.xml")][0]
    assert entry.find("s:lastmod", NS).text.startswith(thread.last_activity_at.date().isoformat())


def test_a_thread_whose_only_answer_is_hidden_drops_out(client, member, other_member, moderator, category):
    thread = factories.make_thread(author=member, category=category, title="Only a hidden answer here")
    answer = factories.make_answer(thread=thread, author=other_member)
    assert locations(section(client, "threads")) == [f"{SITE}{thread.get_absolute_url()}"]
    services.post_set_moderation_state(post=answer, by=moderator, hidden=True)
    cache.clear()  # the sitemap is cached for SITEMAP_CACHE_SECONDS
    assert locations(section(client, "threads")) == []


def test_categories_and_tags_with_enough_threads(client, forum_content, category, settings):
    assert f"{SITE}{category.get_absolute_url()}" in locations(section(client, "categories"))
    assert locations(section(client, "tags")) == []  # one thread: a thin page
    for n in range(settings.SITEMAP_TAG_MIN_THREADS - 1):
        factories.make_thread(category=category, title=f"More lamp trouble number {n}", tags=["lamp"])
    cache.clear()
    assert locations(section(client, "tags")) == [f"{SITE}{reverse('forum:tag', args=['lamp'])}"]


def test_articles_and_known_issues_are_listed_when_live(client, publish_article, publish_notice):
    article = publish_article(title="Pair a lamp in five steps")
    draft = publish_article(title="A draft about lamps", publish=False)
    notice = publish_notice(title="Lamps disconnect in the evening")
    assert locations(section(client, "articles")) == [f"{SITE}{article.url}"]
    assert f"{SITE}{draft.url}" not in locations(section(client, "articles"))
    assert locations(section(client, "known-issues")) == [f"{SITE}{notice.url}"]


def test_a_big_section_is_split_into_pages_without_a_query_per_thread(client, category, monkeypatch,
                                                                       django_assert_max_num_queries):
    monkeypatch.setattr(sitemaps.ThreadSitemap, "limit", 3)
    made = []
    for n in range(7):
        thread = factories.make_thread(category=category, title=f"Answered question number {n}")
        factories.make_answer(thread=thread)
        made.append(f"{SITE}{thread.get_absolute_url()}")
    index = locations(xml(client, reverse("sitemap_index")))
    assert [u for u in index if "-threads" in u] == [f"{SITE}/sitemap-threads.xml", f"{SITE}/sitemap-threads.xml?p=2",
                                                     f"{SITE}/sitemap-threads.xml?p=3"]
    pages = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(3):  # the count, the page's rows, (once) Django's sites row
            pages += locations(section(client, "threads", page))
    assert pages == made
    assert client.get(reverse("sitemap_section", args=["threads"]) + "?p=4").status_code == 404


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
