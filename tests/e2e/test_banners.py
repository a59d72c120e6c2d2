"""#15 item 9: a banner can be dismissed from the keyboard, stays dismissed in this browser, and a
different banner still shows."""

import pytest

from forum import extensions


@pytest.fixture
def banner(monkeypatch, transactional_db):
    shown = {"text": "Card payments are slow today."}

    def provider(request, category):
        return [{"text": shown["text"], "level": "warning"}]

    monkeypatch.setattr(extensions, "forum_banners", [*extensions.forum_banners, provider])
    return shown


def test_a_banner_is_dismissed_from_the_keyboard_and_stays_dismissed(page, banner, settings):
    settings.PAGE_CACHE = False
    page.goto("/")
    notice = page.locator("[data-banner]", has_text="Card payments are slow today.")
    button = notice.get_by_role("button", name="Dismiss this message")
    button.focus()
    page.keyboard.press("Enter")
    assert notice.count() == 0
    assert page.evaluate("document.activeElement.id") == "main"  # focus is not lost with the button
    page.reload()
    assert page.locator("[data-banner]", has_text="Card payments are slow today.").count() == 0
    banner["text"] = "Card payments work again."
    page.reload()
    assert page.locator("[data-banner]", has_text="Card payments work again.").is_visible()
    assert page.console_errors == []
