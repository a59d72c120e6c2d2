"""Answering: posts once, refuses locked/closed threads and bad input, keeps what was typed."""

import pytest
from django.urls import reverse

from config.web.honeypot import HONEYPOT_FILLED
from forum import forms, permissions, services
from forum.models import Answer, Thread
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def answer_on(client, thread, **overrides):
    data = {"body": "Turn it off and on again, then wait a minute.", "submission_token": "t-1", "website": ""}
    data.update(overrides)
    return client.post(reverse("forum:answer", args=[thread.pk]), data)


def test_a_member_answers_and_the_thread_counts_it(client_for, thread, other_member):
    response = answer_on(client_for(other_member), thread)
    answer = Answer.objects.get()
    assert response.status_code == 302 and response.url == answer.get_absolute_url()
    thread.refresh_from_db()
    assert thread.answer_count == 1 and thread.status == Thread.Status.ANSWERED


def test_a_double_click_creates_one_answer(client_for, thread, other_member):
    client = client_for(other_member)
    answer_on(client, thread, submission_token="same")
    answer_on(client, thread, submission_token="same")
    assert Answer.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"), [("", forms.BODY_REQUIRED), ("z" * 20001, forms.BODY_TOO_LONG % {"limit": 20000})]
)
def test_an_empty_or_too_long_answer_is_refused(client_for, thread, other_member, body, message):
    response = answer_on(client_for(other_member), thread, body=body)
    assert response.status_code == 400 and shows(response, message)
    assert Answer.objects.count() == 0


def test_the_honeypot_stops_bots_and_keeps_the_text(client_for, thread, other_member):
    response = answer_on(client_for(other_member), thread, website="spam")
    assert response.status_code == 400 and shows(response, HONEYPOT_FILLED)
    assert "Turn it off and on again" in page_text(response)
    assert Answer.objects.count() == 0


def test_a_locked_thread_takes_no_answer(client_for, thread, other_member, moderator):
    services.thread_lock(thread=thread, by=moderator)
    response = answer_on(client_for(other_member), thread)
    assert response.status_code == 403 and shows(response, permissions.THREAD_LOCKED)
    assert Answer.objects.count() == 0
    page = client_for(other_member).get(thread.get_absolute_url())
    assert "This thread is locked." in page_text(page) and "/answer/" not in page_text(page).split('id="answer-form"')[1]


def test_a_closed_thread_shows_why_and_links_the_duplicate(client_for, thread, other_member, moderator, category):
    from tests import factories

    original = factories.make_thread(author=other_member, category=category, title="The original parcel question")
    services.thread_close(thread=thread, by=moderator, reason="duplicate", duplicate_of=original)
    response = answer_on(client_for(other_member), thread)
    assert response.status_code == 403 and shows(response, permissions.THREAD_CLOSED)
    page = page_text(client_for().get(thread.get_absolute_url()))
    assert "This thread is closed." in page and original.get_absolute_url() in page


def test_anonymous_visitors_are_invited_to_sign_in_instead_of_answering(client_for, thread):
    page = page_text(client_for().get(thread.get_absolute_url()))
    assert "Sign in to answer" in page
    assert client_for().post(reverse("forum:answer", args=[thread.pk]), {"body": "x"}).status_code == 403
