"""A moderator closes a thread as a duplicate from the thread page's Moderator tools; readers are pointed on."""

import pytest

from forum import bootstrap, roles
from tests import factories
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _make_moderator():
    """A transactional test flushes what data migrations made, so make sure the role exists first."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    create_permissions(apps.get_app_config("forum"), verbosity=0)
    bootstrap.install()
    return factories.make_member(username="mila", email="mila@example.com", display_name="Mila Moderator",
                                 groups=(roles.MODERATORS,), is_staff=True)


def test_a_moderator_closes_a_thread_as_duplicate_from_the_thread_page(page, live_server):
    _make_moderator()
    category = factories.make_category(name="Smart home")
    original = factories.make_thread(category=category, title="The lamp does not connect to 5 GHz wifi")
    duplicate = factories.make_thread(category=category, title="Lamp will not pair with my 5 GHz network")

    page.goto("/accounts/login/")
    page.fill("#id_login", "mila@example.com")
    page.fill("#id_password", "password-123!")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()

    page.goto(duplicate.get_absolute_url())
    tools = page.locator(".mod-tools")
    assert tools.get_by_role("heading", name="Moderator tools").is_visible()
    screenshot(page, "moderation-thread-tools")
    tools.locator("summary", has_text="Close").click()
    tools.locator("#id_close-reason").select_option("duplicate")
    tools.locator("#id_close-duplicate_of").fill(str(original.pk))
    tools.get_by_role("button", name="Close thread").click()
    page.wait_for_selector(".message--success")

    closed = page.locator(".mod-panel--closed")
    assert "This thread is closed" in closed.inner_text()
    closed.get_by_role("link", name=original.title).click()
    page.wait_for_url(f"**{original.get_absolute_url()}")
    assert page.console_errors == []
