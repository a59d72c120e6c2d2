"""The feedback inbox: the form on every page, routing rules, marking handled, compliments forwarded."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from config.web.honeypot import HONEYPOT_FILLED
from moderation.models import AuditEntry, Team
from moderation.recovery import services
from moderation.recovery.models import Feedback, FeedbackRule
from moderation.recovery.views import FEEDBACK_RATE_LIMITED
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db):
    return Team.objects.create(name="Billing", email="billing@example.com")


def test_the_feedback_page_shows_a_form_for_the_page_it_came_from(client):
    response = client.get(reverse("recovery:feedback") + "?page=/c/orders/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tell us what you think" in content
    assert 'value="/c/orders/"' in content


def test_a_visitor_sends_feedback_about_a_page(client):
    response = client.post(reverse("recovery:feedback"), {
        "kind": "suggestion", "message": "Please add a dark mode.", "email": "visitor@example.com",
        "page": "/c/orders/"})
    assert response.status_code == 302
    assert response["Location"] == "/c/orders/"
    feedback = Feedback.objects.get()
    assert (feedback.kind, feedback.page, feedback.email, feedback.author) == (
        "suggestion", "/c/orders/", "visitor@example.com", None)


def test_feedback_from_a_thread_page_knows_its_category_and_goes_to_that_team(client, problem, team):
    client.post(reverse("recovery:feedback"), {
        "kind": "page_problem", "message": "The photo does not load.", "page": problem.get_absolute_url()})
    feedback = Feedback.objects.get()
    assert feedback.thread == problem
    assert feedback.category == problem.category
    assert feedback.team == team


def test_a_missing_message_keeps_what_was_typed(client):
    response = client.post(reverse("recovery:feedback"), {"kind": "suggestion", "message": "",
                                                            "email": "kept@example.com"})
    assert response.status_code == 200
    assert 'value="kept@example.com"' in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_filled_honeypot_never_says_thank_you_and_keeps_the_message(client):
    """#16: whatever lands in the hidden field, the message typed is shown again, not discarded."""
    response = client.post(reverse("recovery:feedback"), {"kind": "other", "message": "The map does not load",
                                                            "website": "autofilled"})
    html = response.content.decode()
    assert response.status_code == 200 and str(HONEYPOT_FILLED) in html
    assert "The map does not load</textarea>" in html
    assert 'name="website" id="id_website" tabindex="-1" autocomplete="off">' in html  # the trap is empty again
    assert Feedback.objects.count() == 0
    response = client.post(reverse("recovery:feedback"), {"kind": "other", "message": "The map does not load",
                                                            "website": ""})
    assert response.status_code == 302 and Feedback.objects.get().message == "The map does not load"


def test_the_404_form_keeps_the_message_when_the_honeypot_is_filled(client):
    response = client.post(reverse("recovery:feedback_missing"),
                           {"message": "The returns label page", "website": "x", "page": "/gone/"})
    assert str(HONEYPOT_FILLED) in response.content.decode()
    assert "The returns label page</textarea>" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_feedback_is_rate_limited_per_ip_address(client, settings):
    FEEDBACK_LIMIT = settings.RATE_LIMITS["feedback"]["ip"][0]
    for _ in range(FEEDBACK_LIMIT):
        assert client.post(reverse("recovery:feedback"), {"kind": "other", "message": "Hello"}).status_code == 302
    response = client.post(reverse("recovery:feedback"), {"kind": "other", "message": "Hello again"})
    assert response.status_code == 200
    assert str(FEEDBACK_RATE_LIMITED) in response.content.decode()
    assert Feedback.objects.count() == FEEDBACK_LIMIT


def test_rules_route_by_keyword(billing, team):
    FeedbackRule.objects.create(name="Money", keywords="refund, invoice", team=billing)
    assert services.feedback_create(kind="other", message="Where is my REFUND?").team == billing
    assert services.feedback_create(kind="other", message="Nice site").team is None


def test_rules_route_by_kind_and_category_and_the_first_match_wins(billing, team, category):
    other_team = Team.objects.create(name="Web")
    FeedbackRule.objects.create(name="Orders problems", position=1, category=category, kind="page_problem",
                                team=billing)
    FeedbackRule.objects.create(name="All page problems", position=2, kind="page_problem", team=other_team)
    thread = factories.make_thread(category=category)
    assert services.feedback_create(kind="page_problem", message="broken", thread=thread).team == billing
    assert services.feedback_create(kind="page_problem", message="broken").team == other_team
    assert services.feedback_create(kind="suggestion", message="idea", thread=thread).team == team


def test_an_inactive_rule_is_ignored(billing):
    FeedbackRule.objects.create(name="Money", keywords="refund", team=billing, is_active=False)
    assert services.feedback_create(kind="other", message="refund").team is None


def test_a_moderator_marks_feedback_handled_and_it_is_audited(client_for, moderator):
    item = services.feedback_create(kind="suggestion", message="More filters please")
    client = client_for(moderator)
    assert "More filters please" in client.get(reverse("recovery:inbox")).content.decode()
    response = client.post(reverse("recovery:feedback_handled", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.handled_by == moderator
    assert AuditEntry.objects.filter(action="recovery.feedback_handled", actor=moderator).exists()
    assert "More filters please" not in client.get(reverse("recovery:inbox")).content.decode()
    assert "More filters please" in client.get(reverse("recovery:inbox") + "?handled=handled").content.decode()


def test_the_inbox_filters_by_kind_and_team(client_for, moderator, billing):
    services.feedback_create(kind="suggestion", message="An idea about search")
    Feedback.objects.create(kind="other", message="Invoice question", team=billing)
    client = client_for(moderator)
    assert "An idea" not in client.get(reverse("recovery:inbox") + "?kind=other").content.decode()
    by_team = client.get(reverse("recovery:inbox") + f"?team={billing.pk}").content.decode()
    assert "Invoice question" in by_team and "An idea" not in by_team


def test_compliments_are_forwarded_to_the_team_by_email_once(billing):
    FeedbackRule.objects.create(name="Thanks", kind="compliment", team=billing)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        item = services.feedback_create(kind="compliment", message="Priya from billing was wonderful")
    assert [message.to for message in mail.outbox] == [["billing@example.com"]]
    assert "Priya from billing was wonderful" in mail.outbox[0].body
    html = next(body for body, kind in mail.outbox[0].alternatives if kind == "text/html")
    assert "Priya from billing was wonderful" in html and "<blockquote" in html  # in the site's email layout
    item.refresh_from_db()
    assert item.forwarded_at is not None
    assert services.compliment_forward(item.pk) is False
    assert len(mail.outbox) == 1


def test_compliment_threads_are_collected_and_forwarded_to_the_categorys_team(team, category, client_for,
                                                                                moderator):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        thread = factories.make_thread(category=category, kind="compliment", title="Thanks for the fast help",
                                       body="Mila sorted my order in ten minutes.")
    item = Feedback.objects.get(thread=thread)
    assert (item.kind, item.team) == ("compliment", team)
    # Member notifications (a badge for the author, say) carry X-Flawsome-Event; the forward does not.
    forwarded = [message.to for message in mail.outbox if "X-Flawsome-Event" not in message.extra_headers]
    assert forwarded == [["care@example.com"]]
    page = client_for(moderator).get(reverse("recovery:compliments")).content.decode()
    assert "Thanks for the fast help" in page


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_feedback_never_redirects_to_another_site(client, page):
    response = client.post(reverse("recovery:feedback"), {"kind": "other", "message": "Hi", "page": page})
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:home")
    assert Feedback.objects.get().page == ""
