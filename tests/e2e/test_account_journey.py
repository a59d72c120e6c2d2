import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_signs_up_verifies_signs_in_switches_to_dutch_and_signs_out(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Join", exact=True).click()
    page.fill("#id_email", "newcomer@example.com")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password1", "a-Strong-pass-42")
    page.fill("#id_password2", "a-Strong-pass-42")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    path = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(path)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".user-menu__name").inner_text() == "newcomer"

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    page.fill("#id_login", "newcomer@example.com")
    page.fill("#id_password", "a-Strong-pass-42")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/")

    page.select_option("#language-select", "nl")
    expect(page.locator("html")).to_have_attribute("lang", "nl")  # not wait_for_function: CSP forbids its eval
    assert page.get_by_role("link", name="Vragen").first.is_visible()

    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("banner").get_by_role("link", name="Inloggen").is_visible()
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_home_login_and_signup_pages_render_for_phone_and_desktop(page, width):
    for name, path in (("home", "/"), ("login", "/accounts/login/"), ("signup", "/accounts/signup/")):
        page.goto(path)
        screenshot(page, f"{name}-{width}", width=width)
        assert page.locator("header.site-header").is_visible()
        # Nothing overflows sideways on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    assert page.console_errors == []


def sign_in(page, email: str, password: str = "password-123!"):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.wait_for_selector(".user-menu")


def test_the_user_menu_opens_and_closes_from_the_keyboard(page):
    from tests.factories import make_member

    sign_in(page, make_member(username="kim").email)
    summary = page.locator(".user-menu summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".user-menu__panel").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".user-menu__panel").is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # The skip link is the first thing the keyboard reaches and jumps to the content.
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 1280])
def test_account_settings_pages_fit_a_phone_and_a_desktop(page, width):
    from tests.factories import make_member

    sign_in(page, make_member(username=f"acct{width}").email)
    for name, path in (("account-email", "/accounts/email/"), ("account-password", "/accounts/password/change/"),
                       ("account-2fa", "/accounts/2fa/")):
        page.goto(path)
        screenshot(page, f"{name}-{width}", width=width)
        assert page.locator(".account-nav").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.console_errors == []
