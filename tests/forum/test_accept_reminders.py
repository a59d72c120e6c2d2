"""An asker whose question has answers but none accepted after N days gets exactly one reminder."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forum import services, tasks
from forum.models import Notification, Thread

pytestmark = pytest.mark.django_db


def age(thread, days):
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_an_answered_question_without_acceptance_gets_one_reminder(thread, answer, member, settings):
    age(thread, settings.FORUM["ACCEPT_REMINDER_DAYS"] + 1)
    call_command("send_accept_reminders")
    call_command("send_accept_reminders")
    tasks.send_accept_reminders.enqueue()
    reminders = Notification.objects.filter(verb="accept_reminder")
    assert reminders.count() == 1 and reminders.get().recipient == member


def test_no_reminder_too_early_without_answers_or_when_solved(thread, answer, member, other_member, category,
                                                              settings):
    from tests import factories

    days = settings.FORUM["ACCEPT_REMINDER_DAYS"]
    age(thread, days - 1)
    lonely = factories.make_thread(author=member, category=category, title="Nobody answered this one")
    age(lonely, days + 3)
    solved = factories.make_thread(author=member, category=category, title="This one got solved nicely")
    services.answer_accept(answer=factories.make_answer(thread=solved, author=other_member), by=member)
    age(solved, days + 3)
    call_command("send_accept_reminders")
    assert not Notification.objects.filter(verb="accept_reminder").exists()
