"""#15 item 9: on a 390 px phone the ask form keeps every control on the screen, in both languages,
and the Dutch header takes no more rows than the English one."""

import pytest

from tests import factories
from tests.e2e.conftest import screenshot
from tests.e2e.test_badges_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

OFF_SCREEN = """() => [...document.querySelectorAll('main button, main input, main select, main textarea')]
    .filter((el) => el.offsetParent !== null && el.tabIndex >= 0)  // not the honeypot, off-screen on purpose
    .filter((el) => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth + 0.5; })
    .map((el) => el.outerHTML.slice(0, 80))"""


def test_the_ask_form_fits_a_phone_in_both_languages(page, live_server):
    factories.make_category(name="Orders", slug="orders")
    sign_in(page, live_server, factories.make_member(username="phoebe", display_name="Phoebe Phone"))
    page.set_viewport_size({"width": 390, "height": 844})
    heights = {}
    for language in ("en", "nl"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto("/ask/")
        screenshot(page, f"ask-390-{language}", width=390)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert page.evaluate(OFF_SCREEN) == []
        heights[language] = page.locator("header.site-header").bounding_box()["height"]
    assert heights["nl"] <= heights["en"], heights
    assert page.console_errors == []
