"""The case page's side panel in Chromium: each fact's value reads on its own lines at 1280 px, in
English and Dutch. Beside its name, a long Dutch name ("Eerste reactie uiterlijk") left the value a
column a few letters wide: "Mila de Mod erat or", the countdown one letter a line."""

import pytest

from forum import bootstrap, roles
from moderation.models import Team
from moderation.recovery.models import Case
from tests import factories
from tests.e2e.test_badges_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NARROWEST_VALUE = """() => Math.min(...[...document.querySelectorAll('.recovery-facts dd')]
    .map((dd) => dd.getBoundingClientRect().width))"""


def test_the_case_facts_have_room_for_their_values_in_both_languages(page, live_server):
    bootstrap.install()  # a transactional test flushes the groups the migrations made
    category = factories.make_category(name="Account & login", slug="account")
    moderator = factories.make_member(username="mila", display_name="Mila de Moderator", groups=(roles.MODERATORS,),
                                      is_staff=True)
    team = Team.objects.create(name="Klantenservice")
    team.members.add(moderator)
    team.categories.add(category)
    factories.make_thread(category=category, kind="problem", title="Two-factor codes are always rejected")
    case = Case.objects.get()
    sign_in(page, live_server, moderator)
    page.set_viewport_size({"width": 1280, "height": 800})
    for code in ("en", "nl"):
        page.context.add_cookies([{"name": "django_language", "value": code, "url": live_server.url}])
        page.goto(f"/moderation/cases/{case.pk}/")
        assert page.evaluate(NARROWEST_VALUE) > 200, code  # the panel's width, not a sliver of it
        owner = page.locator("[data-case-owner]")
        assert owner.inner_text() == "Mila de Moderator" and owner.bounding_box()["height"] < 30, code  # one line
    assert page.console_errors == []
