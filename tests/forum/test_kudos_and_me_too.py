"""Kudos and me too: once per member, never on one's own post, can be taken back; htmx and plain posts."""

import pytest
from django.urls import reverse

from config.web import ratelimit
from forum import permissions, services
from forum.models import Kudo, MeToo
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def test_a_member_thanks_an_answer_and_the_count_goes_up(client_for, answer, member):
    response = client_for(member).post(reverse("forum:kudo", args=["answer", answer.pk]))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.kudos_count == 1 and Kudo.objects.filter(user=member, answer=answer).exists()


def test_kudos_twice_is_refused_with_a_message_and_counted_once(client_for, answer, member):
    client = client_for(member)
    client.post(reverse("forum:kudo", args=["answer", answer.pk]))
    response = client.post(reverse("forum:kudo", args=["answer", answer.pk]), follow=True)
    assert shows(response, services.KUDO_TWICE)
    answer.refresh_from_db()
    assert answer.kudos_count == 1 and Kudo.objects.count() == 1


def test_kudos_on_ones_own_post_is_refused(client_for, thread, member):
    response = client_for(member).post(reverse("forum:kudo", args=["thread", thread.pk]), follow=True)
    assert shows(response, permissions.KUDO_OWN_POST)
    assert Kudo.objects.count() == 0


def test_kudos_can_be_taken_back(client_for, answer, member):
    client = client_for(member)
    client.post(reverse("forum:kudo", args=["answer", answer.pk]))
    client.post(reverse("forum:kudo", args=["answer", answer.pk]), {"action": "withdraw"})
    answer.refresh_from_db()
    assert answer.kudos_count == 0 and Kudo.objects.count() == 0


def test_htmx_gets_the_updated_button_back(client_for, thread, other_member):
    response = client_for(other_member).post(reverse("forum:kudo", args=["thread", thread.pk]), HTTP_HX_REQUEST="true")
    html = page_text(response)
    assert response.status_code == 200 and 'aria-pressed="true"' in html and '<span class="kudo-count">1</span>' in html
    assert 'value="withdraw"' in html


def test_htmx_refusal_reloads_the_page_which_shows_the_message(client_for, thread, member):
    client = client_for(member)
    response = client.post(reverse("forum:kudo", args=["thread", thread.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and response["HX-Refresh"] == "true"
    assert shows(response, permissions.KUDO_OWN_POST)
    assert shows(client.get(thread.get_absolute_url()), permissions.KUDO_OWN_POST)


def test_anonymous_visitors_cannot_give_kudos(client_for, answer):
    assert client_for().post(reverse("forum:kudo", args=["answer", answer.pk])).status_code == 403
    assert Kudo.objects.count() == 0


def test_giving_kudos_too_fast_is_rate_limited(client_for, answer, thread, third_member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "kudo": {"ip": (1, 60), "user": (1, 60)}}
    client = client_for(third_member)
    client.post(reverse("forum:kudo", args=["answer", answer.pk]))
    response = client.post(reverse("forum:kudo", args=["thread", thread.pk]), follow=True)
    assert shows(response, ratelimit.RATE_LIMITED)
    assert Kudo.objects.count() == 1


def test_me_too_counts_once_and_follows_the_thread(client_for, thread, other_member):
    client = client_for(other_member)
    client.post(reverse("forum:me_too", args=[thread.pk]))
    response = client.post(reverse("forum:me_too", args=[thread.pk]), follow=True)
    assert shows(response, services.ME_TOO_TWICE)
    thread.refresh_from_db()
    assert thread.me_too_count == 1 and thread.follows.filter(user=other_member).exists()


def test_me_too_on_ones_own_question_is_refused(client_for, thread, member):
    response = client_for(member).post(reverse("forum:me_too", args=[thread.pk]), follow=True)
    assert shows(response, permissions.ME_TOO_OWN_THREAD)
    assert MeToo.objects.count() == 0


def test_me_too_can_be_withdrawn_with_htmx(client_for, thread, other_member):
    client = client_for(other_member)
    client.post(reverse("forum:me_too", args=[thread.pk]))
    response = client.post(reverse("forum:me_too", args=[thread.pk]), {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    assert '<span class="me-too-count">0</span>' in page_text(response)
    thread.refresh_from_db()
    assert thread.me_too_count == 0
