"""Notifications: who hears about what (never the actor), emails per event or digest, unsubscribe."""

import pytest
from django.core import mail
from django.urls import reverse

from forum import notifications, services
from forum.models import Notification, Profile
from tests import factories
from tests.forum.conftest import page_text

pytestmark = pytest.mark.django_db


# Other apps (badges) tell members things too; these tests are about the forum's own events.
FORUM_VERBS = {"answer_posted", "thread_created", "answer_accepted", "kudo_given", "accept_reminder", "test"}


def verbs_for(user):
    return sorted(Notification.objects.filter(recipient=user, verb__in=FORUM_VERBS).values_list("verb", flat=True))


def forum_mail():
    return [m for m in mail.outbox if m.extra_headers.get("X-Flawsome-Event", "digest") in FORUM_VERBS | {"digest"}]


def test_the_asker_and_thread_followers_hear_of_a_new_answer(on_commit, thread, member, other_member, third_member):
    services.follow(user=third_member, thread=thread)
    with on_commit():
        answer = factories.make_answer(thread=thread, author=other_member)
    assert verbs_for(member) == ["answer_posted"]
    assert verbs_for(third_member) == ["answer_posted"]
    assert verbs_for(other_member) == []  # never the actor
    assert Notification.objects.get(recipient=member).url == answer.get_absolute_url()


def test_category_and_tag_followers_hear_of_new_threads(on_commit, member, other_member, third_member, category):
    services.follow(user=other_member, category=category)
    tag_owner = factories.make_thread(author=member, category=factories.make_category(), tags=["wifi"])
    services.follow(user=third_member, tag=tag_owner.tags.get())
    services.follow(user=member, category=category)
    with on_commit():
        factories.make_thread(author=member, category=category, tags=["wifi"], title="New wifi question here")
    assert verbs_for(other_member) == ["thread_created"]
    assert verbs_for(third_member) == ["thread_created"]
    assert verbs_for(member) == []


def test_acceptance_and_kudos_reach_the_answer_author(on_commit, thread, answer, member, other_member):
    with on_commit():
        services.answer_accept(answer=answer, by=member)
        services.kudo_give(user=member, post=answer)
    assert verbs_for(other_member) == ["answer_accepted", "kudo_given"]


def test_dispatch_is_idempotent(thread, answer):
    notifications.dispatch("answer_posted", answer_id=answer.pk)
    notifications.dispatch("answer_posted", answer_id=answer.pk)
    assert Notification.objects.filter(verb="answer_posted").count() == 1


def test_each_event_is_emailed_with_a_one_click_unsubscribe_link(on_commit, thread, member, other_member):
    with on_commit():
        factories.make_answer(thread=thread, author=other_member)
    assert len(forum_mail()) == 1
    message = forum_mail()[0]
    assert message.to == [member.email] and "answered your question" in message.subject
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(verb__in=FORUM_VERBS).emailed_at is not None


def test_emails_are_in_the_members_language(on_commit, category, other_member):
    dutch = factories.make_member(username="daan", language="nl")
    thread = factories.make_thread(author=dutch, category=category)
    with on_commit():
        factories.make_answer(thread=thread, author=other_member)
    assert "heeft je vraag" in forum_mail()[0].subject


def test_members_who_chose_the_digest_or_no_email_get_no_email_per_event(on_commit, thread, member, other_member):
    Profile.objects.filter(user=member).update(email_mode=Profile.EmailMode.DIGEST)
    with on_commit():
        factories.make_answer(thread=thread, author=other_member)
    assert forum_mail() == [] and Notification.objects.filter(verb__in=FORUM_VERBS).count() == 1


def test_the_daily_digest_collects_unread_notifications_once(on_commit, thread, member, other_member, third_member):
    Profile.objects.filter(user=member).update(email_mode=Profile.EmailMode.DIGEST)
    with on_commit():
        factories.make_answer(thread=thread, author=other_member)
        factories.make_answer(thread=thread, author=third_member)
    from django.core.management import call_command

    def digests():
        return [m for m in mail.outbox if m.to == [member.email]]

    assert digests() == []
    call_command("send_digests", verbosity=0)
    assert len(digests()) == 1 and "2 new notifications" in digests()[0].subject
    assert "unsubscribe" in digests()[0].body.lower()
    call_command("send_digests", verbosity=0)
    assert len(digests()) == 1


def test_the_unsubscribe_link_works_without_signing_in(client_for, member):
    token = notifications.unsubscribe_token(member)
    url = reverse("forum:unsubscribe", args=[token])
    assert "Unsubscribe" in page_text(client_for().get(url))
    response = client_for().post(url)
    assert response.status_code == 200
    assert Profile.objects.get(user=member).email_mode == Profile.EmailMode.OFF


def test_a_forged_unsubscribe_link_is_refused(client_for, member):
    token = notifications.unsubscribe_token(member)[:-2] + "xx"
    response = client_for().post(reverse("forum:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert Profile.objects.get(user=member).email_mode == Profile.EmailMode.EACH


def test_the_header_shows_the_unread_count_and_the_page_marks_read(client_for, member, other_member):
    for n in range(3):
        services.notify_member(recipient=member, verb="test", text=f"Note {n}", actor=other_member, url="/")
    client = client_for(member)
    assert 'data-counter="notifications">3<' in page_text(client.get(reverse("forum:home")))
    first = Notification.objects.filter(recipient=member).first()
    client.get(reverse("forum:notification_open", args=[first.pk]))
    assert 'data-counter="notifications">2<' in page_text(client.get(reverse("forum:home")))
    client.post(reverse("forum:notifications"))
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0


def test_members_see_only_their_own_notifications(client_for, member, other_member):
    note = services.notify_member(recipient=member, verb="test", text="Private", url="/")
    assert client_for(other_member).get(reverse("forum:notification_open", args=[note.pk])).status_code == 404
    assert client_for().get(reverse("forum:notifications")).status_code == 302


def test_notifications_and_email_wait_for_the_commit(django_capture_on_commit_callbacks, thread, member,
                                                     other_member):
    with django_capture_on_commit_callbacks() as callbacks:
        factories.make_answer(thread=thread, author=other_member)
        assert Notification.objects.count() == 0 and mail.outbox == []
    assert callbacks  # the page answered before any of this ran
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(recipient=member).count() == 1
