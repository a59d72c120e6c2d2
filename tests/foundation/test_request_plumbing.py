"""The shared request plumbing (config/web): client address, rate limits, redirects, sign-in, honeypot."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.web import ratelimit
from config.web.client import client_ip
from config.web.decorators import SIGN_IN_REQUIRED, signed_in
from config.web.redirects import local_path, path_of, safe_next
from tests import factories

rf = RequestFactory()


def request_from(remote="203.0.113.9", forwarded=None, **extra):
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", REMOTE_ADDR=remote, **extra)


# Client address


def test_with_no_trusted_proxy_a_spoofed_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor sent "1.2.3.4" themselves; the proxy appended the address it really saw.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    # Came in through the inner proxy only: every entry is a proxy's, the leftmost is the client.
    assert client_ip(request_from("10.0.0.3", "198.51.100.7")) == "198.51.100.7"


def test_no_header_or_garbage_in_it_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "2001:db8::1")) == "2001:db8::1"


@pytest.mark.django_db
def test_rate_limits_key_on_the_forwarded_client_behind_a_proxy(settings, client_for, member, category):
    """Behind the documented proxy, two customers are two addresses, not one."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": {"ip": (1, 60)}}
    url = reverse("search:results") + "?q=parcel"
    first = client_for(None).get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    second = client_for(None).get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.8")
    again = client_for(None).get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7")
    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)


# Rate limits


@pytest.mark.django_db
def test_a_limit_counts_per_address_and_per_member(settings, member, other_member):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": {"ip": (3, 60), "user": (2, 60)}}
    request = request_from("198.51.100.1")
    request.user = member
    assert [ratelimit.allow(request, "post") for _ in range(3)] == [True, True, False]
    request.user = other_member  # a second member at the same address has the address's last hit
    assert ratelimit.allow(request, "post") is False  # the address is now at 4 of 3
    elsewhere = request_from("198.51.100.2")
    elsewhere.user = other_member
    assert ratelimit.allow(elsewhere, "post") is True


def test_check_raises_with_the_message_given(settings):
    from django.contrib.auth.models import AnonymousUser

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": {"ip": (0, 60)}}
    request = request_from()
    request.user = AnonymousUser()
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.check(request, "search", "Slow down")
    assert str(refused.value) == "Slow down" and isinstance(refused.value, PermissionDenied)


class BrokenCache:
    def add(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    incr = add


def test_when_the_cache_is_down_limits_stay_on_per_process(settings, monkeypatch, caplog):
    from django.contrib.auth.models import AnonymousUser

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": {"ip": (2, 60)}}
    monkeypatch.setattr(ratelimit, "caches", {settings.RATE_LIMIT_CACHE: BrokenCache()})
    monkeypatch.setattr(ratelimit, "_last_warning", 0.0)
    ratelimit.reset_local()
    request = request_from("198.51.100.3")
    request.user = AnonymousUser()
    assert [ratelimit.allow(request, "search") for _ in range(3)] == [True, True, False]
    assert "Rate-limit cache unavailable" in caplog.text
    ratelimit.reset_local()


@pytest.mark.django_db
def test_the_markdown_preview_is_rate_limited_and_says_so_in_place(settings, client_for, member):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "preview": {"ip": (2, 60), "user": (2, 60)}}
    client = client_for(member)
    for _ in range(2):
        assert "<strong>bold</strong>" in client.post(reverse("forum:preview"), {"body": "**bold**"},
                                                     HTTP_HX_REQUEST="true").content.decode()
    paused = client.post(reverse("forum:preview"), {"body": "**bold**"}, HTTP_HX_REQUEST="true")
    assert paused.status_code == 200  # htmx swaps it in place of the preview
    assert "The preview is paused for a minute" in paused.content.decode()
    assert client.post(reverse("forum:preview"), {"body": "x"}).status_code == 429


@pytest.mark.django_db
def test_search_is_rate_limited_with_a_page_that_says_what_to_do(settings, client):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": {"ip": (2, 60)}}
    url = reverse("search:results") + "?q=parcel"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert "You searched very often in a short time" in refused.content.decode()
    assert 'value="parcel"' in refused.content.decode()  # the search box keeps the words
    assert client.get(reverse("search:results")).status_code == 200  # the empty page costs nothing


@pytest.mark.django_db
def test_the_probes_burst_of_30_is_refused_after_the_configured_limit_on_preview_and_search(client_for, member,
                                                                                          settings):
    # #15's black-box probe had 30 of 30 accepted on each; at the shipped limits the rest are refused.
    ratelimit.reset_local()
    preview = [client_for(member).post(reverse("forum:preview"), {"body": "**bold**"}).status_code
               for _ in range(30)]
    limit = settings.RATE_LIMITS["preview"]["user"][0]
    assert preview == [200] * limit + [429] * (30 - limit)
    search = [client_for().get(reverse("search:results") + "?q=parcel").status_code for _ in range(30)]
    limit = settings.RATE_LIMITS["search"]["ip"][0]
    assert search == [200] * limit + [429] * (30 - limit) and limit < 30


# Redirects


def test_next_must_point_at_this_site():
    assert safe_next(rf.post("/", {"next": "/t/1/x/"}), "/fallback/") == "/t/1/x/"
    assert safe_next(rf.get("/", {"next": "/c/orders/"}), "/fallback/") == "/c/orders/"
    for bad in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", ""):
        assert safe_next(rf.post("/", {"next": bad}), "/fallback/") == "/fallback/"


def test_a_stored_page_is_a_local_path_or_nothing():
    assert local_path("/c/orders/?page=2") == "/c/orders/?page=2"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example", "orders", None):
        assert local_path(bad) == ""
    assert len(local_path("/" + "a" * 900)) == 500


def test_the_path_of_an_address_keeps_its_query_and_fragment_and_drops_the_host(settings):
    from forum.accounts import on_site

    assert path_of("http://testserver:8000/t/1/x/?page=2#answer-3") == "/t/1/x/?page=2#answer-3"
    assert path_of("/notifications/") == "/notifications/" and path_of("") == ""
    settings.SITE_URL = "https://help.example.com/"
    assert on_site("http://10.0.0.5/accounts/confirm/abc/?x=1") == "https://help.example.com/accounts/confirm/abc/?x=1"


# Signed in and allowed


def _view(request):
    return HttpResponse("ok")


def _staff_only(user):
    if not user.is_staff:
        raise PermissionDenied("Staff only")


@pytest.mark.django_db
def test_signed_in_sends_visitors_to_sign_in_and_asks_the_check(member, moderator):
    from django.contrib.auth.models import AnonymousUser

    view = signed_in(_staff_only)(_view)
    request = rf.get("/moderation/queue/?x=1")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "next=/moderation/queue/%3Fx%3D1" in response["Location"]
    request.user = member
    with pytest.raises(PermissionDenied, match="Staff only"):
        view(request)
    request.user = moderator
    assert view(request).content == b"ok"


def test_a_visitors_post_can_be_refused_instead_of_redirected():
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/kudos/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied) as refused:
        signed_in(refuse_anonymous_posts=True)(_view)(request)
    assert str(refused.value) == str(SIGN_IN_REQUIRED)


# The honeypot


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["recovery:feedback", "forum:ask"])
def test_the_honeypot_is_out_of_reach_of_keyboard_screen_reader_and_autofill(client_for, member, url_name):
    html = client_for(member).get(reverse(url_name)).content.decode()
    trap = html[html.index('<div class="honeypot"'):]
    trap = trap[:trap.index("</div>")]
    assert 'aria-hidden="true"' in trap and " inert" in trap  # inert: the input cannot take focus at all
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert html.count('name="website"') == 1


@pytest.mark.django_db
def test_a_filled_honeypot_on_the_ask_form_keeps_the_question(client_for, member, category):
    factories.grant(member, "bypass_new_member_limits")
    response = client_for(member).post(reverse("forum:ask"), {
        "title": "Where is my parcel from last week?", "body": "It says delivered but it is not here.",
        "category": category.pk, "kind": "question", "tags": "", "submission_token": "t", "website": "x"})
    html = response.content.decode()
    assert "This looked automated, so nothing was sent yet" in html
    assert "It says delivered but it is not here." in html


def test_the_plumbings_messages_are_in_dutch():
    from django.utils import translation

    from config.web.honeypot import HONEYPOT_FILLED

    with translation.override("nl"):
        assert str(HONEYPOT_FILLED).startswith("Dit leek automatisch verstuurd")
        assert str(ratelimit.RATE_LIMITED).startswith("Je doet dat te vaak")
        assert str(SIGN_IN_REQUIRED) == "Log eerst in."


def test_a_fault_repeated_on_every_call_is_logged_once_a_minute(monkeypatch):
    import logging

    from config.web import logfilters

    clock = [1000.0]
    monkeypatch.setattr(logfilters.time, "monotonic", lambda: clock[0])
    once = logfilters.OncePerInterval(seconds=60)

    def record(msg="Exception ignored"):
        return logging.LogRecord("flawsome.cache", logging.ERROR, __file__, 1, msg, None, None)

    assert once.filter(record()) is True
    assert [once.filter(record()) for _ in range(5)] == [False] * 5
    assert once.filter(record("Another fault")) is True  # a different message is its own kind
    clock[0] += 61
    again = record()
    assert once.filter(again) is True and "(5 more like this in the last 60 s)" in again.getMessage()
