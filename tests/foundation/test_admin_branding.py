"""The CMS and the admin carry the site's name and load nothing from outside services (#15 item 13)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_cms_sign_in_page_is_branded_and_loads_no_gravatar(client, settings):
    page = client.get("/cms/login/").content.decode()
    assert f"Sign in to the {settings.SITE_NAME} CMS" in page
    assert "Sign in to Wagtail" not in page
    assert "img/logo.svg" in page


def test_the_cms_shows_staff_avatars_without_asking_gravatar(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/cms/").content.decode()
    assert "gravatar.com" not in page
    assert "img/favicon.svg" in page


def test_the_django_admin_names_the_site(client, admin_user, settings):
    client.force_login(admin_user)
    page = client.get("/admin/").content.decode()
    assert f"{settings.SITE_NAME} admin" in page
    assert "Django administration" not in page
