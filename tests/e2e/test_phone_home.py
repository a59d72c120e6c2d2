"""#15 item 9 in Chromium: on a 390 × 844 phone a visitor sees the first question of the home page's
list without scrolling, in English and Dutch.

The header's search box, a site banner and the hero (with its own search box) pushed it below the
fold. On a phone the page with the hero's search box drops the header's copy of it (other pages
keep it), the hero drops its tagline and the visitor's two header buttons stay beside the brand in
Dutch too. axe finds nothing serious on those pages at desktop and phone width.
"""

import pytest

from config import registry
from forum.models import Thread
from tests import factories
from tests.e2e.test_accessibility import Role, Visit, run_site_map

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def home_page_content(monkeypatch):
    """A list like the demo's, under a site banner as long as the demo's known issue."""
    def known_issue(request):
        return [registry.Banner(level="warning", url="/known-issues/", link_text="What we know",
                                text="Known issue (identified): The Android app closes when you open your order history")]

    monkeypatch.setattr(registry, "_site_banners", [*registry._site_banners, known_issue])
    category = factories.make_category(name="Billing & payments", slug="billing")
    for title in ("Factuur klopt niet: dubbel afgeschreven", "When will I get my refund after returning an item?"):
        factories.make_thread(category=category, title=title)


def test_the_first_question_is_on_a_phones_first_screen_in_both_languages(page, live_server, settings,
                                                                          home_page_content):
    settings.PAGE_CACHE = False
    page.set_viewport_size(PHONE)
    for code in ("en", "nl"):
        page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
        page.goto("/")
        assert page.locator(".banner").is_visible() and page.locator("#hero-search").is_visible()
        first = page.locator(".thread-item a[href^='/t/']").first
        box = first.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], (code, box)  # the whole title line, not only its top
        assert page.locator("#site-search").is_hidden()  # one search box on the screen, the hero's
        brand, buttons = (page.locator(s).bounding_box() for s in (".brand", ".header-actions"))
        assert abs((brand["y"] + brand["height"] / 2) - (buttons["y"] + buttons["height"] / 2)) < 4, code  # one row
        page.goto("/solved/")  # no hero: the header keeps its search box
        assert page.locator("#site-search").is_visible()
    assert Thread.objects.count() == 2
    assert page.console_errors == []


def test_the_home_page_and_a_list_without_hero_pass_axe_in_both_languages_at_both_widths(browser, live_server,
                                                                                         settings, home_page_content):
    settings.SITE_URL = live_server.url
    visits = [Visit("/", True), Visit("/solved/", True)]
    failures, pages = run_site_map(browser, live_server, [Role("visitor", None, visits)])
    assert pages == len(visits) * 2
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)
