"""The waiting queue: least time left first, breaches flagged, filters by team, category and owner."""

from datetime import time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from moderation.models import Team
from moderation.recovery import selectors, services
from moderation.recovery.models import ResponsePolicy
from moderation.recovery.receivers import waiting_counter
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_queue_orders_by_time_left_and_flags_breaches(team, category, member, moderator):
    start = timezone.now()
    with time_machine.travel(start - timedelta(hours=4), tick=False):
        late = factories.make_thread(author=member, category=category, kind="problem", title="Late report here")
    with time_machine.travel(start - timedelta(hours=1), tick=False):
        question = factories.make_thread(author=member, category=category, title="Fresh question here")
    with time_machine.travel(start - timedelta(hours=2), tick=False):
        middle = factories.make_thread(author=member, category=category, kind="problem", title="Middle report")
    answered = factories.make_thread(author=member, category=category, kind="problem")
    factories.make_answer(thread=answered, author=moderator)
    with time_machine.travel(start, tick=False):
        items = selectors.waiting_queue()
    assert [item.thread for item in items] == [late, middle, question]
    assert [item.breached for item in items] == [True, False, False]
    assert [item.left_minutes for item in items] == [-60, 60, 120]


def test_the_queue_filters_by_owner_category_and_team(team, category, member, moderator, second_moderator):
    first = factories.make_thread(author=member, category=category, kind="problem")
    second = factories.make_thread(author=member, category=category, kind="problem")
    elsewhere = factories.make_thread(author=member, kind="problem")
    factories.make_thread(author=member, category=category)  # a question
    assert [item.thread for item in selectors.waiting_queue(owner=moderator)] == [first]
    assert [item.thread for item in selectors.waiting_queue(owner=second_moderator)] == [second]
    assert elsewhere not in [item.thread for item in selectors.waiting_queue(team=team)]
    assert len(selectors.waiting_queue(category=category)) == 3
    assert len(selectors.waiting_queue(team=Team.objects.create(name="Empty"))) == 0


def test_business_hours_of_the_category_set_the_case_deadline(team, category, member):
    ResponsePolicy.objects.create(category=category, first_response_minutes=120, business_hours_only=True,
                                  weekdays=[0, 1, 2, 3, 4], day_start=time(9), day_end=time(17))
    friday_evening = timezone.datetime(2026, 11, 27, 20, 0, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(friday_evening, tick=False):
        thread = factories.make_thread(author=member, category=category, kind="problem")
    due = timezone.localtime(thread.case.due_at)
    assert (due.weekday(), due.hour, due.minute) == (0, 11, 0)  # Monday 11:00


def test_the_queue_page_highlights_late_reports(team, category, member, client_for, moderator):
    with time_machine.travel(timezone.now() - timedelta(hours=5), tick=False):
        factories.make_thread(author=member, category=category, kind="problem", title="Very late report")
    content = client_for(moderator).get(reverse("recovery:waiting")).content.decode()
    assert 'class="is-breached"' in content
    assert "Very late report" in content


def test_staff_see_a_header_counter_of_waiting_reports_and_members_do_not(case, moderator, member, rf):
    request = rf.get("/")
    request.user = moderator
    assert waiting_counter(request)["count"] == 1
    services.record_first_response(case=case, by=moderator)
    assert waiting_counter(request)["count"] == 0
    request.user = member
    assert waiting_counter(request) == {}
