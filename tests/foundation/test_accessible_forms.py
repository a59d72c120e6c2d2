"""Every form sent back with errors: a summary at the top linking to each field, fields marked invalid,
and aria-describedby naming only ids the page has. In English and Dutch."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.described, self.invalid, self.summary_links, self._in_summary = set(), [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append((attrs.get("id") or attrs.get("name"), attrs["aria-describedby"].split()))
        if attrs.get("aria-invalid") == "true":
            self.invalid.append(attrs.get("name"))
        if "data-error-summary" in attrs:
            self._in_summary = 1
        elif self._in_summary and tag == "div":
            self._in_summary += 1
        if self._in_summary and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self._in_summary and tag == "div":
            self._in_summary -= 1


def parsed(response) -> Ids:
    found = Ids()
    found.feed(response.content.decode())
    return found


def assert_accessible_errors(response, *, invalid: set[str], summary_title: str):
    html = response.content.decode()
    found = parsed(response)
    assert summary_title in html
    assert invalid <= set(found.invalid), found.invalid
    for owner, ids in found.described:
        assert set(ids) <= found.ids, f"{owner} is described by missing ids {set(ids) - found.ids}"
    assert found.summary_links, "the summary links to the fields"
    for href in found.summary_links:
        assert href.lstrip("#") in found.ids, href


@pytest.fixture(params=["en", "nl"])
def language(request):
    return request.param


TITLES = {"en": "Please correct the following", "nl": "Verbeter het volgende"}


def _client(client_for, user, language):
    client = client_for(user)
    client.cookies["django_language"] = language
    return client


@pytest.mark.django_db
def test_the_ask_form_with_errors_has_a_summary_and_working_references(client_for, member, category, language):
    response = _client(client_for, member, language).post(reverse("forum:ask"), {"kind": "question", "title": "",
                                                                                 "body": "", "tags": ""})
    assert response.status_code == 400
    assert_accessible_errors(response, invalid={"title", "body", "category"}, summary_title=TITLES[language])


@pytest.mark.django_db
def test_the_feedback_form_with_errors_has_a_summary_and_working_references(client_for, language):
    response = _client(client_for, None, language).post(reverse("recovery:feedback"),
                                                        {"kind": "idea", "message": "", "email": "not-an-email"})
    assert response.status_code in (200, 400)
    assert_accessible_errors(response, invalid={"message", "email"}, summary_title=TITLES[language])


@pytest.mark.django_db
def test_the_answer_form_with_errors_has_a_summary_and_working_references(client_for, member, category, language):
    thread = factories.make_thread(category=category)
    response = _client(client_for, member, language).post(reverse("forum:answer", args=[thread.pk]), {"body": ""})
    assert response.status_code in (200, 400)
    assert_accessible_errors(response, invalid={"body"}, summary_title=TITLES[language])


@pytest.mark.django_db
def test_the_sign_up_form_with_errors_has_a_summary_and_working_references(client, language):
    client.cookies["django_language"] = language
    with translation.override(language):
        response = client.post(reverse("account_signup"), {"email": "nope", "password1": "x", "password2": "y"})
    assert response.status_code == 200
    assert_accessible_errors(response, invalid={"email"}, summary_title=TITLES[language])
