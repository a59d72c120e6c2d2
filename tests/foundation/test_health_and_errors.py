import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import translation

from config import views


@pytest.mark.django_db
def test_healthz_reports_every_part_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search"}


@pytest.mark.django_db
def test_healthz_answers_503_and_names_the_broken_part(client, monkeypatch):
    def broken():
        raise RuntimeError("index is missing")

    monkeypatch.setitem(views.CHECKS, "search", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == {"ok": False, "detail": "RuntimeError: index is missing"}


@pytest.mark.django_db
def test_healthz_calls_a_broken_cache_degraded_not_down(client, monkeypatch):
    """The site serves without Redis, so a load balancer must not take every app server out."""
    monkeypatch.setitem(views.CHECKS, "cache", lambda: (False, "cache did not return what was written"))
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert "cache: cache did not return what was written" in body["warnings"]


@pytest.mark.django_db
def test_an_unknown_page_shows_the_site_404_with_a_search_box(client):
    response = client.get("/this/does/not/exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert "Error 404" in html
    assert 'name="q"' in html
    assert 'class="error-page__links"' in html
    assert "Give feedback" in html


@pytest.mark.django_db
def test_the_404_page_speaks_dutch(client):
    client.cookies["django_language"] = "nl"
    html = client.get("/this/does/not/exist/").content.decode()
    assert "We konden die pagina niet vinden" in html
    assert "Fout 404" in html


@pytest.mark.django_db
def test_a_refusal_shows_the_site_403_with_the_reason_and_a_sign_in_button(rf):
    request = rf.get("/moderation/queue/")
    request.user = AnonymousUser()
    with translation.override("en"):
        response = views.error_403(request, PermissionDenied("Only moderators can open the queue."))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do that here" in html
    assert "Only moderators can open the queue." in html
    assert "/accounts/login/?next=/moderation/queue/" in html


@pytest.mark.django_db
def test_public_pages_carry_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_server_error_shows_the_friendly_500_page_without_touching_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = views.error_500(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"<title>Something went wrong \xc2\xb7 Flawsome</title>" in response.content
