"""Every event staff can tick is sent (issue #14): each one caused the way the site causes it,
through the owning app's service, writes a delivery with that event's type and the data a CRM
needs; an endpoint gets only the events it ticked."""

from datetime import timedelta

import pytest

from config.integrations import webhooks
from config.integrations.models import WebhookDelivery, WebhookEndpoint
from forum import services as forum
from moderation import services as moderation
from moderation.recovery import services as recovery
from moderation.recovery.models import Case
from tests import factories
from tests.blog.conftest import add_update, known_issue_index, publish_known_issue  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(django_capture_on_commit_callbacks):
    """An endpoint for every event; the sending (after commit) is not run: the rows are the proof."""
    WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hooks", events=list(webhooks.EVENTS),
                                   secret=webhooks.new_secret())
    with django_capture_on_commit_callbacks(execute=False):
        yield


def sent(event_type: str) -> list[dict]:
    return [d.payload["data"] for d in WebhookDelivery.objects.filter(event_type=event_type).order_by("pk")]


def test_asking_a_question_and_filing_a_problem(subscribed, member, category):
    question = factories.make_thread(author=member, category=category, kind="question", title="Where is my parcel now")
    problem = factories.make_thread(author=member, category=category, kind="problem", title="The app crashes on start")
    assert [d["thread"]["id"] for d in sent("question.asked")] == [question.pk]
    assert [d["thread"]["id"] for d in sent("problem_report.filed")] == [problem.pk]
    assert sent("problem_report.filed")[0]["thread"]["author"]["username"] == member.username


def test_accepting_and_verifying_an_answer(subscribed, member, other_member, moderator, category):
    thread = factories.make_thread(author=member, category=category)
    answer = factories.make_answer(thread=thread, author=other_member)
    forum.answer_accept(answer=answer, by=member)
    moderation.answer_verify(answer=answer, by=moderator)
    (accepted,) = sent("answer.accepted")
    assert accepted["answer"]["id"] == answer.pk and accepted["accepted_by"]["username"] == member.username
    (verified,) = sent("answer.verified")
    assert verified["answer"]["id"] == answer.pk and verified["verified_by"]["username"] == moderator.username


def test_a_missed_response_target_a_resolved_case_and_an_answered_follow_up(subscribed, member, moderator, category):
    thread = factories.make_thread(author=member, category=category, kind="problem", title="The app crashes on start")
    case = Case.objects.get(thread=thread)
    assert recovery.check_response_targets(now=case.due_at + timedelta(minutes=1)) == 1
    (breached,) = sent("response_target.breached")
    assert breached["case"]["id"] == case.pk and breached["case"]["breached_at"]
    recovery.case_set_status(case=case, by=moderator, status=Case.Status.RESOLVED)
    (resolved,) = sent("case.resolved")
    assert resolved["case"]["id"] == case.pk and resolved["resolved_by"]["username"] == moderator.username
    case.refresh_from_db()
    follow_up = recovery.follow_up_send(case=case)
    recovery.follow_up_answer(follow_up=follow_up, all_good=True, comment="Works again, thanks")
    (answered,) = sent("follow_up.answered")
    assert answered["all_good"] is True and answered["comment"] == "Works again, thanks"
    assert answered["case"]["id"] == case.pk


def test_feedback_and_a_compliment(subscribed, member, category):
    recovery.feedback_create(kind="suggestion", message="A dark mode, please", author=member)
    factories.make_thread(author=member, category=category, kind="compliment", title="Thanks to the night shift")
    assert [d["feedback"]["message"] for d in sent("feedback.received")] == ["A dark mode, please"]
    (compliment,) = sent("compliment.received")
    assert compliment["feedback"]["message"].startswith("Thanks to the night shift")


def test_publishing_a_known_issue_and_each_update(subscribed, publish_known_issue):  # noqa: F811
    known_issue = publish_known_issue(title="Lamps disconnect in the evening")
    add_update(known_issue, "A fix is rolling out tonight.", status="monitoring")
    first, second = sent("known_issue.updated")
    assert first["known_issue"]["title"] == "Lamps disconnect in the evening" and first["known_issue"]["latest_update"] is None
    assert second["known_issue"]["status"] == "monitoring"
    assert second["known_issue"]["latest_update"]["text"] == "A fix is rolling out tonight."


def test_every_event_on_the_staff_form_is_covered_here():
    covered = {"question.asked", "problem_report.filed", "answer.accepted", "answer.verified",
               "response_target.breached", "case.resolved", "follow_up.answered", "feedback.received",
               "compliment.received", "known_issue.updated"}
    assert set(webhooks.EVENTS) == covered


def test_an_endpoint_gets_only_the_events_it_ticked(member, category, django_capture_on_commit_callbacks):
    crm = WebhookEndpoint.objects.create(name="CRM", url="https://crm.example.com/hooks", events=["problem_report.filed"],
                                         secret=webhooks.new_secret())
    with django_capture_on_commit_callbacks(execute=False):
        factories.make_thread(author=member, category=category, kind="question")
        factories.make_thread(author=member, category=category, kind="problem")
    assert list(WebhookDelivery.objects.values_list("endpoint", "event_type")) == [(crm.pk, "problem_report.filed")]
