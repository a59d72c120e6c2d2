"""Company single sign-on: generic OpenID Connect through allauth's `openid_connect` provider,
configured as the README's example says, against a real OIDC provider on 127.0.0.1 (issue #14)."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from tests.integrations.oidc_provider import Provider


@pytest.fixture
def oidc(db, settings):
    provider = Provider().start()
    # What config/settings/base.py builds from OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_SERVER_URL, OIDC_NAME.
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [{
        "provider_id": "company", "name": "Company SSO", "client_id": provider.client_id,
        "secret": provider.client_secret, "settings": {"server_url": provider.url}}]}}
    yield provider
    provider.stop()


def sign_in_through(client, provider) -> object:
    """Press the button, let the provider sign the person in, come back: the browser's part."""
    started = client.post("/accounts/oidc/company/login/")
    assert started.status_code == 302, started.content.decode()[:500]
    authorize = started["Location"]
    assert authorize.startswith(provider.url + "/authorize?")
    asked = parse_qs(urlparse(authorize).query)
    assert "openid" in asked["scope"][0] and asked["client_id"] == [provider.client_id]
    at_provider = requests.get(authorize, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlparse(at_provider.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_the_company_button(client, oidc):
    page = client.get("/accounts/login/").content.decode()
    assert "Company SSO" in page and "/accounts/oidc/company/login/" in page


def test_an_employee_signs_in_with_company_sso_and_gets_an_account(client, oidc):
    done = sign_in_through(client, oidc)
    assert done.status_code == 302 and done["Location"] == "/"
    user = get_user_model().objects.get(email="sam.jansen@company.example")
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "company" and account.uid == "employee-4711"
    assert oidc.token_requests and oidc.token_requests[0]["grant_type"] == "authorization_code"
    assert client.get("/settings/").status_code == 200  # signed in
    assert user.emailaddress_set.get().verified  # the provider vouched for the address


def test_signing_in_again_finds_the_same_member(client, oidc):
    sign_in_through(client, oidc)
    client.post("/accounts/logout/")
    sign_in_through(client, oidc)
    assert get_user_model().objects.filter(email="sam.jansen@company.example").count() == 1
    assert SocialAccount.objects.count() == 1


def test_a_wrong_client_secret_fails_with_a_message_not_an_error_page(client, oidc, settings):
    settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["secret"] = "not-the-secret"
    done = sign_in_through(client, oidc)
    assert done.status_code < 500
    assert not get_user_model().objects.filter(email="sam.jansen@company.example").exists()


def test_a_member_with_the_same_verified_address_is_signed_in_to_their_own_account(client, oidc, member):
    oidc.person = {**oidc.person, "email": member.email}
    done = sign_in_through(client, oidc)
    assert done.status_code == 302
    assert get_user_model().objects.filter(email=member.email).count() == 1
    assert client.get("/settings/").context["user"] == member
