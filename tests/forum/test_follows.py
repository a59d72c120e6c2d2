"""Follow and unfollow threads, categories and tags; asking, answering and me-too follow automatically."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Follow
from tests import factories
from tests.forum.conftest import page_text

pytestmark = pytest.mark.django_db


def test_asking_answering_and_me_too_follow_the_thread(thread, answer, member, other_member, third_member):
    services.me_too_add(user=third_member, thread=thread)
    assert set(Follow.objects.filter(thread=thread).values_list("user__username", flat=True)) == {"mia", "otto", "tess"}


@pytest.mark.parametrize("kind", ["thread", "category", "tag"])
def test_members_follow_and_unfollow(client_for, thread, third_member, category, kind):
    key = {"thread": thread.pk, "category": category.slug, "tag": "delivery"}[kind]
    client = client_for(third_member)
    client.post(reverse("forum:follow", args=[kind, key]))
    assert Follow.objects.filter(user=third_member).count() == 1
    response = client.post(reverse("forum:follow", args=[kind, key]), {"action": "unfollow"}, HTTP_HX_REQUEST="true")
    assert Follow.objects.filter(user=third_member).count() == 0
    assert 'value="follow"' in page_text(response)


def test_anonymous_visitors_cannot_follow(client_for, category):
    assert client_for().post(reverse("forum:follow", args=["category", category.slug])).status_code == 403
    assert not Follow.objects.exists()


def test_following_a_thread_one_cannot_see_is_not_found(client_for, thread, member, other_member):
    services.post_delete(post=thread, by=member)
    assert client_for(other_member).post(reverse("forum:follow", args=["thread", thread.pk])).status_code == 404


def test_the_follow_button_shows_the_current_state(client_for, category, member):
    services.follow(user=member, category=category)
    html = page_text(client_for(member).get(category.get_absolute_url()))
    assert 'value="unfollow"' in html and "Following" in html
    other = factories.make_member()
    assert 'value="follow"' in page_text(client_for(other).get(category.get_absolute_url()))
