"""Company content in Dutch, in Chromium (#15 item 7): a visitor whose browser asks for Dutch sees the
Dutch category names on the home page, as does an English visitor who picks Nederlands in the
language switch (from the keyboard); a category without a Dutch name shows its English one, never a
blank. The Dutch home page passes axe at desktop and phone width (rules of test_accessibility.py)."""

import re
from contextlib import contextmanager

import pytest

from forum.models import Category
from tests import factories
from tests.e2e.test_accessibility import FAIL_ON_PUBLIC, Visit, audit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def categories(db):
    orders = Category.objects.create(slug="orders-delivery", icon="📦", name_en="Orders & delivery",
                                     name_nl="Bestellingen & bezorging",
                                     description_en="Tracking, delivery times, missing parcels.",
                                     description_nl="Track & trace, levertijden, zoekgeraakte pakketten.")
    Category.objects.create(slug="mobile-app", icon="📱", name_en="Mobile app", position=1)
    factories.make_thread(category=orders, title="My parcel shows delivered but it is not here")
    return orders


def _sidebar(page) -> list[str]:
    return [text.strip() for text in page.locator(".side-list a").all_inner_texts()]


@contextmanager
def _browsing(browser, live_server, locale: str):
    """A page whose browser asks for `locale`; script errors fail the test."""
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
        assert errors == []
    finally:
        context.close()


def test_a_browser_asking_for_dutch_gets_dutch_category_names_on_the_home_page(browser, live_server, categories):
    with _browsing(browser, live_server, "nl-NL") as page:
        page.goto("/")
        assert page.evaluate("document.documentElement.lang") == "nl"
        sidebar = " | ".join(_sidebar(page))
        assert "Bestellingen & bezorging" in sidebar
        assert "Mobile app" in sidebar  # no Dutch name: the English one
        assert "Orders & delivery" not in page.locator("main").inner_text()
        thread_row = page.locator("main").get_by_role("link", name="Bestellingen & bezorging").first
        assert thread_row.is_visible()
        failures = [f"{item['width']}px: {item['impact']} {item['id']} ({item['help']}) {item['targets']}"
                    for item in audit(page, Visit("/", True, label="Dutch home")) if item["impact"] in FAIL_ON_PUBLIC]
        assert not failures, "\n".join(failures)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator("main").get_by_role("link", name="Bestellingen & bezorging").first.click()
        page.wait_for_url(re.compile(r"/c/orders-delivery/$"))
        assert page.locator("h1").inner_text().strip() == "📦 Bestellingen & bezorging"
        assert page.get_by_text("Track & trace, levertijden, zoekgeraakte pakketten.").is_visible()


def test_picking_nederlands_in_the_language_switch_shows_the_dutch_names(browser, live_server, categories):
    with _browsing(browser, live_server, "en-GB") as page:
        page.goto("/")
        assert "Orders & delivery" in " | ".join(_sidebar(page))
        switch = page.get_by_label("Language")
        switch.focus()
        with page.expect_navigation():
            page.keyboard.press("ArrowDown")  # English -> Nederlands; the switch submits itself (data-autosubmit)
        assert page.evaluate("document.documentElement.lang") == "nl"
        sidebar = " | ".join(_sidebar(page))
        assert "Bestellingen & bezorging" in sidebar and "Orders & delivery" not in sidebar
