"""The forum in Django admin, and the places other apps fill on forum pages."""

import pytest
from django.urls import reverse
from django.utils.html import format_html

from forum import extensions
from tests.forum.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["category", "thread", "answer", "profile", "notification", "attachment"])
def test_admin_lists_search_and_filter(client_for, admin_user, thread, answer, model):
    client = client_for(admin_user)
    url = reverse(f"admin:forum_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "parcel"}).status_code == 200


def test_tags_are_in_the_admin(client_for, admin_user, thread):
    assert client_for(admin_user).get(reverse("admin:taggit_tag_changelist"), {"q": "deliv"}).status_code == 200


def test_members_cannot_open_the_admin(client_for, member):
    assert client_for(member).get(reverse("admin:forum_thread_changelist")).status_code == 302


@pytest.fixture
def hooks():
    providers = {
        "thread_panels": lambda request, thread: [{"template": "forum/partials/banners.html",
                                                   "context": {"banners": [{"text": "PANEL-FROM-APP"}]}}],
        "post_actions": lambda request, thread, answers: {
            ("thread", thread.pk): [{"label": "REPORT-THREAD", "url": "/r/", "method": "post"}],
            **{("answer", a.pk): [{"label": "VERIFY-ANSWER", "url": "/v/", "method": "get"}] for a in answers}},
        "author_flair": lambda user_ids: {pk: format_html('<span class="flair">RANK-{}</span>', pk) for pk in user_ids},
        "profile_panels": lambda request, member: [{"template": "forum/partials/banners.html",
                                                    "context": {"banners": [{"text": "BADGES-PANEL"}]}}],
        "forum_banners": lambda request, category: [{"level": "warning", "text": "KNOWN-ISSUE-BANNER"}],
    }
    for name, provider in providers.items():
        extensions.register(getattr(extensions, name), provider)
    yield
    for name, provider in providers.items():
        getattr(extensions, name).remove(provider)


def test_thread_pages_render_every_hook(client_for, hooks, thread, answer, member):
    html = page_text(client_for(member).get(thread.get_absolute_url()))
    for marker in ("PANEL-FROM-APP", "REPORT-THREAD", "VERIFY-ANSWER", f"RANK-{member.pk}", "KNOWN-ISSUE-BANNER"):
        assert marker in html


def test_lists_and_profiles_render_their_hooks(client_for, hooks, thread, member):
    home = page_text(client_for().get(reverse("forum:home")))
    assert "KNOWN-ISSUE-BANNER" in home and f"RANK-{member.pk}" in home
    profile = page_text(client_for().get(reverse("forum:profile", args=[member.username])))
    assert "BADGES-PANEL" in profile and f"RANK-{member.pk}" in profile
