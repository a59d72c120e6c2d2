"""Anonymous pages come from the cache, with no query, and are fresh the moment anything shown changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import Rank
from forum import services
from moderation import services as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, url):
    """(response, queries) for one request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def thread(member, other_member, category):
    thread = factories.make_thread(author=member, category=category, title="Parcel shows delivered but not here")
    factories.make_answer(thread=thread, author=other_member, body="Check the proof-of-delivery photo first.")
    return thread


def cached_twice(client, url) -> tuple:
    first, _ = get(client, url)
    second, queries = get(client, url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    return second, queries


@pytest.mark.parametrize("page", ["home", "unanswered", "solved", "category", "tag", "thread", "profile"])
def test_a_cached_page_is_served_without_a_single_query(client, thread, member, category, page):
    thread.tags.add("delivery")
    url = {"home": reverse("forum:home"), "unanswered": reverse("forum:unanswered"),
           "solved": reverse("forum:solved"), "category": category.get_absolute_url(),
           "tag": reverse("forum:tag", args=["delivery"]), "thread": thread.get_absolute_url(),
           "profile": reverse("forum:profile", args=[member.username])}[page]
    response, queries = cached_twice(client, url)
    assert queries == 0


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(thread):
    from django.test import Client

    first, second = Client(), Client()
    first.get(thread.get_absolute_url())
    page = second.get(thread.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    token = second.cookies["csrftoken"].value
    assert "csrf-token-placeholder" not in text(page)
    # the language switch in the footer works for the second visitor with the cached page's token
    form_token = text(page).split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    checking = Client(enforce_csrf_checks=True)
    checking.cookies["csrftoken"] = token
    assert checking.post(reverse("set_language"), {"language": "nl", "csrfmiddlewaretoken": form_token,
                                                   "next": "/"}).status_code == 302


def test_the_cache_keeps_languages_apart(client, thread):
    cached_twice(client, thread.get_absolute_url())
    dutch = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch["X-Page-Cache"] == "miss" and 'lang="nl"' in text(dutch)


def test_signed_in_members_never_get_the_anonymous_page(client_for, thread, other_member):
    anonymous = client_for(None)
    cached_twice(anonymous, thread.get_absolute_url())
    page = client_for(other_member).get(thread.get_absolute_url())
    assert "X-Page-Cache" not in page and "Your answer" in text(page)


def test_a_visitor_with_a_message_waiting_sees_it(client, thread, member):
    cached_twice(client, thread.get_absolute_url())
    client.force_login(member)
    client.post(reverse("account_logout"))
    page = client.get(thread.get_absolute_url())
    assert "X-Page-Cache" not in page and "signed out" in text(page).lower()


# Every change that shows makes the page fresh at once.


def test_a_new_answer_shows_at_once(client, thread, member):
    cached_twice(client, thread.get_absolute_url())
    services.answer_create(author=factories.make_member(), thread=thread, body="Ask your neighbours too.")
    page = client.get(thread.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "Ask your neighbours too." in text(page)


def test_an_edit_shows_at_once(client, thread, member):
    cached_twice(client, thread.get_absolute_url())
    services.post_edit(post=thread, by=member, body="Tracking says delivered at 14:02, nothing here.")
    assert "nothing here." in text(client.get(thread.get_absolute_url()))


def test_a_kudo_shows_at_once(client, thread, other_member):
    answer = thread.answers.get()
    cached_twice(client, thread.get_absolute_url())
    before = text(client.get(thread.get_absolute_url()))
    services.kudo_give(user=thread.author, post=answer)
    after = client.get(thread.get_absolute_url())
    assert after["X-Page-Cache"] == "miss" and text(after) != before


def test_an_acceptance_shows_at_once(client, thread, member):
    cached_twice(client, thread.get_absolute_url())
    services.answer_accept(answer=thread.answers.get(), by=member)
    assert "Accepted solution" in text(client.get(thread.get_absolute_url()))


def test_a_verification_shows_at_once(client, thread, member, moderator):
    answer = thread.answers.get()
    services.answer_accept(answer=answer, by=member)
    cached_twice(client, thread.get_absolute_url())
    moderation_services.answer_verify(answer=answer, by=moderator)
    assert "verified-mark" in text(client.get(thread.get_absolute_url()))


def test_hiding_an_answer_takes_it_off_the_page_at_once(client, thread, moderator):
    cached_twice(client, thread.get_absolute_url())
    services.post_set_moderation_state(post=thread.answers.get(), by=moderator, hidden=True)
    assert "proof-of-delivery photo" not in text(client.get(thread.get_absolute_url()))


def test_a_renamed_rank_shows_at_once(client, thread):
    page, _ = cached_twice(client, thread.get_absolute_url())
    rank = Rank.objects.filter(is_staff_rank=False).order_by("threshold").first()
    assert rank.name in text(page)
    rank.name = "Fresh face"
    rank.save()
    assert "Fresh face" in text(client.get(thread.get_absolute_url()))


def test_the_thread_list_shows_a_new_thread_at_once(client, thread, member, category):
    cached_twice(client, reverse("forum:home"))
    services.thread_create(author=member, kind="question", title="Refund never arrived on my card",
                           body="It has been ten days.", category=category)
    assert "Refund never arrived" in text(client.get(reverse("forum:home")))


def test_views_served_from_the_cache_are_counted(client, thread):
    from forum import viewcounts

    viewcounts.flush()
    cached_twice(client, thread.get_absolute_url())
    assert viewcounts.pending() == 2
    viewcounts.flush()
