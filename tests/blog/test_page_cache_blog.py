"""Anonymous pages from the cache show a new article link and a new known-issue banner at once."""

import pytest

from blog import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


def test_an_article_link_shows_on_the_cached_thread_page_at_once(client, member, moderator, category,
                                                                 publish_article):
    thread = factories.make_thread(author=member, category=category, title="Lamp will not connect to wifi")
    article = publish_article(title="Connect your smart lamp to 2.4 GHz wifi")
    client.get(thread.get_absolute_url())
    assert client.get(thread.get_absolute_url())["X-Page-Cache"] == "hit"
    services.link_article(article=article, thread=thread, by=moderator)
    page = client.get(thread.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "Connect your smart lamp" in page.content.decode()


def test_a_new_known_issue_banner_shows_on_the_cached_category_page_at_once(client, member, category,
                                                                            publish_known_issue):
    factories.make_thread(author=member, category=category)
    client.get(category.get_absolute_url())
    assert client.get(category.get_absolute_url())["X-Page-Cache"] == "hit"
    publish_known_issue(title="Lamps lose their connection", categories=[category])
    page = client.get(category.get_absolute_url())
    assert "Lamps lose their connection" in page.content.decode()


# Signed-in pages put the member's own parts around pieces kept per content version (forum/fragments.py).


def test_an_article_link_shows_on_a_members_thread_page_at_once(client_for, member, moderator, category,
                                                                publish_article):
    thread = factories.make_thread(author=member, category=category, title="Lamp will not connect to wifi")
    article = publish_article(title="Connect your smart lamp to 2.4 GHz wifi")
    reader = client_for(factories.make_member())
    reader.get(thread.get_absolute_url())
    assert "Connect your smart lamp" not in reader.get(thread.get_absolute_url()).content.decode()
    services.link_article(article=article, thread=thread, by=moderator)
    assert "Connect your smart lamp" in reader.get(thread.get_absolute_url()).content.decode()


def test_a_new_known_issue_banner_shows_on_a_members_pages_at_once(client_for, member, category, publish_known_issue):
    thread = factories.make_thread(author=member, category=category)
    reader = client_for(factories.make_member())
    for url in (category.get_absolute_url(), thread.get_absolute_url()):
        reader.get(url)
    publish_known_issue(title="Lamps lose their connection", categories=[category])
    for url in (category.get_absolute_url(), thread.get_absolute_url()):
        assert "Lamps lose their connection" in reader.get(url).content.decode(), url
