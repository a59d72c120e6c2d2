"""The database away for a moment (config/web/outage.py): a read waits and is tried once more; what
still fails is a 503 that says so, and a form that was sent can be sent again with what was typed."""

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from forum import selectors, services
from forum.models import Answer
from tests.factories import make_member, make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_retry")]


@pytest.fixture
def quick_retry(settings):
    settings.DATABASE_OUTAGE_RETRY_SECONDS = 0


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def fail_times(monkeypatch, owner, name, times):
    """`owner.name` raises a connection error `times` times, then works again."""
    real = getattr(owner, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= times:
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, flaky)
    return calls


def test_a_page_read_during_a_short_outage_is_tried_again_and_shown(browser, monkeypatch):
    thread = make_thread(title="Router blinks orange after the update")
    calls = fail_times(monkeypatch, selectors, "get_visible_thread", 1)
    response = browser.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "Router blinks orange after the update" in response.content.decode()
    assert calls["n"] == 2


def test_a_longer_outage_answers_503_with_retry_after_and_a_way_back(browser, monkeypatch):
    thread = make_thread()
    fail_times(monkeypatch, selectors, "get_visible_thread", 10)
    response = browser.get(thread.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Back in a moment" in page and "Nothing is lost" in page
    assert f'href="{thread.get_absolute_url()}"' in page  # "Try again" reloads the same page
    assert "Something went wrong" not in page


def test_a_json_client_gets_json_and_htmx_gets_one_sentence(browser, monkeypatch):
    thread = make_thread()
    fail_times(monkeypatch, selectors, "get_visible_thread", 10)
    as_json = browser.get(thread.get_absolute_url(), HTTP_ACCEPT="application/json")
    assert as_json.status_code == 503 and as_json.json()["error"] == "unavailable"
    as_htmx = browser.get(thread.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert as_htmx.status_code == 503 and as_htmx["Content-Type"].startswith("text/plain")
    assert "try again" in as_htmx.content.decode()


def test_an_answer_sent_during_an_outage_is_kept_and_can_be_sent_again(monkeypatch):
    member = make_member()
    thread = make_thread()
    browser = Client(raise_request_exception=False, enforce_csrf_checks=True)
    browser.force_login(member)
    page = browser.get(thread.get_absolute_url())
    token = page.cookies["csrftoken"].value
    fail_times(monkeypatch, services, "answer_create", 1)
    typed = 'Unplug it for 30 seconds, then hold "reset" <b>ten</b> seconds.'
    response = browser.post(f"/thread/{thread.pk}/answer/", {"body": typed, "csrfmiddlewaretoken": token})
    assert response.status_code == 503
    page = response.content.decode()
    assert "was not saved yet" in page and "Send again" in page
    assert 'value="Unplug it for 30 seconds, then hold &quot;reset&quot; &lt;b&gt;ten&lt;/b&gt; seconds."' in page
    assert not Answer.objects.filter(thread=thread).exists()
    # "Send again" posts the same fields back: the answer is saved as typed, once.
    import re

    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields = {name: value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
              for name, value in fields.items()}
    again = browser.post(f"/thread/{thread.pk}/answer/", fields)
    assert again.status_code == 302
    assert list(Answer.objects.filter(thread=thread).values_list("body", flat=True)) == [typed]


def test_a_post_is_never_retried_by_itself(browser, monkeypatch):
    member = make_member()
    thread = make_thread()
    browser.force_login(member)
    calls = fail_times(monkeypatch, services, "answer_create", 1)
    response = browser.post(f"/thread/{thread.pk}/answer/", {"body": "Try the other cable."})
    assert response.status_code == 503
    assert calls["n"] == 1  # the member decides to send again; the site never sends twice


def test_passwords_are_never_echoed_into_the_page(browser, monkeypatch):
    from django.contrib.auth import views as auth_views  # noqa: F401  (the sign-in page is allauth's)

    monkeypatch.setattr("allauth.account.forms.LoginForm.clean", lambda self: (_ for _ in ()).throw(
        OperationalError("the database system is shutting down")))
    response = browser.post("/accounts/login/", {"login": "ann@example.com", "password": "s3cret-Passw0rd"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "s3cret-Passw0rd" not in page
    assert 'value="ann@example.com"' in page


@override_settings(LANGUAGE_CODE="nl")
def test_the_outage_page_speaks_dutch(monkeypatch):
    thread = make_thread()
    fail_times(monkeypatch, selectors, "get_visible_thread", 10)
    response = Client(raise_request_exception=False, headers={"Accept-Language": "nl"}).get(thread.get_absolute_url())
    assert response.status_code == 503
    assert "Zo terug" in response.content.decode()


def test_a_real_bug_still_shows_the_500_page(browser, monkeypatch):
    thread = make_thread()
    monkeypatch.setattr(selectors, "get_visible_thread", lambda *a, **k: 1 / 0)
    response = browser.get(thread.get_absolute_url())
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
