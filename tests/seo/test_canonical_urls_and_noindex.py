"""Canonical thread URLs carry the slug: an old or missing slug answers 301 to the canonical URL.
Thin or hidden pages say noindex; pages worth finding do not."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db
NOINDEX = '<meta name="robots" content="noindex, follow">'


def test_an_old_slug_redirects_permanently_to_the_canonical_url(client, member, category):
    thread = factories.make_thread(author=member, category=category, title="Lamp blinks red")
    old = thread.get_absolute_url()
    services.post_edit(post=thread, by=member, body=thread.body, title="Lamp blinks red after the update", note="")
    thread.refresh_from_db()
    assert thread.get_absolute_url() == f"/t/{thread.pk}/lamp-blinks-red-after-the-update/"
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == thread.get_absolute_url()


@pytest.mark.parametrize("path", ["/t/{pk}/", "/thread/{pk}/", "/t/{pk}/-/", "/t/{pk}/whatever/"])
def test_a_missing_or_wrong_slug_redirects_permanently(client, member, category, path):
    thread = factories.make_thread(author=member, category=category, title="Invoice shows the wrong address")
    response = client.get(path.format(pk=thread.pk))
    assert response.status_code == 301
    assert response["Location"] == f"/t/{thread.pk}/invoice-shows-the-wrong-address/"


def test_the_short_url_of_a_thread_nobody_may_see_is_not_found(client, member, category):
    thread = factories.make_thread(author=member, category=category)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(f"/t/{thread.pk}/").status_code == 404


def test_links_to_threads_use_the_canonical_url(client, member, category):
    thread = factories.make_thread(author=member, category=category, title="Lamp blinks red")
    assert f'href="{thread.get_absolute_url()}"' in client.get(reverse("forum:home")).content.decode()


def test_a_thread_without_answers_is_not_indexed_until_it_has_one(client, member, other_member, category):
    thread = factories.make_thread(author=member, category=category)
    assert NOINDEX in client.get(thread.get_absolute_url()).content.decode()
    factories.make_answer(thread=thread, author=other_member)
    assert NOINDEX not in client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", ["is_hidden", "is_pending_review"])
def test_a_hidden_or_held_thread_is_never_indexed(client_for, member, moderator, category, state):
    thread = factories.make_thread(author=member, category=category)
    factories.make_answer(thread=thread)
    Thread.objects.filter(pk=thread.pk).update(**{state: True})
    viewer = client_for(moderator if state == "is_hidden" else member)  # who may still see it
    html = viewer.get(thread.get_absolute_url()).content.decode()
    assert NOINDEX in html and '"@type":"QAPage"' not in html and "og:image" not in html


def test_search_settings_and_notifications_are_not_indexed(client_for, member):
    client = client_for(member)
    for url in [reverse("search:results") + "?q=lamp", reverse("forum:settings"), reverse("forum:notifications"),
                reverse("forum:ask")]:
        assert NOINDEX in client.get(url).content.decode(), url
    assert NOINDEX not in client.get(reverse("forum:home")).content.decode()


def test_a_suspended_members_profile_is_not_indexed(client, member, other_member, moderator, category):
    factories.make_thread(author=member, category=category)
    profile = reverse("forum:profile", args=[member.username])
    assert NOINDEX not in client.get(profile).content.decode()
    from datetime import timedelta

    from django.utils import timezone

    from moderation import services as moderation

    moderation.member_suspend(member=member, by=moderator, reason="Spam", until=timezone.now() + timedelta(days=7))
    assert NOINDEX in client.get(profile).content.decode()


def test_a_profile_with_nothing_public_is_not_indexed(client, other_member):
    assert NOINDEX in client.get(reverse("forum:profile", args=[other_member.username])).content.decode()


def test_a_lists_canonical_link_keeps_the_page_and_drops_sorting(client, category, settings):
    for n in range(settings.FORUM["PAGE_SIZE"] + 1):
        factories.make_thread(category=category, title=f"Question about the lamp number {n}")
    html = client.get(category.get_absolute_url() + "?sort=newest&page=2").content.decode()
    assert f'<link rel="canonical" href="http://testserver-canonical{category.get_absolute_url()}?page=2">' in html
    html = client.get(category.get_absolute_url() + "?sort=newest").content.decode()
    assert f'<link rel="canonical" href="http://testserver-canonical{category.get_absolute_url()}">' in html
