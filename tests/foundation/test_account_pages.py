"""Every django-allauth page renders inside the site layout, in English and in Dutch."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

User = get_user_model()

ENTRANCE_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/inactive/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-real-key/",
    "/accounts/password/reset/key/1-not-a-key/",
]
MANAGE_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_entrance_pages_are_a_card_in_the_site_layout(client, path):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'class="auth__card card"' in html
    assert 'class="auth-title"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", MANAGE_PAGES)
def test_account_settings_pages_have_the_account_navigation(client_for, member, path):
    response = client_for(member).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="account-nav"' in html
    assert 'aria-current="page"' in html
    assert 'href="/accounts/2fa/"' in html


@pytest.mark.django_db
def test_signing_out_asks_for_confirmation_on_a_card(client_for, member):
    html = client_for(member).get("/accounts/logout/").content.decode()
    assert 'class="auth__card card"' in html
    assert "Are you sure you want to sign out?" in html


@pytest.mark.django_db
def test_the_sign_in_form_has_labelled_fields_and_a_primary_button(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_login">Email</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'class="btn btn--primary btn--block btn--lg"' in html
    assert "Forgot your password?" in html


@pytest.mark.django_db
def test_a_wrong_password_shows_the_error_and_keeps_the_email(client, member):
    response = client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    html = response.content.decode()
    assert 'class="error-summary"' in html  # the summary at the top, with the error in it
    assert "The email address and/or password you specified are not correct." in html
    assert f'value="{member.email}"' in html


@pytest.mark.django_db
def test_the_account_pages_speak_dutch(client, member):
    client.cookies["django_language"] = "nl"
    html = client.get("/accounts/login/").content.decode()
    assert "Inloggen" in html
    assert "Wachtwoord vergeten?" in html
    signed_in = client
    signed_in.force_login(member)
    html = signed_in.get("/accounts/2fa/").content.decode()
    assert "Tweestapsverificatie" in html or "Twee-factor-authenticatie" in html
    assert "Account en beveiliging" in html
    assert ">Wachtwoord<" in html.replace("</svg>", ">")


@pytest.mark.django_db
def test_no_social_buttons_show_when_no_provider_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = client.get("/accounts/login/").content.decode()
    assert 'class="providers"' not in html
    assert "Continue with" not in html


@pytest.mark.django_db
def test_social_buttons_show_for_each_configured_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APPS": [{"client_id": "g", "secret": "s"}]},
        "microsoft": {"APPS": [{"client_id": "m", "secret": "s", "settings": {"tenant": "common"}}]},
        "openid_connect": {"APPS": [{"provider_id": "company", "name": "Company SSO", "client_id": "o",
                                     "secret": "s", "settings": {"server_url": "https://sso.example.com"}}]},
    }
    for path in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(path).content.decode()
        assert "Continue with Google" in html
        assert "Continue with Microsoft" in html
        assert "Continue with Company SSO" in html
        assert 'href="/accounts/google/login/?process=login"' in html
        assert 'href="/accounts/oidc/company/login/?process=login"' in html


@pytest.mark.django_db
def test_a_member_resets_a_forgotten_password_from_the_emailed_link(client, member):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert 'id="id_password1"' in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"password1": "a-New-pass-4242", "password2": "a-New-pass-4242"})
    assert done["Location"] == "/accounts/password/reset/key/done/"
    client.logout()
    login = client.post("/accounts/login/", {"login": member.email, "password": "a-New-pass-4242"})
    assert login.status_code == 302
    assert client.get("/").context["user"] == member


@pytest.mark.django_db
def test_a_member_changes_their_email_after_confirming_the_new_address(client, member):
    client.post("/accounts/login/", {"login": member.email, "password": "password-123!"})
    response = client.post("/accounts/email/", {"action_add": "", "email": "mia.new@example.com"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["mia.new@example.com"]
    member.refresh_from_db()
    assert member.email == "mia@example.com"  # unchanged until confirmed
    path = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(path)
    member.refresh_from_db()
    assert member.email == "mia.new@example.com"
    assert EmailAddress.objects.get(user=member, primary=True).email == "mia.new@example.com"
    assert not EmailAddress.objects.filter(email="mia@example.com").exists()
