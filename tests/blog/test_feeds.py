import feedparser
from django.urls import reverse


def test_the_rss_feed_lists_published_articles_and_parses(client, publish_article):
    publish_article(title="Reset your lamp", summary="Hold the button for ten seconds.")
    publish_article(title="A draft nobody sees", publish=False)
    response = client.get(reverse("blog:feed_rss"))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == ["Reset your lamp"]
    assert feed.entries[0].summary == "Hold the button for ten seconds."
    assert feed.entries[0].link.endswith("/blog/reset-your-lamp/")


def test_the_atom_feed_parses_and_links_each_article(client, publish_article):
    publish_article(title="Reset your lamp")
    feed = feedparser.parse(client.get(reverse("blog:feed_atom")).content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.entries[0].title == "Reset your lamp"
    assert feed.entries[0].link.endswith("/blog/reset-your-lamp/")


def test_the_blog_index_advertises_its_feeds(client, publish_article):
    publish_article()
    html = client.get("/blog/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'type="application/atom+xml"' in html
