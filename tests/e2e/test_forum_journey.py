"""The core loop in Chromium: A asks with an image, B answers, A is notified, thanks and accepts."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from forum.models import Thread
from tests import factories
from tests.e2e import conftest


def screenshot(page, name, *, width=None):
    """The shared helper, from the top of the page (the sticky header stays where it belongs)."""
    if width:
        page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("window.scrollTo(0, 0)")
    return conftest.screenshot(page, name)

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-Strong-pass-42"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_login", f"{username}@example.com")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_selector(".user-menu")


def png_bytes() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (320, 200), (91, 63, 214))
    for x in range(0, 320, 20):
        for y in range(200):
            image.putpixel((x, y), (255, 255, 255))
    image.save(out, format="PNG")
    return out.getvalue()


def test_member_a_asks_with_an_image_b_answers_a_thanks_and_accepts(page, browser, live_server):
    category = factories.make_category(name="Orders & delivery", slug="orders", icon="📦",
                                       description="Tracking, delivery times, missing parcels.")
    asker = factories.grant(factories.make_member(username="anna", display_name="Anna Asker", password=PASSWORD),
                            "upload_images")
    factories.make_member(username="bram", display_name="Bram Helper", password=PASSWORD)

    sign_in(page, "anna")
    page.goto("/ask/")
    page.get_by_label("Problem").check()
    page.fill("input[name=title]", "My parcel shows delivered but it is not here")
    page.fill("textarea[name=body]", "Tracking says **delivered** at 14:02. Here is the screenshot:")
    page.locator("[data-upload-input]").set_input_files(
        files=[{"name": "tracking.png", "mimeType": "image/png", "buffer": png_bytes()}])
    # Not wait_for_function: its polling evaluates a string, which the site's CSP (no unsafe-eval)
    # refuses whenever the upload is not done at the first check.
    expect(page.locator("textarea[name=body]")).to_have_value(re.compile(r"!\[tracking\]\(/media/"))
    page.wait_for_selector(".editor__preview img")
    page.select_option("select[name=category]", str(category.pk))
    page.fill("input[name=tags]", "delivery, tracking")
    screenshot(page, "forum-ask-1280")
    screenshot(page, "forum-ask-390", width=390)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Post", exact=True).click()
    page.wait_for_url(re.compile(r"/t/\d+/"))
    assert page.locator(".post__body img").first.is_visible()
    thread = Thread.objects.get()

    helper_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    helper = helper_context.new_page()
    helper_errors = []
    helper.on("console", lambda message: helper_errors.append(message.text) if message.type == "error" else None)
    sign_in(helper, "bram")
    helper.goto(thread.get_absolute_url())
    helper.fill("textarea[name=body]", "Check the **photo** in the tracking page, then ask the pick-up point nearby.")
    helper.wait_for_selector(".editor__preview strong")
    helper.get_by_role("button", name="Post your answer").click()
    helper.wait_for_selector(".answer")
    helper_context.close()

    page.goto("/")
    assert page.locator('[data-counter="notifications"]').inner_text() == "1"
    page.locator(".counter-link").click()
    page.get_by_role("link", name=re.compile("Bram Helper answered your question")).click()
    page.wait_for_url(re.compile(r"/t/\d+/"))

    answer = page.locator(".answer").first
    answer.locator(".kudo-btn").click()
    page.wait_for_selector('.answer .kudo-btn[aria-pressed="true"]')
    assert answer.locator(".kudo-count").inner_text() == "1"
    answer.get_by_role("button", name="Accept as solution").click()
    page.wait_for_selector(".answer.post--accepted")
    assert page.locator(".thread-pills .pill--solved").is_visible()
    thread.refresh_from_db()
    assert thread.status == Thread.Status.SOLVED

    screenshot(page, "forum-thread-1280")
    screenshot(page, "forum-thread-390", width=390)
    page.goto("/")
    assert page.locator(".thread-item .pill--solved").first.is_visible()
    screenshot(page, "forum-home-390", width=390)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "forum-home-1280")
    page.goto(f"/members/{asker.username}/")
    screenshot(page, "forum-profile-1280")
    screenshot(page, "forum-profile-390", width=390)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/notifications/")
    screenshot(page, "forum-notifications-1280")
    page.goto("/settings/")
    screenshot(page, "forum-settings-1280")
    assert page.console_errors == [] and helper_errors == []
