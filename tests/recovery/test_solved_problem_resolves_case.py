"""A problem the customer marks solved is not shown as a "New" case beside "✓ Solved" (#15 item 4):
accepting an answer resolves the open case, in the panel the customer reads and in staff's timeline."""

import re

import pytest

from moderation.recovery.models import Case, CaseEvent
from tests import factories

pytestmark = pytest.mark.django_db


def current_step(html: str) -> str:
    panel = html.split('class="card recovery-case-panel"', 1)[1].split("</section>", 1)[0]
    return re.search(r'<li aria-current="step">([^<]+)</li>', panel).group(1)


def test_the_customer_who_accepts_an_answer_sees_her_problem_resolved_not_new(client_for, problem, member,
                                                                             other_member):
    answer = factories.make_answer(thread=problem, author=other_member, body="Ask for a replacement in the app.")
    client = client_for(member)
    assert current_step(client.get(problem.get_absolute_url()).content.decode()) == "New"

    assert client.post(f"/a/{answer.pk}/accept/").status_code == 302
    html = client.get(problem.get_absolute_url()).content.decode()
    assert "✓ Solved" in html
    assert "Your problem" in html and current_step(html) == "Resolved"
    case = Case.objects.get(thread=problem)
    assert case.status == Case.Status.RESOLVED and case.resolved_at is not None
    event = case.events.filter(kind=CaseEvent.Kind.STATUS).get()
    assert (event.actor, event.to_status, event.note) == (member, "resolved", "An answer was accepted as the solution.")


def test_a_case_already_in_hand_is_resolved_too_and_a_closed_one_stays_closed(client_for, problem, member,
                                                                             other_member):
    answer = factories.make_answer(thread=problem, author=other_member)
    Case.objects.filter(thread=problem).update(status=Case.Status.IN_PROGRESS)
    client_for(member).post(f"/a/{answer.pk}/accept/")
    assert Case.objects.get(thread=problem).status == Case.Status.RESOLVED

    other = factories.make_thread(author=member, category=problem.category, kind="problem",
                                  title="The charger of my order is missing")
    Case.objects.filter(thread=other).update(status=Case.Status.CLOSED)
    client_for(member).post(f"/a/{factories.make_answer(thread=other, author=other_member).pk}/accept/")
    assert Case.objects.get(thread=other).status == Case.Status.CLOSED
    assert not CaseEvent.objects.filter(case__thread=other, kind=CaseEvent.Kind.STATUS).exists()


def test_a_question_with_an_accepted_answer_has_no_case_to_resolve(client_for, member, other_member, category):
    question = factories.make_thread(author=member, category=category)
    client_for(member).post(f"/a/{factories.make_answer(thread=question, author=other_member).pk}/accept/")
    assert not Case.objects.exists()
