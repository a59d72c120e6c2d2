"""Keyboard only (Tab, Shift+Tab, Space, arrows, Enter; no clicks): ask → answer → kudos → accept, and the
feedback form, whose message arrives."""

import re

import pytest
from playwright.sync_api import expect

from forum.models import Answer, Thread
from moderation.recovery.models import Feedback
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-Strong-pass-42"
MAX_TABS = 120


def tab_to(page, locator, *, backwards=False):
    """Press Tab until `locator` has focus, as a keyboard user would; fail if it never gets there."""
    target = locator.first
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if target.evaluate("element => element === document.activeElement"):
            return target
    pytest.fail(f"Tab never reached {locator}")


def sign_in(page, email):
    page.goto("/accounts/login/")
    tab_to(page, page.locator("#id_login"))
    page.keyboard.type(email)
    tab_to(page, page.locator("#id_password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector(".user-menu")


def test_ask_answer_kudos_and_accept_with_the_keyboard_alone(page, browser, live_server):
    category = factories.make_category(name="Orders & delivery", slug="orders")
    factories.make_member(username="anna", email="anna@example.com", display_name="Anna Asker", password=PASSWORD)
    factories.make_member(username="bram", email="bram@example.com", display_name="Bram Helper", password=PASSWORD)

    sign_in(page, "anna@example.com")
    page.goto("/ask/")
    tab_to(page, page.locator("input[name=kind]"))
    page.keyboard.press("Space")  # the first kind, "question"
    tab_to(page, page.locator("input[name=title]"))
    page.keyboard.type("My parcel shows delivered but it is not here")
    tab_to(page, page.locator("textarea[name=body]"))
    page.keyboard.type("Tracking says delivered at 14:02, but nothing arrived at my door.")
    select = tab_to(page, page.locator("select[name=category]"))
    while select.input_value() != str(category.pk):
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("button", name="Post", exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/t/\d+/"))
    thread = Thread.objects.get()

    helper_context = browser.new_context(base_url=live_server.url)
    helper = helper_context.new_page()
    sign_in(helper, "bram@example.com")
    helper.goto(thread.get_absolute_url())
    tab_to(helper, helper.locator("textarea[name=body]"))
    helper.keyboard.type("Look at the proof-of-delivery photo on the tracking page first.")
    tab_to(helper, helper.get_by_role("button", name="Post your answer"))
    helper.keyboard.press("Enter")
    helper.wait_for_selector(".answer")
    helper_context.close()
    answer = Answer.objects.get()

    page.goto(thread.get_absolute_url())
    kudo = tab_to(page, page.locator(f"#kudo-answer-{answer.pk}"))
    page.keyboard.press("Enter")
    # The count changes in place, focus stays on the (new) button, and the change is announced.
    expect(page.locator(f"#kudo-answer-{answer.pk}")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#kudo-answer-{answer.pk} .kudo-count")).to_have_text("1")
    expect(page.locator(f"#kudo-answer-{answer.pk}")).to_be_focused()
    expect(page.locator("#site-status")).to_have_text("Kudos given: 1 in all.")
    assert kudo.get_attribute("id") == f"kudo-answer-{answer.pk}"

    tab_to(page, page.get_by_role("button", name="Accept as solution"))
    page.keyboard.press("Enter")
    page.wait_for_selector(".answer.post--accepted")
    thread.refresh_from_db()
    assert thread.status == Thread.Status.SOLVED
    assert page.console_errors == []


def test_the_feedback_form_sent_with_the_keyboard_alone_arrives(page):
    page.goto("/feedback/?page=/")
    tab_to(page, page.locator("input[name=kind]"))
    page.keyboard.press("ArrowDown")  # the second kind
    tab_to(page, page.locator("textarea[name=message]"))
    page.keyboard.type("The delivery page does not say which courier brings my parcel.")
    tab_to(page, page.locator("input[name=email]"))
    page.keyboard.type("visitor@example.com")
    tab_to(page, page.get_by_role("button", name="Send feedback"))
    page.keyboard.press("Enter")
    expect(page.locator(".message--success")).to_contain_text("Thank you")
    feedback = Feedback.objects.get()
    assert feedback.message == "The delivery page does not say which courier brings my parcel."
    assert page.console_errors == []


def test_a_feedback_form_with_errors_sends_focus_to_the_summary_whose_link_reaches_the_field(page):
    page.goto("/feedback/")
    tab_to(page, page.get_by_role("button", name="Send feedback"))
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's first link
    assert page.evaluate("document.activeElement.name") in {"kind", "message"}
    assert Feedback.objects.count() == 0
