"""The JSON API: the site's rules through another door (issue #14, "A JSON API")."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.integrations import tokens
from config.integrations.api import authentication, parsers
from config.integrations.api import permissions as api_permissions
from config.integrations.models import ApiToken
from forum import permissions, services
from forum.models import Answer, Follow, Kudo, Thread
from tests import factories

PROBLEM = "application/problem+json"
NEW_THREAD = {"title": "The app logs me out every morning", "body": "Since the update I must sign in daily.",
              "category": "orders", "tags": ["app", "login"]}


@pytest.fixture
def thread(member, category):
    return factories.make_thread(author=member, category=category, title="How do I change my delivery address?")


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


# Reading


def test_a_visitor_reads_threads_and_answers_without_a_token(api, thread, other_member):
    factories.make_answer(thread=thread, author=other_member, body="Go to Settings, then Addresses.")
    listing = api("get", "/api/v1/threads/")
    assert listing.status_code == 200
    assert [row["title"] for row in listing.json()["results"]] == ["How do I change my delivery address?"]
    detail = api("get", f"/api/v1/threads/{thread.pk}/").json()
    assert detail["category"] == {"slug": "orders", "name": "Orders"}
    assert detail["author"]["username"] == "mia"
    answers = api("get", f"/api/v1/threads/{thread.pk}/answers/").json()["results"]
    assert [a["body"] for a in answers] == ["Go to Settings, then Addresses."]


def test_a_hidden_thread_is_a_404_for_members_and_visible_to_a_moderation_token(api, thread, moderator, other_member,
                                                                                 token_for):
    services.post_set_moderation_state(post=thread, by=moderator, hidden=True)
    _problem(api("get", f"/api/v1/threads/{thread.pk}/", token=token_for(other_member)), 404)
    _problem(api("get", f"/api/v1/threads/{thread.pk}/", token=token_for(moderator, "read")), 404)
    seen = api("get", f"/api/v1/threads/{thread.pk}/", token=token_for(moderator, "read", "moderation"))
    assert seen.status_code == 200


def test_threads_page_by_cursor_without_repeats(api, category, member):
    factories.grant(member, "bypass_new_member_limits")
    made = {factories.make_thread(author=member, category=category).pk for _ in range(5)}
    seen, url = [], "/api/v1/threads/?page_size=2"
    while url:
        page = api("get", url).json()
        assert len(page["results"]) <= 2
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_categories_tags_badges_profiles_and_known_issues_are_readable(api, thread):
    assert api("get", "/api/v1/categories/").json()["results"][0]["slug"] == "orders"
    assert api("get", "/api/v1/categories/orders/").json()["name"] == "Orders"
    factories.make_thread(category=thread.category, tags=["delivery"])
    assert {t["slug"]: t["thread_count"] for t in api("get", "/api/v1/tags/").json()["results"]} == {"delivery": 1}
    profile = api("get", "/api/v1/members/mia/").json()
    assert profile["display_name"] == "Mia Member" and profile["stats"]["questions"] == 1
    assert api("get", "/api/v1/badges/").status_code == 200
    assert api("get", "/api/v1/known-issues/").json()["results"] == []
    _problem(api("get", "/api/v1/members/nobody-here/"), 404)
    _problem(api("get", "/api/v1/no-such-endpoint/"), 404)


def test_the_thread_list_costs_the_same_queries_for_two_or_ten_threads(api, category, member):
    factories.grant(member, "bypass_new_member_limits")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api("get", "/api/v1/threads/").status_code == 200
        return len(queries)

    for _ in range(2):
        factories.make_thread(author=member, category=category, tags=["app"])
    small = count()
    for _ in range(8):
        factories.make_thread(author=member, category=category, tags=["app"])
    assert count() == small <= 4


# Writing: the same rules as the site


def test_a_write_token_asks_a_question_through_the_site_services(api, member, category, token_for):
    response = api("post", "/api/v1/threads/", token=token_for(member, "read", "write"), json=NEW_THREAD)
    assert response.status_code == 201, response.content
    thread = Thread.objects.get(pk=response.json()["id"])
    assert thread.author == member and thread.title == NEW_THREAD["title"]
    assert sorted(t.name for t in thread.tags.all()) == ["app", "login"]
    assert Follow.objects.filter(user=member, thread=thread).exists()  # the service's side effect
    assert thread.revisions.count() == 1


def test_the_same_submission_token_makes_one_thread(api, member, category, token_for):
    token = token_for(member, "write")
    body = {**NEW_THREAD, "submission_token": "retry-1"}
    first = api("post", "/api/v1/threads/", token=token, json=body).json()["id"]
    assert api("post", "/api/v1/threads/", token=token, json=body).json()["id"] == first
    assert Thread.objects.count() == 1


def test_writing_needs_a_token_with_the_write_scope(api, member, category, token_for):
    assert "needs an API token" in _problem(api("post", "/api/v1/threads/", json=NEW_THREAD), 401)["detail"]
    body = _problem(api("post", "/api/v1/threads/", token=token_for(member, "read"), json=NEW_THREAD), 403)
    assert body["detail"] == str(api_permissions.SCOPE_MISSING) % {"scope": "write"}
    assert Thread.objects.count() == 0


def test_a_suspended_member_is_refused_with_the_sites_message_and_nothing_is_written(api, member, moderator,
                                                                                    category, token_for, thread,
                                                                                    other_member):
    from moderation import services as moderation

    token = token_for(other_member, "write")
    moderation.member_suspend(member=other_member, by=moderator, reason="Spam links",
                              until=timezone.now() + timedelta(days=2))
    body = _problem(api("post", "/api/v1/threads/", token=token, json=NEW_THREAD), 403)
    assert body["detail"].startswith("You are suspended until")
    _problem(api("post", f"/api/v1/threads/{thread.pk}/answers/", token=token, json={"body": "Try this."}), 403)
    _problem(api("post", f"/api/v1/threads/{thread.pk}/kudos/", token=token), 403)
    assert Thread.objects.count() == 1 and Answer.objects.count() == 0 and Kudo.objects.count() == 0
    assert api("get", f"/api/v1/threads/{thread.pk}/", token=token_for(other_member)).status_code == 200


def test_answering_a_locked_thread_is_refused_like_on_the_site(api, thread, moderator, other_member, token_for):
    services.thread_lock(thread=thread, by=moderator)
    body = _problem(api("post", f"/api/v1/threads/{thread.pk}/answers/", token=token_for(other_member, "write"),
                        json={"body": "Restart it."}), 403)
    assert body["detail"] == str(permissions.THREAD_LOCKED)


def test_an_answer_kudos_and_acceptance_by_api(api, thread, member, other_member, token_for):
    helper = token_for(other_member, "write")
    created = api("post", f"/api/v1/threads/{thread.pk}/answers/", token=helper,
                  json={"body": "Open Settings, then Addresses."})
    assert created.status_code == 201
    answer_id = created.json()["id"]
    asker = token_for(member, "write")
    assert api("post", f"/api/v1/answers/{answer_id}/kudos/", token=asker).json() == {"given": True,
                                                                                    "kudos_count": 1}
    assert "already" in _problem(api("post", f"/api/v1/answers/{answer_id}/kudos/", token=asker), 409)["detail"]
    own = _problem(api("post", f"/api/v1/answers/{answer_id}/kudos/", token=helper), 403)
    assert own["detail"] == str(permissions.KUDO_OWN_POST)
    refused = _problem(api("post", f"/api/v1/answers/{answer_id}/acceptance/", token=helper), 403)
    assert refused["detail"] == str(permissions.ONLY_ASKER_ACCEPTS)
    accepted = api("post", f"/api/v1/answers/{answer_id}/acceptance/", token=asker).json()
    assert accepted == {"is_accepted": True, "thread_status": "solved"}
    assert api("delete", f"/api/v1/answers/{answer_id}/acceptance/", token=asker).json()["is_accepted"] is False
    assert api("delete", f"/api/v1/answers/{answer_id}/kudos/", token=asker).json()["kudos_count"] == 0


def test_a_moderator_accepts_for_the_asker_only_with_the_moderation_scope(api, thread, moderator, other_member,
                                                                          token_for):
    answer = factories.make_answer(thread=thread, author=other_member)
    _problem(api("post", f"/api/v1/answers/{answer.pk}/acceptance/", token=token_for(moderator, "write")), 403)
    done = api("post", f"/api/v1/answers/{answer.pk}/acceptance/", token=token_for(moderator, "write", "moderation"))
    assert done.status_code == 200 and done.json()["is_accepted"] is True


def test_following_a_thread_a_category_and_a_tag(api, thread, other_member, token_for):
    token = token_for(other_member, "write")
    factories.make_thread(category=thread.category, tags=["delivery"])
    for path in (f"threads/{thread.pk}", "categories/orders", "tags/delivery"):
        assert api("post", f"/api/v1/{path}/follow/", token=token).json() == {"following": True}
    assert Follow.objects.filter(user=other_member).count() == 3
    assert api("delete", "/api/v1/tags/delivery/follow/", token=token).json() == {"following": False}
    assert Follow.objects.filter(user=other_member).count() == 2


# Bad input: a clear 4xx, never a 500, nothing half-written


def test_malformed_json_is_a_400_problem(api, member, category, token_for):
    body = _problem(api("post", "/api/v1/threads/", token=token_for(member, "write"), data='{"title": "x",'), 400)
    assert "not valid JSON" in body["detail"]
    assert Thread.objects.count() == 0


def test_wrong_types_and_unknown_fields_name_the_field(api, member, category, token_for):
    token = token_for(member, "write")
    body = _problem(api("post", "/api/v1/threads/", token=token, json={**NEW_THREAD, "title": 12345}), 400)
    assert body["errors"] == {"title": ["Must be text."]}
    body = _problem(api("post", "/api/v1/threads/", token=token, json={**NEW_THREAD, "pinned": True}), 400)
    assert body["errors"] == {"pinned": ["Unknown field."]}
    body = _problem(api("post", "/api/v1/threads/", token=token, json={**NEW_THREAD, "title": "Short"}), 400)
    assert body["errors"]["title"] == ["Make the title a little longer: at least 10 characters."]
    body = _problem(api("post", "/api/v1/threads/", token=token, json={**NEW_THREAD, "body": "a\x00b"}), 400)
    assert "body" in body["errors"]
    _problem(api("post", "/api/v1/threads/", token=token, data="[1, 2]"), 400)
    assert Thread.objects.count() == 0


def test_an_oversized_body_is_a_413_and_a_form_post_a_415(api, member, category, token_for, settings):
    token = token_for(member, "write")
    huge = {**NEW_THREAD, "body": "x" * (settings.API_MAX_BODY_BYTES + 10)}
    body = _problem(api("post", "/api/v1/threads/", token=token, json=huge), 413)
    assert body["detail"] == str(parsers.BODY_TOO_LARGE) % {"limit": settings.API_MAX_BODY_BYTES}
    _problem(api("post", "/api/v1/threads/", token=token, data="title=x", content_type="application/x-www-form-urlencoded"), 415)
    assert Thread.objects.count() == 0


def test_unknown_revoked_and_expired_tokens_are_401_with_the_reason(api, member, token_for):
    _problem(api("get", "/api/v1/me/", token="fls_not-a-real-token"), 401)
    _problem(api("get", "/api/v1/me/", token="Basic abc"), 401)
    raw = token_for(member)
    assert api("get", "/api/v1/me/", token=raw).json()["scopes"] == ["read"]
    tokens.token_revoke(token=ApiToken.objects.get())
    assert _problem(api("get", "/api/v1/me/", token=raw), 401)["detail"] == str(authentication.TOKEN_REVOKED)
    expired = token_for(member, expires_at=timezone.now() - timedelta(minutes=1))
    assert "expired" in _problem(api("get", "/api/v1/me/", token=expired), 401)["detail"]


def test_tokens_are_stored_as_digests_only(member, token_for):
    raw = token_for(member, "read", "write")
    stored = ApiToken.objects.get()
    assert raw not in str(list(ApiToken.objects.values_list()))
    assert stored.digest == tokens.digest(raw) and raw.startswith(stored.prefix)


def test_only_moderators_may_hold_the_moderation_scope(member, moderator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tokens.token_create(user=member, name="Mod bot", scopes=["read", "moderation"])
    assert tokens.token_create(user=moderator, name="Mod bot", scopes=["moderation"]).token.scopes == ["moderation"]


def test_the_api_is_rate_limited_with_the_sites_limiter(api, settings, member, token_for):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_read": {"ip": (2, 60)}}
    assert api("get", "/api/v1/categories/").status_code == 200
    assert api("get", "/api/v1/categories/").status_code == 200
    limited = api("get", "/api/v1/categories/")
    _problem(limited, 429)
    assert limited["Retry-After"] == "60"


def test_writes_count_in_the_sites_posting_limit(api, settings, member, category, token_for):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "post": {"user": (1, 60)}}
    token = token_for(member, "write")
    assert api("post", "/api/v1/threads/", token=token, json=NEW_THREAD).status_code == 201
    again = {**NEW_THREAD, "title": "Another question about my account"}
    _problem(api("post", "/api/v1/threads/", token=token, json=again), 429)
    assert Thread.objects.count() == 1


# The schema and its docs


def test_the_schema_and_docs_are_served_without_other_origins(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/threads/" in schema.content.decode()
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "https://" not in html
    assert html.count("<script") == html.count("<script src=")  # no inline script: the CSP forbids it
    assert client.get("/api/docs/?script=")["Content-Type"] == "application/javascript"
