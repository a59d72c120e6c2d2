"""What an app puts on another app's page has one typed shape (issue #12, item 5): every registered
provider of panels, post actions, banners and header counters answers with the keys its TypedDict
names (forum.extensions.Panel / PostAction, config.registry.Banner / HeaderCounter), no fewer and
no others, and a panel's template sits in its app's panels/ folder."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from config import registry
from forum import extensions
from moderation import services as moderation_services
from tests import factories
from tests.blog.conftest import known_issue_index, publish_known_issue  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _problems(payload, typed) -> list[str]:
    keys = set(payload)
    problems = [f"missing {key}" for key in sorted(typed.__required_keys__ - keys)]
    problems += [f"unknown {key}" for key in sorted(keys - typed.__required_keys__ - typed.__optional_keys__)]
    return problems


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    request.resolver_match = resolve(path)
    return request


@pytest.fixture
def scene(moderator, member, other_member, category, publish_known_issue):  # noqa: F811 - a fixture
    publish_known_issue(title="Lamps lose their connection", categories=[category])
    problem = factories.make_thread(author=member, category=category, kind="problem",
                                    title="My order arrived broken", body="The screen was cracked in the box.")
    answer = factories.make_answer(thread=problem, author=other_member, body="Send a photo to the shop.")
    factories.grant(other_member, "flag_posts")  # a report button under the problem
    suspended = factories.make_member(username="sus")
    moderation_services.member_suspend(member=suspended, by=moderator, reason="Rude replies",
                                       until=timezone.now() + timedelta(days=3))
    return {"thread": problem, "answers": [answer], "category": category,
            "viewers": [moderator, member, other_member, suspended]}


def test_every_provider_answers_in_its_typed_shape(scene):
    wrong, seen = [], set()

    def check(where, payload, typed):
        seen.add(where)
        wrong.extend(f"{where}: {problem}" for problem in _problems(payload, typed))

    thread, answers = scene["thread"], scene["answers"]
    for viewer in scene["viewers"]:
        request = _request(viewer)
        for provider in extensions.thread_panels:
            for panel in provider(request, thread) or []:
                check(f"thread panel {provider.__module__}", panel, extensions.Panel)
        for provider in extensions.profile_panels:
            for panel in provider(request, thread.author) or []:
                check(f"profile panel {provider.__module__}", panel, extensions.Panel)
        for provider in extensions.post_actions:
            for actions in (provider(request, thread, answers) or {}).values():
                for action in actions:
                    check(f"post action {provider.__module__}", action, extensions.PostAction)
                    assert action["method"] in ("get", "post")
        for provider in extensions.forum_banners:
            for banner in provider(request, scene["category"]) or []:
                check(f"forum banner {provider.__module__}", banner, registry.Banner)
        for provider in registry._site_banners:
            for banner in provider(request) or []:
                check(f"site banner {provider.__module__}", banner, registry.Banner)
        for provider in registry._header_counters:
            if counter := provider(request):
                check(f"header counter {provider.__module__}", counter, registry.HeaderCounter)
    assert wrong == []
    # Each kind was met, so the check did not pass by seeing nothing.
    assert {where.split(" ", 2)[0] + " " + where.split(" ", 2)[1] for where in seen} == {
        "thread panel", "profile panel", "post action", "forum banner", "site banner", "header counter"}


def test_a_panel_template_lives_in_its_apps_panels_folder(scene):
    templates = set()
    for viewer in scene["viewers"]:
        request = _request(viewer)
        for provider in extensions.thread_panels:
            templates |= {panel["template"] for panel in provider(request, scene["thread"]) or []}
        for provider in extensions.profile_panels:
            templates |= {panel["template"] for panel in provider(request, scene["thread"].author) or []}
    # The forum's own search panel is the forum's page part, not another app's.
    others = {template for template in templates if not template.startswith("forum/")}
    assert others and all("/panels/" in template for template in others), sorted(others)
