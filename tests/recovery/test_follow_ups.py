"""Closing the loop: “All good now?” some days after a case is resolved; yes closes, no reopens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from forum.models import Notification
from moderation.recovery import services
from moderation.recovery.models import Case, FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved_at():
    return timezone.now()


@pytest.fixture
def resolved_case(case, moderator, resolved_at):
    with time_machine.travel(resolved_at, tick=False):
        services.case_set_status(case=case, by=moderator, status=Case.Status.RESOLVED)
    case.refresh_from_db()
    return case


def _send_at(moment) -> int:
    """Send due follow-ups at a moment; emails go out on commit, so run those callbacks too."""
    with time_machine.travel(moment, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return services.send_follow_ups()


def test_no_follow_up_before_the_configured_days_have_passed(resolved_case, resolved_at):
    assert _send_at(resolved_at + timedelta(days=2, hours=23)) == 0
    assert FollowUp.objects.count() == 0


def test_the_follow_up_goes_out_after_three_days_with_a_notification_and_an_email(resolved_case, resolved_at,
                                                                                  member):
    mail.outbox.clear()
    assert _send_at(resolved_at + timedelta(days=3, minutes=1)) == 1
    follow_up = FollowUp.objects.get()
    assert follow_up.recipient == member
    notification = Notification.objects.get(recipient=member, verb="follow_up")
    assert notification.url.startswith("/follow-up/")
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert notification.url in mail.outbox[0].body


def test_the_delay_is_a_setting(resolved_case, resolved_at, settings):
    settings.RECOVERY_FOLLOW_UP_DAYS = 1
    assert _send_at(resolved_at + timedelta(days=1, minutes=1)) == 1


def test_sending_follow_ups_is_idempotent(resolved_case, resolved_at):
    later = resolved_at + timedelta(days=4)
    assert _send_at(later) == 1
    assert _send_at(later) == 0
    with time_machine.travel(later, tick=False):
        call_command("send_follow_ups", stdout=open("/dev/null", "w"))
    assert FollowUp.objects.count() == 1


def _path_from_email() -> str:
    return re.search(r"https?://[^/\s]+(/follow-up/\S+/)", mail.outbox[-1].body).group(1)


def test_yes_from_the_email_link_closes_the_case_without_signing_in(resolved_case, resolved_at, client):
    _send_at(resolved_at + timedelta(days=3, minutes=1))
    path = _path_from_email()
    page = client.get(path).content.decode()
    assert "Is everything all right now?" in page
    response = client.post(path, {"answer": "yes"}, follow=True)
    assert response.status_code == 200
    follow_up = FollowUp.objects.get()
    assert follow_up.all_good is True
    resolved_case.refresh_from_db()
    assert resolved_case.status == Case.Status.CLOSED
    assert "Glad to hear it" in response.content.decode()
    token = services.follow_up_token(follow_up)
    client.post(reverse("recovery:follow_up", args=[token]), {"comment": "Thanks, all fixed!"})
    follow_up.refresh_from_db()
    assert follow_up.comment == "Thanks, all fixed!"


def test_no_reopens_the_case_to_its_owner_and_tells_them(resolved_case, resolved_at, client, moderator):
    _send_at(resolved_at + timedelta(days=3, minutes=1))
    follow_up = FollowUp.objects.get()
    token = services.follow_up_token(follow_up)
    client.post(reverse("recovery:follow_up", args=[token]), {"answer": "no", "comment": "Still broken."})
    follow_up.refresh_from_db()
    assert (follow_up.all_good, follow_up.comment) == (False, "Still broken.")
    resolved_case.refresh_from_db()
    assert resolved_case.status == Case.Status.IN_PROGRESS
    assert resolved_case.owner == moderator
    assert Notification.objects.filter(recipient=moderator, verb="case_reopened").count() == 1


def test_a_follow_up_is_answered_once(resolved_case, resolved_at, client):
    _send_at(resolved_at + timedelta(days=3, minutes=1))
    token = services.follow_up_token(FollowUp.objects.get())
    client.post(reverse("recovery:follow_up", args=[token]), {"answer": "yes"})
    client.post(reverse("recovery:follow_up", args=[token]), {"answer": "no"})
    assert FollowUp.objects.get().all_good is True


def test_a_resolved_again_case_gets_a_new_follow_up(resolved_case, resolved_at, client, moderator):
    _send_at(resolved_at + timedelta(days=3, minutes=1))
    token = services.follow_up_token(FollowUp.objects.get())
    client.post(reverse("recovery:follow_up", args=[token]), {"answer": "no"})
    second = resolved_at + timedelta(days=5)
    with time_machine.travel(second, tick=False):
        services.case_set_status(case=Case.objects.get(), by=moderator, status=Case.Status.RESOLVED)
    assert _send_at(second + timedelta(days=3, minutes=1)) == 1
    assert FollowUp.objects.count() == 2


def test_opening_an_answer_link_records_nothing_until_the_customer_presses_the_button(resolved_case, resolved_at,
                                                                                     client):
    # A mail client's link scanner opens every link in the email: a GET must never answer for the customer.
    _send_at(resolved_at + timedelta(days=3, minutes=1))
    token = services.follow_up_token(FollowUp.objects.get())
    path = reverse("recovery:follow_up", args=[token])
    response = client.get(path + "?answer=no")
    assert response.status_code == 200
    assert FollowUp.objects.get().answered_at is None
    page = response.content.decode()
    assert 'name="answer" value="no" autofocus' in page  # the choice from the link is ready to press
    client.post(path, {"answer": "no"})
    assert FollowUp.objects.get().all_good is False


def test_a_forged_link_is_refused(client):
    response = client.get(reverse("recovery:follow_up", args=["not-a-real-token"]))
    assert response.status_code == 404
