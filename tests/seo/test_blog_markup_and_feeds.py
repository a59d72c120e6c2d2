"""Blog pages: Article and HowTo JSON-LD (read with extruct), breadcrumbs, canonical links; the
known-issues feed with its updates, parsed by feedparser."""

import extruct
import feedparser
import pytest
from django.urls import reverse

from blog.models import KnownIssuePage
from tests.blog.conftest import add_update

pytestmark = pytest.mark.django_db
SITE = "http://testserver-canonical"


def structured(html: str) -> dict:
    return {item["@type"]: item for item in extruct.extract(html, syntaxes=["json-ld"])["json-ld"]}


def test_an_article_with_steps_is_an_article_and_a_howto(client, publish_article, editor):
    article = publish_article(title="Connect your lamp to 2.4 GHz wifi", tags=["wifi"], by=editor)
    html = client.get(article.url).content.decode()
    data = structured(html)
    assert data["Article"]["headline"] == "Connect your lamp to 2.4 GHz wifi"
    assert data["Article"]["author"]["name"] == "Eddie Editor"
    assert data["Article"]["mainEntityOfPage"] == f"{SITE}{article.url}"
    assert data["Article"]["datePublished"] == article.first_published_at.isoformat()
    assert data["Article"]["keywords"] == ["wifi"]
    steps = data["HowTo"]["step"]
    assert [(s["position"], s["name"]) for s in steps] == [(1, "Open the router settings"), (2, "Turn on 2.4 GHz")]
    assert steps[0]["text"] == "Go to 192.168.1.1."
    crumbs = [i["name"] for i in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["How-to articles", "Connect your lamp to 2.4 GHz wifi"]
    assert f'<link rel="canonical" href="{SITE}{article.url}">' in html
    assert 'name="robots"' not in html


def test_an_article_without_steps_is_no_howto(client, publish_article):
    article = publish_article(body=[{"type": "paragraph", "value": "<p>Just some words.</p>"}])
    assert "HowTo" not in structured(client.get(article.url).content.decode())


def test_a_known_issue_has_breadcrumbs_and_names_the_feed(client, publish_known_issue, known_issue_index):
    known_issue = publish_known_issue(title="Lamps disconnect in the evening")
    html = client.get(known_issue.url).content.decode()
    crumbs = [i["name"] for i in structured(html)["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Known issues", "Lamps disconnect in the evening"]
    assert f'href="{reverse("blog:feed_known_issues_atom")}"' in html
    assert f'href="{reverse("blog:feed_known_issues_rss")}"' in client.get(known_issue_index.url).content.decode()


def test_a_known_issue_is_an_article_about_its_categories_modified_by_its_latest_update(
        client, publish_known_issue, category):
    known_issue = publish_known_issue(title="Lamps disconnect in the evening", categories=[category],
                            updates=["We are looking into it."])
    known_issue = add_update(known_issue, "A fix is rolling out tonight.", status=KnownIssuePage.Status.MONITORING)
    latest = known_issue.updates.order_by("-posted_at").first()
    data = structured(client.get(known_issue.url).content.decode())["Article"]
    assert data["headline"] == "Lamps disconnect in the evening"
    assert data["description"] == known_issue.summary
    assert data["mainEntityOfPage"] == f"{SITE}{known_issue.url}"
    assert data["about"] == [{"@type": "Thing", "name": category.name, "url": f"{SITE}{category.get_absolute_url()}"}]
    assert data["creativeWorkStatus"] == "monitoring"
    assert data["temporalCoverage"] == f"{known_issue.started_at.isoformat()}/.."  # still going on
    assert data["dateModified"] >= latest.posted_at.isoformat()
    assert data["datePublished"] == known_issue.first_published_at.isoformat()


def test_a_resolved_known_issues_span_ends_when_it_was_resolved(client, publish_known_issue):
    known_issue = publish_known_issue(title="Lamps disconnect in the evening", status=KnownIssuePage.Status.RESOLVED)
    data = structured(client.get(known_issue.url).content.decode())["Article"]
    assert data["temporalCoverage"] == f"{known_issue.started_at.isoformat()}/{known_issue.resolved_at.isoformat()}"
    assert data["creativeWorkStatus"] == "resolved"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_known_issues_feed_carries_each_known_issues_updates(client, publish_known_issue, kind):
    known_issue = publish_known_issue(title="Lamps disconnect in the evening", updates=["We are looking into it."])
    known_issue = add_update(known_issue, "A fix is rolling out tonight.", status=KnownIssuePage.Status.MONITORING)
    response = client.get(reverse(f"blog:feed_known_issues_{kind}"))
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Known issues"
    by_title = {entry.title: entry for entry in feed.entries}
    entry = by_title["Lamps disconnect in the evening (monitoring)"]  # the known issue, with its whole timeline
    assert entry.link == f"{SITE}{known_issue.url}"
    assert "A fix is rolling out tonight." in entry.summary and "We are looking into it." in entry.summary
    # …and each update an entry of its own (a reader shows new entries, RSS has no "updated"),
    # the newest first, linking to it on the known issue's page.
    updates = [e for e in feed.entries if e.id.startswith(f"known-issue-{known_issue.pk}-update-")]
    assert [e.title for e in updates] == ["Lamps disconnect in the evening: monitoring",
                                          "Lamps disconnect in the evening: investigating"]
    assert "A fix is rolling out tonight." in updates[0].summary
    newest = known_issue.updates.order_by("-posted_at").first()
    assert updates[0].link == f"{SITE}{known_issue.url}#update-{newest.pk}"
    assert f'id="update-{newest.pk}"' in client.get(known_issue.url).content.decode()


def test_a_draft_known_issue_is_not_in_the_feed(client, known_issue_index):
    draft = KnownIssuePage(title="Not yet public", slug="not-yet-public", summary="Secret.", live=False)
    known_issue_index.add_child(instance=draft)
    feed = feedparser.parse(client.get(reverse("blog:feed_known_issues_rss")).content)
    assert [e.title for e in feed.entries] == []


def test_an_articles_hero_is_its_share_picture_at_no_extra_query(client, publish_article, settings, tmp_path,
                                                                  django_assert_max_num_queries):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), "#5b3fd6").save(buffer, format="PNG")
    hero = get_image_model().objects.create(title="Lamp", file=ImageFile(buffer, name="lamp.png"))
    plain = publish_article(title="An article without a picture")
    article = publish_article(title="An article with a picture")
    article.hero_image = hero
    article.save_revision().publish()
    client.get(plain.url)
    client.get(article.url)  # renditions made, caches warm
    # The blog's own pin for an article page (12) and the hero's rendition. Measured 11 before pages per
    # language, 13 with them (#15 item 7): Wagtail's routing through the visitor's language tree asks for
    # its Locale and the home page's translation, and the links to the article's translations take one
    # query that also gives the page its locale.
    with django_assert_max_num_queries(13):
        html = client.get(article.url).content.decode()
    og = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    assert og["og:image"].startswith(SITE) and "lamp" in og["og:image"]
    assert structured(html)["Article"]["image"] == og["og:image"]
