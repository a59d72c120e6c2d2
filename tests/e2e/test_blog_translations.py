"""The blog in Dutch, in Chromium (#15 item 7): a Dutch visitor's /blog/ lists the Dutch translation of an
article instead of its English original and an English-only article marked "English" (lang="en" for
screen readers); the article links to its translation ("Read in English" and back), reached from the
keyboard; both pages pass axe at desktop and phone width, with the rules of test_accessibility.py."""

import re

import pytest
from django.conf import settings

from tests.blog.conftest import blog_index, dutch_blog_index, publish_article  # noqa: F401
from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import FAIL_ON_PUBLIC, Visit, audit

# Wagtail's pages, locales and site come from migrations: keep them across flushes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _axe(page, label):
    failures = [f"{item['width']}px {label}: {item['impact']} {item['id']} ({item['help']}) {item['targets']}"
                for item in audit(page, Visit(page.url, True, label=label)) if item["impact"] in FAIL_ON_PUBLIC]
    assert not failures, "\n".join(failures)


def test_a_dutch_visitor_reads_the_dutch_blog_and_follows_the_link_to_the_english_article(
        browser, live_server, publish_article):  # noqa: F811
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp",
                              summary="Lamps only pair on 2.4 GHz wifi.")
    dutch = publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                            summary="Lampen koppelen alleen op 2,4 GHz-wifi.", translation_of=english)
    publish_article(title="How refunds work", slug="how-refunds-work", summary="Within three working days.")

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nl", "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto("/blog/")
        assert page.evaluate("document.documentElement.lang") == "nl"
        # Dutch first, though the English-only article is newer; the English original is not listed.
        titles = page.locator(".article-card__title").all_inner_texts()
        assert titles == ["Je slimme lamp koppelen", "How refunds work"]
        card = page.locator(".article-card", has_text="How refunds work")
        assert card.locator(".pill--language").inner_text() == "English"
        assert card.locator(".pill--language").get_attribute("lang") == "en"
        assert card.locator(".article-card__title").get_attribute("lang") == "en"
        assert page.locator(".article-card", has_text="Je slimme lamp koppelen").locator(".pill--language").count() == 0
        screenshot(page, "blog-dutch-list")
        _axe(page, "Dutch blog list")

        page.get_by_role("link", name="Je slimme lamp koppelen").click()
        page.wait_for_url(re.compile(re.escape(dutch.url) + "$"))
        read_in_english = page.get_by_role("link", name="Read in English")
        assert read_in_english.get_attribute("lang") == "en"
        _axe(page, "Dutch article with its translation link")
        read_in_english.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(english.url) + "$"))
        assert page.locator("article.article").get_attribute("lang") == "en"
        assert page.evaluate("document.documentElement.lang") == "nl"  # the visitor's language stays
        back = page.get_by_role("link", name="Lees in het Nederlands")
        assert back.get_attribute("href") == dutch.url
        screenshot(page, "blog-english-article-for-a-dutch-visitor")
        assert errors == []
    finally:
        context.close()
