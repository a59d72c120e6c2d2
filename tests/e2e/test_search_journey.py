"""Searching in a real browser: results with highlights and facets, did-you-mean, phone width."""

import pytest

from forum import search
from forum.search.backends import whoosh_backend
from tests.e2e.conftest import screenshot
from tests.search.conftest import load_corpus


@pytest.fixture
def searchable_site(settings, tmp_path, transactional_db):
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SEARCH_AUTO_REBUILD = False
    settings.SEARCH_BACKEND = "whoosh"
    threads = load_corpus()
    search.rebuild()
    whoosh_backend.wait_for_pending_writes()
    yield threads
    whoosh_backend._indexes.clear()


def test_a_visitor_searches_filters_and_follows_a_result(page, searchable_site):
    page.goto("/")
    page.fill("#site-search", "refund")
    page.press("#site-search", "Enter")
    page.wait_for_selector(".search-result")
    assert page.locator(".search-result mark").count() > 0
    screenshot(page, "search-results")
    page.click(".search-facets a:has-text('Solved')")
    page.wait_for_selector(".search-chip")
    assert page.locator(".pill--solved, .pill--verified").count() == page.locator(".search-result").count()
    page.click(".search-result__title >> nth=0")
    page.wait_for_load_state()
    assert "/t/" in page.url
    assert page.console_errors == []


def test_a_misspelling_gets_a_did_you_mean_and_a_dutch_visitor_reads_dutch(page, searchable_site):
    page.goto("/search/?q=thermostat+schedual")
    assert page.locator(".search-suggestion").count() == 1 or page.locator(".search-exact").count() == 1
    screenshot(page, "search-did-you-mean")
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": page.url}])
    page.goto("/search/?q=wachtwoord+vergeten")
    assert "resulta" in page.locator("h1").inner_text()
    screenshot(page, "search-results-nl-phone", width=390)
    page.goto("/search/?q=xqzwv")
    screenshot(page, "search-no-results", width=1280)
    assert page.console_errors == []
