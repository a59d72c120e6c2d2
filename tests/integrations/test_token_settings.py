"""Members make and revoke their tokens in their settings; staff in the admin (issue #14)."""

from django.utils import translation

from config.integrations.models import ApiToken


def test_a_member_makes_a_token_sees_it_once_and_it_works(client_for, member, api):
    client = client_for(member)
    page = client.post("/settings/api-tokens/", {"name": "CRM sync", "scopes": ["read", "write"], "expires": "30"})
    assert page.status_code == 200
    secret = page.context["created"].secret
    assert secret in page.content.decode()
    assert api("get", "/api/v1/me/", token=secret).json()["token_name"] == "CRM sync"
    again = client.get("/settings/api-tokens/").content.decode()
    assert secret not in again and ApiToken.objects.get().prefix in again


def test_a_member_cannot_pick_the_moderation_scope(client_for, member):
    page = client_for(member).post("/settings/api-tokens/", {"name": "Bot", "scopes": ["moderation"]})
    assert page.status_code == 400 and ApiToken.objects.count() == 0
    assert "moderation" not in [value for value, _label in page.context["form"].fields["scopes"].choices]


def test_a_member_revokes_their_token_and_not_anothers(client_for, member, other_member, token_for, api):
    mine = token_for(member)
    theirs = token_for(other_member)
    own, other = ApiToken.objects.get(user=member), ApiToken.objects.get(user=other_member)
    assert client_for(member).post(f"/settings/api-tokens/{other.pk}/revoke/").status_code == 404
    response = client_for(member).post(f"/settings/api-tokens/{own.pk}/revoke/", follow=True)
    assert "The token is revoked" in response.content.decode()
    assert api("get", "/api/v1/me/", token=mine).status_code == 401
    assert api("get", "/api/v1/me/", token=theirs).status_code == 200


def test_visitors_are_sent_to_sign_in(client):
    assert client.get("/settings/api-tokens/").status_code == 302
    assert client.post("/settings/api-tokens/1/revoke/").status_code == 403


def test_the_token_page_speaks_dutch(client_for, member):
    client = client_for(member)
    client.cookies["django_language"] = "nl"
    html = client.get("/settings/api-tokens/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    translation.activate("en")
    assert "API-sleutels" in html and "Sleutel maken" in html


def test_staff_make_a_token_in_the_admin_shown_once_and_revoke_it(client_for, admin_user, member, api):
    client = client_for(admin_user)
    response = client.post("/admin/integrations/apitoken/add/",
                           {"user": member.pk, "name": "Helpdesk", "scopes": ["read"]}, follow=True)
    assert response.status_code == 200
    text = [str(m) for m in response.context["messages"]][0]
    secret = text.split(" is ", 1)[1].split(".", 1)[0]
    assert secret.startswith("fls_") and api("get", "/api/v1/me/", token=secret).status_code == 200
    refused = client.post("/admin/integrations/apitoken/add/",
                          {"user": member.pk, "name": "Mod", "scopes": ["moderation"]})
    assert refused.status_code == 200 and ApiToken.objects.count() == 1  # the form shows the error
    token = ApiToken.objects.get()
    client.post("/admin/integrations/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert api("get", "/api/v1/me/", token=secret).status_code == 401
