"""#16: a keyboard user's feedback arrives: Tab never lands on the anti-spam trap."""

from moderation.recovery.models import Feedback

ACTIVE = "() => { const el = document.activeElement; return el ? (el.name || el.textContent.trim()) : ''; }"


def test_a_keyboard_user_tabs_past_the_trap_and_the_feedback_arrives(page, db):
    page.goto("/moderation/feedback/")
    # The trap cannot take focus at all, not even from a script (inert), so no tab order reaches it.
    page.evaluate("document.querySelector('input[name=website]').focus()")
    assert page.evaluate("document.activeElement.name") != "website"

    visited = []
    for _press in range(120):  # the header and the form, in tab order, until the send button
        page.keyboard.press("Tab")
        name = page.evaluate(ACTIVE)
        visited.append(name)
        if name == "message":
            page.keyboard.type("The order page shows the wrong address.")
        if name == "Send feedback":
            break
    assert "website" not in visited
    assert "message" in visited and visited[-1] == "Send feedback"
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Thank you! Your feedback has reached our team.")
    assert Feedback.objects.get().message == "The order page shows the wrong address."
