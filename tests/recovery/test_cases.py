"""Cases: opened for problem threads, assigned round-robin, taken, passed on, first answers and breaches."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from forum.models import Notification
from moderation.models import AuditEntry
from moderation.recovery import services
from moderation.recovery.models import Case, CaseEvent, ResponsePolicy
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_problem_report_opens_a_case_assigned_to_the_first_team_member(case, moderator):
    assert case.status == Case.Status.NEW
    assert case.owner == moderator
    assert case.auto_assigned
    assert case.due_at == case.created_at + timedelta(minutes=180)
    assert Notification.objects.filter(recipient=moderator, verb="case_assigned").count() == 1


def test_questions_and_compliments_do_not_open_a_case(team, category):
    factories.make_thread(category=category, kind="question")
    factories.make_thread(category=category, kind="compliment")
    assert Case.objects.count() == 0


def test_cases_are_assigned_round_robin_within_the_team(team, category, moderator, second_moderator):
    owners = [factories.make_thread(category=category, kind="problem").case.owner for _ in range(4)]
    assert owners == [moderator, second_moderator, moderator, second_moderator]


def test_a_category_without_a_team_leaves_the_case_unassigned():
    thread = factories.make_thread(kind="problem")
    assert thread.case.owner is None
    assert thread.case.team is None


def test_the_category_policy_sets_the_target(team, category):
    ResponsePolicy.objects.create(category=category, first_response_minutes=60)
    thread = factories.make_thread(category=category, kind="problem")
    assert thread.case.target_minutes == 60
    assert thread.case.due_at == thread.case.created_at + timedelta(minutes=60)


def test_a_moderator_takes_a_case_and_it_is_logged(case, moderator, second_moderator):
    services.case_take(case=case, by=second_moderator)
    case.refresh_from_db()
    assert case.owner == second_moderator
    entry = AuditEntry.objects.get(action="recovery.case_taken")
    assert entry.actor == second_moderator
    assert (entry.before, entry.after) == ({"owner": moderator.pk}, {"owner": second_moderator.pk})
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TAKEN, to_user=second_moderator).exists()


def test_taking_your_own_case_is_refused(case, moderator):
    with pytest.raises(ValidationError) as error:
        services.case_take(case=case, by=moderator)
    assert error.value.messages == [str(services.ALREADY_OWNER)]


def test_reassigning_a_case_is_logged_in_the_audit_log_and_the_timeline(case, moderator, second_moderator):
    services.case_reassign(case=case, by=moderator, to=second_moderator, reason="Max knows the warehouse")
    case.refresh_from_db()
    assert case.owner == second_moderator
    entry = AuditEntry.objects.get(action="recovery.case_reassigned")
    assert (entry.actor, entry.before, entry.after) == (
        moderator, {"owner": moderator.pk}, {"owner": second_moderator.pk})
    assert entry.reason == "Max knows the warehouse"
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.REASSIGNED)
    assert (event.from_user, event.to_user) == (moderator, second_moderator)
    assert Notification.objects.filter(recipient=second_moderator, verb="case_assigned").exists()


def test_a_case_cannot_be_passed_to_a_member(case, moderator, other_member):
    with pytest.raises(ValidationError) as error:
        services.case_reassign(case=case, by=moderator, to=other_member)
    assert error.value.messages == [str(services.NOT_MODERATOR)]


def test_the_first_staff_answer_is_recorded_and_acknowledges_the_case(case, moderator):
    factories.make_answer(thread=case.thread, author=moderator, body="We are on it.")
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.status == Case.Status.ACKNOWLEDGED
    assert not case.breached


def test_a_member_answer_is_not_a_staff_response(case, other_member):
    factories.make_answer(thread=case.thread, author=other_member)
    case.refresh_from_db()
    assert case.first_response_at is None
    assert case.status == Case.Status.NEW


def test_a_late_first_answer_records_a_breach(team, category, member, moderator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        thread = factories.make_thread(author=member, category=category, kind="problem")
    with time_machine.travel(start + timedelta(hours=4), tick=False):
        factories.make_answer(thread=thread, author=moderator)
    case = Case.objects.get(thread=thread)
    assert case.breached
    assert case.breached_at == case.due_at
    assert case.first_response_minutes == 240


def test_the_periodic_check_records_breaches_once(team, category, member):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        thread = factories.make_thread(author=member, category=category, kind="problem")
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert services.check_response_targets() == 0
    with time_machine.travel(start + timedelta(hours=3, minutes=1), tick=False):
        call_command("check_response_targets", stdout=open("/dev/null", "w"))
        assert services.check_response_targets() == 0
    case = Case.objects.get(thread=thread)
    assert case.breached
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.BREACHED).count() == 1


def test_status_moves_along_and_is_audited(case, moderator, member):
    services.case_set_status(case=case, by=moderator, status=Case.Status.IN_PROGRESS)
    services.case_set_status(case=case, by=moderator, status=Case.Status.RESOLVED)
    case.refresh_from_db()
    assert case.status == Case.Status.RESOLVED
    assert case.resolved_at is not None
    assert case.round == 1
    assert AuditEntry.objects.filter(action="recovery.case_status").count() == 2
    assert Notification.objects.filter(recipient=member, verb="case_status").count() == 2


def test_an_impossible_status_change_is_refused_with_a_clear_message(case, moderator):
    services.case_set_status(case=case, by=moderator, status=Case.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.case_set_status(case=case, by=moderator, status=Case.Status.RESOLVED)
    assert error.value.messages == ["A case cannot go from “closed” to “resolved”."]


def test_the_customer_sees_who_is_helping_and_the_status_on_the_thread_panel(case, member, rf):
    from moderation.recovery.panels import thread_panels

    request = rf.get("/")
    request.user = member
    panels = thread_panels(request, case.thread)
    assert [panel["template"] for panel in panels] == ["moderation/recovery/panels/case_status.html"]
    from django.template.loader import render_to_string

    html = render_to_string(panels[0]["template"], panels[0]["context"], request=request)
    assert "Mila Moderator" in html
    assert "is helping you" in html
