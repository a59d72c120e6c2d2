"""#15 item 8: a search that finds nothing offers the how-to articles others found helpful, in the
reader's language first, an English one where nothing Dutch exists, marked."""

import re

import pytest
from django.urls import reverse

from blog.models import ArticleFeedback

pytestmark = pytest.mark.django_db

NOTHING = "zqxwv plumbus"


def _offered(page: str) -> list[str]:
    if "search-popular__articles" not in page:
        return []
    listed = page.split("search-popular__articles", 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<>]+)</a>", listed)


@pytest.fixture
def articles(publish_article, editor):
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp", by=editor)
    dutch = publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                            translation_of=english, by=editor)
    refunds = publish_article(title="How refunds work", slug="how-refunds-work", by=editor)
    for n in range(3):  # refunds helped most
        ArticleFeedback.objects.create(article=refunds, helpful=True, visitor=f"v{n}")
    ArticleFeedback.objects.create(article=english, helpful=False, visitor="v9")
    return {"en": english, "nl": dutch, "refunds": refunds}


def test_a_zero_result_search_offers_the_articles_that_helped_most(client, articles):
    page = client.get(reverse("search:results"), {"q": NOTHING}).content.decode()
    assert _offered(page) == ["How refunds work", "Pair your smart lamp"]
    assert "How-to articles others found helpful" in page


def test_a_dutch_reader_gets_the_dutch_translation_first_and_english_marked(client, articles):
    client.cookies["django_language"] = "nl"
    page = client.get(reverse("search:results"), {"q": NOTHING}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert _offered(page) == ["Je slimme lamp koppelen", "How refunds work"]
    assert "Pair your smart lamp" not in page, "one article once, in Dutch"
    assert re.search(r'lang="en">How refunds work</a> <span class="meta">\(in het Engels\)', page)

