"""Dashboard numbers on a small known dataset."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.recovery import selectors
from moderation.recovery.models import Case, FollowUp, RecoveryReply
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(team, category, member, moderator):
    """Four cases: answered after 30, 60 and 240 (late) minutes, and one late without an answer."""
    cases = [factories.make_thread(author=member, category=category, kind="problem").case for _ in range(4)]
    for case, minutes, breached, status in [
        (cases[0], 30, False, Case.Status.CLOSED),
        (cases[1], 60, False, Case.Status.RESOLVED),
        (cases[2], 240, True, Case.Status.IN_PROGRESS),
        (cases[3], None, True, Case.Status.NEW),
    ]:
        Case.objects.filter(pk=case.pk).update(
            first_response_minutes=minutes, first_response_at=timezone.now() if minutes else None,
            breached=breached, status=status)
    FollowUp.objects.create(case=cases[0], round=1, recipient=member, answered_at=timezone.now(), all_good=True)
    FollowUp.objects.create(case=cases[1], round=1, recipient=member, answered_at=timezone.now(), all_good=False)
    FollowUp.objects.create(case=cases[2], round=1, recipient=member)  # not answered: not counted
    for case, kind, value in [(cases[0], "voucher", "10.00"), (cases[1], "refund", "20.50"), (cases[2], "", None)]:
        answer = factories.make_answer(thread=case.thread, author=moderator)
        RecoveryReply.objects.create(case=case, answer=answer, author=moderator, responsibility="r", regret="r",
                                     repair="r", cause="r", prevention="r", gesture_kind=kind,
                                     gesture_value=Decimal(value) if value else None)
    accepted = factories.make_answer()
    from forum import services as forum_services

    forum_services.answer_accept(answer=accepted, by=accepted.thread.author)
    return cases


def _numbers():
    now = timezone.now()
    return selectors.dashboard(start=now - timezone.timedelta(days=1), end=now + timezone.timedelta(days=1))


def test_the_dashboard_numbers_on_a_known_dataset(dataset):
    data = _numbers()
    total = data["total"]
    assert total.cases == 4
    assert total.median_minutes == 60
    assert total.p90_minutes == 240
    assert total.breaches == 2
    assert total.within_target_share == 50  # 2 of the 4 settled cases were on time
    assert total.solved_rate == 50
    assert total.satisfaction == 50
    assert total.gestures == 2
    assert total.gesture_value == [("EUR", Decimal("30.50"))]
    assert data["verification_backlog"] == 1
    assert data["flag_backlog"] is None or data["flag_backlog"] == 0
    assert [stats.label for stats in data["categories"]] == ["Orders"]
    assert [(stats.label, stats.cases) for stats in data["teams"]] == [("Customer care", 4)]


def test_cases_outside_the_period_are_not_counted(dataset):
    later = timezone.now() + timezone.timedelta(days=10)
    data = selectors.dashboard(start=later, end=later + timezone.timedelta(days=1))
    assert data["total"].cases == 0
    assert data["total"].median_minutes is None


def test_the_dashboard_page_shows_the_numbers_and_svg_charts(dataset, client_for, moderator):
    response = client_for(moderator).get(reverse("recovery:dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<strong data-kpi="median">1 h 00 min</strong>' in content
    assert '<strong data-kpi="breaches">2</strong>' in content
    assert content.count('class="pygal-chart"') == 5  # three per category, two per week
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Median first response per category (minutes)" in content
    assert "Problems and missed targets per week" in content
    assert content.count("<details class=\"chart__data\">") == 5  # each chart's numbers as a table


def test_percentiles():
    assert selectors.median([]) is None
    assert selectors.median([1, 3]) == 2
    assert selectors.percentile(list(range(1, 11)), 0.9) == 9


def test_the_dashboard_counts_each_week_of_the_period(dataset):
    now = timezone.now()
    data = selectors.dashboard(start=now - timezone.timedelta(days=20), end=now + timezone.timedelta(days=1))
    weeks = data["weeks"]
    assert len(weeks) in (4, 5)  # every week the 21 days touch, empty ones included
    assert all(monday.weekday() == 0 for monday, _stats in weeks)
    assert [stats.cases for _monday, stats in weeks][-1] == 4  # the four cases fall in this week
    assert sum(stats.cases for _monday, stats in weeks) == data["total"].cases
    assert weeks[-1][1].breaches == 2 and weeks[-1][1].median_minutes == 60


def test_the_weekly_trend_is_a_chart_and_a_table_in_dutch(dataset, client_for, moderator):
    from django.utils.formats import date_format
    from django.utils.translation import override

    moderator.profile.language = "nl"
    moderator.profile.save(update_fields=["language"])
    client = client_for(moderator)
    client.cookies["django_language"] = "nl"
    content = client.get(reverse("recovery:dashboard"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    monday = selectors.week_of(timezone.now())
    with override("nl"):
        label = date_format(monday, "j M")
    assert 'lang="nl"' in content
    assert "Toon de cijfers" in content
    assert f'<th scope="row">{label}</th><td>4</td><td>2</td>' in content
