"""#15 item 11 in Chromium: the staff header.

The bell opens the latest notifications in place (it opened a page): from the keyboard (Enter or
Space opens, Escape closes and gives focus back to the bell, the loaded list does not take focus
away), fitting a 320 px screen, and still the link to the full list without JavaScript. The
header's search box is readable in full beside a staff member's counters at 1280 and 1024 px, in
English and Dutch (it was squeezed to "Search quest…"). axe finds nothing serious with the list
open, at desktop and phone width, in both languages.
"""

import pytest

from forum import bootstrap, roles
from forum.models import Notification
from moderation import services
from tests import factories
from tests.e2e.test_accessibility import PASSWORD, Role, Visit, run_site_map
from tests.e2e.test_badges_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

OPEN = '[data-notif-toggle][aria-expanded="true"]'
PANEL = "#notif-menu-panel"
BELL = "[data-notif-toggle]"
# The placeholder's width in the input's own font, against the room the input gives it.
PLACEHOLDER_FITS = """() => {
  const input = document.getElementById('site-search');
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [Math.ceil(context.measureText(input.placeholder).width), Math.floor(room), input.placeholder];
}"""


def a_moderator_with_news():
    bootstrap.install()  # a transactional test flushes the groups the migrations made
    moderator = factories.make_member(username="mila", email="moderator@example.com", password=PASSWORD,
                                      display_name="Mila de Moderator", groups=(roles.MODERATORS,), is_staff=True)
    author = factories.make_member(username="tom", display_name="Tom Baker")
    thread = factories.make_thread(author=author, title="My parcel shows delivered but it is not here")
    services.flag_create(flagger=factories.make_member(username="fay"), post=thread, reason="spam")  # review counter
    for text in ("Tom Baker answered “My parcel shows delivered but it is not here”.",
                 "You earned the badge “Quick helper”: answered within an hour of the question."):
        Notification.objects.create(recipient=moderator, verb="answer", actor=author, text=text, url=thread.get_absolute_url())
    return moderator


def language(page, live_server, code):
    page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])


def test_the_bell_opens_the_latest_notifications_in_place_from_the_keyboard(page, live_server):
    sign_in(page, live_server, a_moderator_with_news())
    page.goto("/")
    bell = page.locator(BELL)
    assert bell.get_attribute("role") == "button" and bell.get_attribute("aria-expanded") == "false"
    bell.focus()
    page.keyboard.press("Enter")
    panel = page.locator(PANEL)
    panel.get_by_text("Tom Baker answered").wait_for()
    assert page.url.endswith("/")  # opened in place, not followed
    assert page.evaluate("document.activeElement.matches('[data-notif-toggle]')")  # kept after the htmx update
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.querySelector('{PANEL}').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert panel.is_hidden() and bell.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('[data-notif-toggle]')")
    page.keyboard.press(" ")
    assert page.locator(OPEN).count() == 1 and panel.is_visible()
    assert page.evaluate("window.scrollY") == 0  # Space opened it and did not scroll the page
    page.mouse.click(5, 500)
    assert panel.is_hidden()
    panel_link = panel.get_by_role("link", name="See all notifications")
    bell.click()
    panel_link.click()
    page.wait_for_url("**/notifications/")
    assert page.console_errors == []


def test_on_a_320_px_screen_the_open_list_fits(page, live_server):
    sign_in(page, live_server, a_moderator_with_news())
    page.set_viewport_size({"width": 320, "height": 640})
    for code in ("en", "nl"):
        language(page, live_server, code)
        page.goto("/moderation/")
        page.locator(BELL).click()
        page.locator(f"{PANEL} .notification-list").wait_for()
        box = page.locator(PANEL).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
        assert box["y"] >= page.locator(BELL).bounding_box()["y"]  # under the bell's row, not over it
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert page.console_errors == []


def test_without_javascript_the_bell_is_the_link_to_the_full_list(browser, live_server):
    moderator = a_moderator_with_news()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, moderator)
    page.goto("/")
    page.locator(BELL).click()
    page.wait_for_url("**/notifications/")
    assert page.get_by_text("Tom Baker answered").count() == 1
    context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_staff_headers_search_box_shows_its_whole_placeholder(page, live_server, width):
    sign_in(page, live_server, a_moderator_with_news())
    page.set_viewport_size({"width": width, "height": 800})
    for code in ("en", "nl"):
        language(page, live_server, code)
        page.goto("/moderation/")
        assert page.locator(".header-actions .counter-link").count() >= 3  # bell, review queue, inbox
        text, room, placeholder = page.evaluate(PLACEHOLDER_FITS)
        assert text <= room, (code, width, placeholder, text, room)
        assert placeholder.endswith("…") and len(placeholder) > 12, placeholder  # the words, not "Search…"
        if width == 1280:  # one row: brand, links, search and counters side by side
            assert page.locator(".site-header").bounding_box()["height"] < 80
    assert page.console_errors == []


def open_bell(page):
    page.locator(BELL).click()
    page.locator(f"{PANEL} .notification-list").wait_for()


def test_the_header_with_the_list_open_passes_axe_in_both_languages_at_both_widths(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    a_moderator_with_news()
    visits = [Visit("/", prepare=open_bell, label="home, the bell's list open"),
              Visit("/moderation/", label="moderation overview (staff header)")]
    failures, pages = run_site_map(browser, live_server, [Role("moderator", "moderator@example.com", visits)])
    assert pages == len(visits) * 2
    assert not failures, f"{len(failures)} axe violations:\n" + "\n".join(failures)


def test_a_visitors_header_is_one_row_at_1280_px_with_the_whole_placeholder(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    for code in ("en", "nl"):
        language(page, live_server, code)
        page.goto("/solved/")
        text, room, placeholder = page.evaluate(PLACEHOLDER_FITS)
        assert text <= room, (code, placeholder, text, room)
        assert page.locator(".site-header").bounding_box()["height"] < 80, code
    assert page.console_errors == []
