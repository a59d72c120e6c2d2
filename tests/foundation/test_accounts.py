import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from forum import roles
from forum.models import Profile

User = get_user_model()


@pytest.mark.django_db
def test_signing_up_sends_a_verification_email_and_the_link_signs_the_member_in(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "username": "newbie", "password1": "a-Strong-pass-42",
         "password2": "a-Strong-pass-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert Profile.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = urlsplit(link).path
    confirm = client.post(path)
    assert confirm.status_code == 302
    assert client.get("/").context["user"].is_authenticated


@pytest.mark.django_db
def test_a_member_cannot_sign_in_before_verifying_their_email(client):
    client.post(
        "/accounts/signup/",
        {"email": "late@example.com", "username": "late", "password1": "a-Strong-pass-42",
         "password2": "a-Strong-pass-42"},
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "late@example.com", "password": "a-Strong-pass-42"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"


@pytest.mark.django_db
def test_a_signup_form_with_mismatched_passwords_keeps_what_was_typed(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "keep@example.com", "username": "keeper", "password1": "a-Strong-pass-42",
         "password2": "something-else-42"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="keep@example.com"' in html
    assert 'value="keeper"' in html
    assert not User.objects.filter(email="keep@example.com").exists()


@pytest.mark.django_db
def test_the_roles_exist_and_carry_the_moderation_privilege():
    assert Group.objects.get(name=roles.MODERATORS).permissions.filter(codename="moderate").exists()
    assert Group.objects.filter(name=roles.EDITORS).exists()


@pytest.mark.django_db
def test_signing_in_switches_the_site_to_the_members_language(client, member):
    member.profile.language = "nl"
    member.profile.save()
    response = client.post("/accounts/login/", {"login": member.email, "password": "password-123!"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"
    page = client.get("/")
    assert "Vragen" in page.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_shows_the_site_in_dutch(client):
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="nl">' in html
    assert "Vragen" in html
