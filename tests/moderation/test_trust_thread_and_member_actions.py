from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum import permissions as forum_permissions
from forum import roles
from forum import services as forum
from forum.models import Follow, Notification, Thread
from moderation import hooks, services
from moderation.models import AuditEntry, Suspension
from tests import factories


def _post(client, thread, action, data=None):
    return client.post(reverse("moderation:thread_action", args=[thread.pk, action]), data or {})


def test_lock_and_unlock_are_audited_with_before_and_after(client_for, moderator, thread):
    client = client_for(moderator)
    assert _post(client, thread, "lock").status_code == 302
    thread.refresh_from_db()
    assert thread.is_locked
    _post(client, thread, "unlock")
    thread.refresh_from_db()
    assert thread.status == Thread.Status.OPEN
    lock, unlock = AuditEntry.objects.order_by("pk")
    assert (lock.action, lock.before["status"], lock.after["status"]) == ("thread.lock", "open", "locked")
    assert (unlock.action, unlock.before["status"], unlock.after["status"]) == ("thread.unlock", "locked", "open")


def test_closing_as_duplicate_links_the_original_and_points_followers_there(client_for, moderator, thread,
                                                                            other_member, category):
    original = factories.make_thread(category=category, title="Wifi drops every hour on the router")
    forum.follow(user=other_member, thread=thread)
    response = _post(client_for(moderator), thread, "close",
                     {"close-reason": "duplicate", "close-duplicate_of": original.get_absolute_url()})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_closed and thread.duplicate_of == original and thread.close_reason == "duplicate"
    note = Notification.objects.get(recipient=other_member, verb="thread_duplicate")
    assert note.url == original.get_absolute_url()
    assert AuditEntry.objects.get(action="thread.close").after["duplicate_of"] == original.pk


def test_closing_as_duplicate_without_an_original_keeps_the_form(client_for, moderator, thread):
    response = _post(client_for(moderator), thread, "close", {"close-reason": "duplicate", "close-note": "Same"})
    assert response.status_code == 400
    assert "Choose the original thread this one duplicates." in response.content.decode()
    assert 'value="Same"' in response.content.decode()


def test_the_closed_panel_shows_the_original_to_everyone(rf, moderator, member, thread, category):
    original = factories.make_thread(category=category)
    services.thread_close(thread=thread, by=moderator, reason="duplicate", duplicate_of=original)
    request = rf.get("/")
    request.user = member
    panels = hooks.thread_panels(request, thread)
    assert panels[0]["template"] == "moderation/panels/closed.html"
    assert panels[0]["context"]["original"] == original


def test_close_off_topic_then_reopen(moderator, thread):
    services.thread_close(thread=thread, by=moderator, reason="off_topic", note="Not about our products")
    with pytest.raises(ValidationError):
        services.thread_close(thread=thread, by=moderator, reason="resolved")
    services.thread_reopen(thread=thread, by=moderator)
    thread.refresh_from_db()
    assert thread.status == Thread.Status.OPEN and thread.close_reason == ""
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == ["thread.close", "thread.reopen"]


def test_moving_a_thread(client_for, moderator, thread):
    target = factories.make_category(name="Wifi")
    _post(client_for(moderator), thread, "move", {"move-category": target.pk})
    thread.refresh_from_db()
    assert thread.category == target
    entry = AuditEntry.objects.get(action="thread.move")
    assert entry.after["category"] == target.pk and entry.before["category"] != target.pk


def test_merging_keeps_answers_and_their_authors(client_for, moderator, thread, answer, other_member, category):
    target = factories.make_thread(category=category)
    forum.follow(user=factories.make_member(), thread=thread)
    response = _post(client_for(moderator), thread, "merge", {"merge-target": str(target.pk)})
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    answer.refresh_from_db()
    assert answer.thread == target and answer.author == other_member
    thread.refresh_from_db()
    assert thread.duplicate_of == target
    assert AuditEntry.objects.get(action="thread.merge").after["merged_into"] == target.pk
    assert Notification.objects.filter(verb="thread_duplicate", thread=target).exists()
    assert Follow.objects.filter(thread=target, user=other_member).exists()


def test_pin_and_unpin(client_for, moderator, thread):
    client = client_for(moderator)
    _post(client, thread, "pin")
    thread.refresh_from_db()
    assert thread.is_pinned
    _post(client, thread, "unpin")
    thread.refresh_from_db()
    assert not thread.is_pinned
    assert AuditEntry.objects.filter(action__in=["thread.pin", "thread.unpin"]).count() == 2


def test_a_warning_is_a_private_message(client_for, moderator, member):
    response = client_for(moderator).post(reverse("moderation:member_action", args=[member.username, "warn"]),
                                          {"warn-reason": "Please stay on topic."})
    assert response.status_code == 302
    note = Notification.objects.get(recipient=member, verb="warning")
    assert "Please stay on topic." in note.text
    assert AuditEntry.objects.get(action="member.warn").member == member


def test_a_suspended_member_cannot_post_and_sees_why_and_until_when(client_for, moderator, member, category):
    until = timezone.now() + timedelta(days=3)
    services.member_suspend(member=member, by=moderator, reason="Spamming links", until=until)
    with pytest.raises(PermissionDenied) as error:
        forum_permissions.check_may_post(member)
    assert "Spamming links" in str(error.value)
    response = client_for(member).get(reverse("moderation:my_standing"))
    assert "Spamming links" in response.content.decode()
    assert "You cannot post until" in response.content.decode()
    entry = AuditEntry.objects.get(action="member.suspend")
    assert entry.before == {"suspended_until": None}
    assert Notification.objects.filter(recipient=member, verb="suspended").exists()


def test_lifting_a_suspension_lets_the_member_post_again(moderator, member):
    services.member_suspend(member=member, by=moderator, reason="Rude", until=timezone.now() + timedelta(days=1))
    services.member_lift_suspension(member=member, by=moderator, reason="Apologised")
    forum_permissions.check_may_post(member)
    assert Suspension.objects.get().lifted_by == moderator
    assert AuditEntry.objects.get(action="member.lift_suspension").reason == "Apologised"
    with pytest.raises(ValidationError) as error:
        services.member_lift_suspension(member=member, by=moderator)
    assert error.value.messages == [str(services.NOT_SUSPENDED)]


def test_a_suspension_must_end_in_the_future(client_for, moderator, member):
    response = client_for(moderator).post(reverse("moderation:member_action", args=[member.username, "suspend"]),
                                          {"suspend-until": "2001-01-01", "suspend-reason": "Rude"})
    assert response.status_code == 400
    assert "Choose a date after today." in response.content.decode()
    assert "Rude" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 15])
def test_the_member_page_and_audit_log_cost_fixed_queries(client_for, moderator, member, flagger, category, rows,
                                                          django_assert_max_num_queries):
    for _ in range(rows):
        thread = factories.make_thread(author=member, category=category)
        services.flag_create(flagger=flagger, post=thread, reason="spam")
        services.member_warn(member=member, by=moderator, reason="Mind the tone")
        services.thread_lock(thread=thread, by=moderator)
    client = client_for(moderator)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("moderation:member", args=[member.username])).status_code == 200
    # +1 over the page itself: service recovery's staff counter in the header.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("moderation:audit_log"))
    assert response.status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(reverse("moderation:home")).status_code == 200


def test_the_audit_log_filters_by_moderator_member_thread_and_action(client_for, moderator, member, thread, category):
    other_mod = factories.make_member(groups=(roles.MODERATORS,))
    other_thread = factories.make_thread(category=category)
    services.thread_lock(thread=thread, by=moderator)
    services.thread_pin(thread=other_thread, by=other_mod, pinned=True)
    services.member_warn(member=member, by=other_mod, reason="Tone")
    client = client_for(moderator)

    def actions(query):
        response = client.get(reverse("moderation:audit_log") + query)
        return sorted(e.action for e in response.context["page"].object_list)

    assert actions(f"?actor={other_mod.username}") == ["member.warn", "thread.pin"]
    assert actions(f"?member={member.username}") == ["member.warn", "thread.lock"]
    assert actions(f"?thread={thread.pk}") == ["thread.lock"]
    assert actions("?action=thread.pin") == ["thread.pin"]


def test_moderators_see_a_moderation_panel_on_member_profiles(client_for, moderator, member, other_member):
    url = reverse("forum:profile", args=[member.username])
    assert "Warn, suspend, history" in client_for(moderator).get(url).content.decode()
    assert "Warn, suspend, history" not in client_for(other_member).get(url).content.decode()
