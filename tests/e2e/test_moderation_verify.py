"""A moderator verifies an accepted answer from the queue, by keyboard; the thread then shows it verified."""

import pytest
from playwright.sync_api import expect

from forum import bootstrap, roles
from forum import services as forum
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


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "password-123!")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def _reputation(user):
    """The badges app's total when it is installed in main; None before that."""
    try:
        from badges.models import ReputationEntry
    except ImportError:
        return None
    from django.db.models import Sum

    return ReputationEntry.objects.filter(member=user).aggregate(total=Sum("points"))["total"] or 0


def test_a_moderator_verifies_an_accepted_answer_from_the_queue(page, live_server):
    moderator = _make_moderator()
    asker = factories.make_member(username="sam", display_name="Sam Asker")
    answerer = factories.make_member(username="ann", display_name="Ann Answerer")
    thread = factories.make_thread(author=asker, title="How do I pair the thermostat with the app?")
    answer = factories.make_answer(thread=thread, author=answerer, body="Hold the pairing button for five seconds.")
    forum.answer_accept(answer=answer, by=asker)
    reputation_before = _reputation(answerer)

    _sign_in(page, "mila@example.com")
    page.goto("/moderation/verification/")
    item = page.locator("[data-item]").first
    assert "How do I pair the thermostat with the app?" in item.inner_text()
    screenshot(page, "moderation-verification-queue")
    # The single keys act only with focus in the queue: a "v" typed elsewhere verifies nothing.
    page.locator("#site-search").focus()
    page.keyboard.press("Escape")
    page.locator("body").press("v")
    assert page.locator(".message--success").count() == 0
    item.locator("[data-open]").focus()
    page.keyboard.press("j")
    page.keyboard.press("v")
    page.wait_for_selector(".message--success")
    assert "Nothing waiting" in page.content()

    page.goto(thread.get_absolute_url())
    assert page.locator(".verified-mark, .pill--verified").first.is_visible()
    assert "Verified" in page.locator(f"#answer-{answer.pk}").inner_text()
    screenshot(page, "moderation-thread-verified")
    answer.refresh_from_db()
    assert answer.verified_by_id == moderator.pk
    if reputation_before is not None:
        assert _reputation(answerer) > reputation_before
    assert page.console_errors == []


def test_queue_shortcuts_can_be_turned_off_and_remapped(page, live_server):
    _make_moderator()
    thread = factories.make_thread(title="Where do I find my invoice?")
    answer = factories.make_answer(thread=thread, body="Under My orders, then Invoices.")
    forum.answer_accept(answer=answer, by=thread.author)

    _sign_in(page, "mila@example.com")
    page.goto("/moderation/verification/")
    panel = page.locator("[data-mod-keys]")
    panel.locator("summary").click()
    # Off: "v" in the queue does nothing.
    panel.get_by_label("Use single-key shortcuts").uncheck()
    panel.get_by_role("button", name="Save shortcuts").click()
    expect(panel.locator("[data-mod-keys-state]")).to_have_text("off")
    page.reload()
    page.locator("[data-item] [data-open]").first.focus()
    page.keyboard.press("v")
    assert page.locator(".message--success").count() == 0
    answer.refresh_from_db()
    assert answer.verified_by_id is None
    # On again with "x" for verify: "v" is a plain letter now, "x" verifies.
    panel = page.locator("[data-mod-keys]")
    panel.locator("summary").click()
    panel.get_by_label("Use single-key shortcuts").check()
    panel.get_by_label("Verify the answer").fill("x")
    panel.get_by_role("button", name="Save shortcuts").click()
    expect(panel.locator("[data-mod-keys-state]")).to_have_text("on")
    page.locator("[data-item] [data-open]").first.focus()
    page.keyboard.press("v")
    assert page.locator(".message--success").count() == 0
    page.keyboard.press("x")
    page.wait_for_selector(".message--success")
    answer.refresh_from_db()
    assert answer.verified_by_id is not None
    assert page.console_errors == []
