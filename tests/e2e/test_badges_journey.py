"""A member's answer is accepted; they see the points and the “first accepted answer” badge."""

import pytest
from django.core.cache import cache
from django.test import Client

from badges.bootstrap import install
from forum import services as forum
from tests import factories
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_an_accepted_answer_brings_points_and_the_problem_solver_badge(page, live_server):
    install()  # transactional tests flush the data-migration rows
    cache.clear()
    category = factories.make_category(name="Orders", slug="orders")
    asker = factories.make_member(username="asha", display_name="Asha Asker")
    helper = factories.make_member(username="hugo", display_name="Hugo Helper")
    thread = factories.make_thread(author=asker, category=category, title="My parcel shows delivered but it is not here")
    forum.answer_create(author=helper, thread=thread,
                        body="Check the proof-of-delivery photo, then open a missing parcel request.")

    sign_in(page, live_server, asker)
    page.goto(thread.get_absolute_url())
    page.get_by_role("button", name="Accept as solution").click()
    page.wait_for_load_state()
    assert page.get_by_text("Accepted solution").first.is_visible()

    sign_in(page, live_server, helper)
    page.goto("/notifications/")
    badge_note = page.get_by_role("link", name="You earned the “Problem solver” badge", exact=False)
    assert badge_note.is_visible()
    screenshot(page, "badges-notifications")
    badge_note.click()
    page.wait_for_url("**/badges/b/first-accepted-answer/")
    assert page.get_by_role("heading", name="Problem solver").is_visible()
    assert page.get_by_role("link", name="Hugo Helper").first.is_visible()
    screenshot(page, "badges-badge-page")

    page.goto(f"/badges/members/{helper.username}/reputation/")
    assert page.get_by_test_id("reputation-total").inner_text() == "15"
    assert page.get_by_text("Answer accepted").first.is_visible()
    assert page.locator("svg.rep-chart__line, .rep-chart svg").first.is_visible()
    screenshot(page, "badges-reputation")

    page.goto(f"/members/{helper.username}/")
    assert page.get_by_role("link", name="Problem solver").first.is_visible()
    screenshot(page, "badges-profile")
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_badge_pages_render_for_phone_and_desktop(page, live_server, width):
    install()
    cache.clear()
    member = factories.make_member(username="mia")
    sign_in(page, live_server, member)
    for name, path in (("index", "/badges/"), ("ranks", "/badges/ranks/"),
                       ("leaderboard", "/badges/leaderboard/")):
        page.goto(path)
        screenshot(page, f"badges-{name}-{width}", width=width)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, name
    assert page.console_errors == []
