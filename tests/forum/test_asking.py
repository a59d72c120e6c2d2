"""Asking: the form posts a thread once, refuses bad input with exact messages and keeps what was typed."""

import pytest
from django.urls import reverse

from config.web import honeypot, ratelimit
from forum import forms, permissions
from forum.models import Revision, Thread
from tests import factories
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def ask(client, **overrides):
    data = {"kind": "question", "title": "How do I change my delivery address?",
            "body": "I moved last week and the order still shows the old street.", "category": "",
            "tags": "delivery, address", "submission_token": "tok-1", "website": ""}
    data.update(overrides)
    return client.post(reverse("forum:ask"), data)


def test_a_member_asks_a_question_and_lands_on_it(client_for, member, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the category is recounted after commit
        response = ask(client_for(member), category=category.pk)
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert thread.author == member and sorted(thread.tags.names()) == ["address", "delivery"]
    assert Revision.objects.filter(thread=thread).count() == 1
    category.refresh_from_db()
    assert category.thread_count == 1


def test_the_ask_form_has_a_submission_token_a_honeypot_and_the_similar_threads_hook(client_for, member, category):
    html = page_text(client_for(member).get(reverse("forum:ask")))
    assert 'name="submission_token"' in html and 'name="website"' in html
    assert f'hx-get="{reverse("search:similar")}"' in html and 'hx-trigger="keyup changed delay:400ms"' in html
    assert '<div id="similar-threads" data-announce-swap="Similar questions found: {count}.' in html


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for().get(reverse("forum:ask"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    assert client_for().post(reverse("forum:ask"), {}).status_code == 403


def test_a_double_click_creates_one_thread(client_for, member, category):
    client = client_for(member)
    first = ask(client, category=category.pk, submission_token="same")
    second = ask(client, category=category.pk, submission_token="same")
    assert Thread.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", forms.TITLE_REQUIRED),
        ("title", "Help", forms.TITLE_TOO_SHORT % {"limit": 10}),
        ("title", "x" * 151, forms.TITLE_TOO_LONG % {"limit": 150}),
        ("body", "   ", forms.BODY_REQUIRED),
        ("body", "y" * 20001, forms.BODY_TOO_LONG % {"limit": 20000}),
        ("category", "999999", forms.CATEGORY_UNKNOWN),
        ("category", "", forms.CATEGORY_REQUIRED),
        ("kind", "rant", forms.KIND_UNKNOWN),
        ("tags", "a, b, c, d, e, f", forms.TOO_MANY_TAGS % {"limit": 5}),
        ("website", "http://spam.example", honeypot.HONEYPOT_FILLED),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client_for, member, category, field, value,
                                                                     message):
    fields = {"category": category.pk, field: value}
    response = ask(client_for(member), **fields)
    assert response.status_code == 400
    assert shows(response, message)
    assert Thread.objects.count() == 0 and Revision.objects.count() == 0
    if field != "title":
        assert 'value="How do I change my delivery address?"' in page_text(response)  # typed text kept
    if field != "body":
        assert "I moved last week and the order still shows the old street." in page_text(response)


def test_new_members_are_limited_in_threads_per_hour(client_for, member, category, settings):
    settings.FORUM = {**settings.FORUM, "NEW_MEMBER_THREADS_PER_HOUR": 1}
    factories.make_thread(author=member, category=category)
    response = ask(client_for(member), category=category.pk)
    assert response.status_code == 403
    assert shows(response, permissions.TOO_MANY_THREADS % {"limit": 1})
    assert Thread.objects.count() == 1
    assert "I moved last week" in page_text(response)


def test_new_members_cannot_post_many_links(client_for, member, category, settings):
    settings.FORUM = {**settings.FORUM, "NEW_MEMBER_MAX_LINKS": 1}
    response = ask(client_for(member), category=category.pk, body="https://a.example and https://b.example")
    assert response.status_code == 400
    assert shows(response, permissions.TOO_MANY_LINKS % {"limit": 1})
    assert Thread.objects.count() == 0


def test_posting_too_fast_is_rate_limited(client_for, member, category, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": {"ip": (1, 60), "user": (1, 60)}}
    factories.grant(member, "bypass_new_member_limits")
    client = client_for(member)
    assert ask(client, category=category.pk, submission_token="a").status_code == 302
    response = ask(client, category=category.pk, submission_token="b", title="Another question about delivery")
    assert response.status_code == 400
    assert shows(response, ratelimit.RATE_LIMITED)
    assert Thread.objects.count() == 1
