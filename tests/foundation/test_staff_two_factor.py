import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages

from config.middleware import STAFF_TWO_FACTOR_REQUIRED

SETUP_URL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def require_2fa(settings):
    settings.STAFF_REQUIRE_2FA = True


def with_authenticator_app(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    return user


@pytest.mark.parametrize("path", ["/admin/", "/cms/", "/moderation/"])
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(require_2fa, client_for, admin_user, path):
    response = client_for(admin_user).get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP_URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(STAFF_TWO_FACTOR_REQUIRED)]


def test_staff_with_an_authenticator_app_reach_the_admin(require_2fa, client_for, admin_user):
    response = client_for(with_authenticator_app(admin_user)).get("/admin/")
    assert response.status_code == 200


def test_a_moderator_with_an_authenticator_app_is_not_redirected(require_2fa, client_for, moderator):
    response = client_for(with_authenticator_app(moderator)).get("/moderation/")
    assert response.get("Location", "") != SETUP_URL


def test_the_setup_pages_themselves_stay_open_to_staff_without_a_second_factor(require_2fa, client_for, admin_user):
    client = client_for(admin_user)
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/").status_code == 200


def test_members_are_never_asked_for_a_second_factor(require_2fa, client_for, member):
    response = client_for(member).get("/admin/")
    assert response.get("Location", "") != SETUP_URL


def test_the_requirement_can_be_switched_off(settings, client_for, admin_user):
    settings.STAFF_REQUIRE_2FA = False
    assert client_for(admin_user).get("/admin/").status_code == 200


def test_a_staff_member_sets_up_an_authenticator_app_and_then_reaches_the_admin(require_2fa, client, admin_user):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    client.post("/accounts/login/", {"login": admin_user.email, "password": "password-123!"})
    assert client.get("/admin/")["Location"] == SETUP_URL
    # Adding an authenticator asks for the password once more.
    assert client.get(SETUP_URL)["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": "password-123!"})
    page = client.get(SETUP_URL)
    assert page.status_code == 200
    assert 'class="auth-img auth-img--qr"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(SETUP_URL, {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": admin_user.email, "password": "password-123!"})
    assert response["Location"] == "/accounts/2fa/authenticate/"
