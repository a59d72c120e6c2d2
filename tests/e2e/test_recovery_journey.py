"""Service recovery in a real browser: report → owner → five-part reply → resolved → follow-up → “yes”."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forum import bootstrap, roles
from moderation.models import Team
from moderation.recovery import services
from moderation.recovery.models import Case, FollowUp, RecoveryReply
from tests import factories
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "password-123!"


@pytest.fixture
def cast(db):
    """A category looked after by a one-person team, and a customer."""
    bootstrap.install()  # a transactional test flushes the groups the migrations made
    category = factories.make_category(name="Orders", slug="orders")
    moderator = factories.make_member(username="mila", display_name="Mila Moderator", groups=(roles.MODERATORS,),
                                      is_staff=True)
    customer = factories.make_member(username="carla", display_name="Carla Customer")
    team = Team.objects.create(name="Customer care")
    team.members.add(moderator)
    team.categories.add(category)
    return {"category": category, "moderator": moderator, "customer": customer}


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_problem_report_is_owned_answered_with_a_recovery_reply_resolved_and_followed_up(page, browser,
                                                                                           live_server, cast):
    # The customer posts a problem through the ask form.
    sign_in(page, "carla@example.com")
    page.goto("/ask/")
    page.locator("label.kind-option--problem").click()
    page.fill("input[name=title]", "My blender arrived with a broken jug")
    page.fill("textarea[name=body]", "The glass jug was cracked when I opened the box this morning.")
    page.select_option("select[name=category]", label="Orders")
    page.get_by_role("button", name="Post").click()
    page.wait_for_url(re.compile(r"/t/\d+/"))
    thread_url = page.url

    # It is assigned to the team's moderator, and the customer sees who is helping.
    case = Case.objects.get(thread__title="My blender arrived with a broken jug")
    assert case.owner == cast["moderator"]
    assert "Mila Moderator is helping you with this." in page.locator(".recovery-case-panel").inner_text()

    # The moderator answers with a five-part recovery reply, in another browser.
    staff_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    staff = staff_context.new_page()
    staff_errors = []
    staff.on("console", lambda message: staff_errors.append(message.text) if message.type == "error" else None)
    staff.on("pageerror", lambda error: staff_errors.append(str(error)))
    sign_in(staff, "mila@example.com")
    staff.goto("/moderation/waiting/")
    screenshot(staff, "recovery-waiting-queue")
    staff.get_by_role("link", name="My blender arrived with a broken jug").click()
    staff.wait_for_url(re.compile(r"/moderation/cases/\d+/"))

    staff.fill("#id_responsibility", "This one is on us: the jug was packed without its protective sleeve.")
    staff.fill("#id_regret", "I am sorry your new blender arrived broken.")
    staff.fill("#id_repair", "A new jug is on its way today and arrives tomorrow before noon.")
    staff.fill("#id_prevention", "The warehouse now checks every blender box for the sleeve before it ships.")
    staff.get_by_role("button", name="Post the recovery reply").click()
    assert "Missing: the cause." in staff.locator("[data-recovery-reply] .error-summary").inner_text()
    assert staff.input_value("#id_regret") == "I am sorry your new blender arrived broken."  # kept
    screenshot(staff, "recovery-reply-missing-part")

    staff.fill("#id_cause", "A new packing line skipped the sleeve for a week.")
    staff.select_option("#id_gesture_kind", "voucher")
    staff.fill("#id_gesture_value", "10")
    staff.get_by_role("button", name="Post the recovery reply").click()
    staff.wait_for_selector("text=Your recovery reply was posted on the thread.")
    reply = RecoveryReply.objects.get()
    assert (reply.gesture_kind, str(reply.gesture_value)) == ("voucher", "10.00")

    staff.select_option("#case-status", "resolved")
    staff.get_by_role("button", name="Set status").click()
    staff.wait_for_selector("text=The status of the case was changed.")
    screenshot(staff, "recovery-case-resolved")
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED

    # The customer reads one natural reply on the thread.
    page.goto(thread_url)
    assert "I am sorry your new blender arrived broken." in page.content()
    assert "voucher worth EUR 10.00" in page.content()

    # Three days later the follow-up goes out; the customer answers “yes” from the email link.
    mail.outbox.clear()
    assert services.send_follow_ups(now=timezone.now() + timedelta(days=3, minutes=5)) == 1
    link = re.search(r"https?://[^/\s]+(/follow-up/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    screenshot(page, "recovery-follow-up")
    page.get_by_role("button", name="Yes, all good").click()
    page.wait_for_selector("text=Glad to hear it")
    assert FollowUp.objects.get().all_good is True
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED

    assert page.console_errors == []
    assert staff_errors == []
    staff_context.close()


def test_the_feedback_button_and_the_404_form_work_in_the_browser(page, cast):
    page.goto("/")
    page.locator("[data-feedback-link]").click()
    page.wait_for_url(re.compile(r"/feedback/\?page=/"))
    page.get_by_label("Suggestion").check()
    page.fill("#id_message", "A dark mode would be lovely.")
    page.fill("#id_email", "visitor@example.com")
    screenshot(page, "recovery-feedback-form")
    page.get_by_role("button", name="Send feedback").click()
    page.wait_for_selector("text=Thank you! Your feedback has reached our team.")

    page.goto("/this-page-does-not-exist/")
    page.fill("textarea[name=message]", "Opening hours of the shop")
    screenshot(page, "recovery-404")
    page.get_by_role("button", name="Tell us").click()
    page.wait_for_selector("text=Thank you! Your feedback has reached our team.")
    from moderation.models import NotFoundPath
    from moderation.recovery.models import Feedback

    assert NotFoundPath.objects.get(path="/this-page-does-not-exist/").hits == 1
    assert set(Feedback.objects.values_list("kind", flat=True)) == {"suggestion", "missing_page"}
    # The 404 page itself answers 404 on purpose; the browser logs that, nothing else may be logged.
    assert [error for error in page.console_errors if "status of 404" not in error] == []
