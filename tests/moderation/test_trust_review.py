import pytest
from django.urls import reverse

from forum.models import Answer, Notification, Thread
from moderation import selectors, services
from moderation.models import AuditEntry, Flag, Suspension
from tests import factories
from tests.moderation.conftest import grant


def test_the_review_queue_groups_reports_by_post(client_for, moderator, flagger, trusted_flagger, thread, answer):
    services.flag_create(flagger=flagger, post=answer, reason="rude")
    services.flag_create(flagger=trusted_flagger, post=answer, reason="spam", )
    services.flag_create(flagger=flagger, post=thread, reason="off_topic")
    response = client_for(moderator).get(reverse("moderation:review"))
    items = response.context["page"].items
    assert [(i.kind, i.post.pk, len(i.flags)) for i in items] == [("answer", answer.pk, 2), ("thread", thread.pk, 1)]
    assert items[0].weight == 3


def test_dismissing_reports_shows_an_auto_hidden_post_again(moderator, flagger, answer, settings):
    settings.MODERATION = {"AUTO_HIDE_WEIGHT": 1}
    services.flag_create(flagger=flagger, post=answer, reason="spam")
    answer.refresh_from_db()
    assert answer.is_hidden
    services.review_dismiss(post=answer, by=moderator, reason="Not spam: a real tip.")
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert Flag.objects.get().status == Flag.Status.DISMISSED
    entry = AuditEntry.objects.get(action=services.Action.DISMISS)
    assert entry.before["hidden"] is True and entry.after["hidden"] is False and entry.before["open_reports"] == 1


def test_deleting_a_reported_post_is_soft_and_audited(moderator, flagger, answer):
    services.flag_create(flagger=flagger, post=answer, reason="spam")
    services.review_delete(post=answer, by=moderator, reason="Spam")
    answer.refresh_from_db()
    assert answer.is_deleted and Answer.objects.filter(pk=answer.pk).exists()
    assert AuditEntry.objects.get(action=services.Action.DELETE).after["deleted"] is True
    assert selectors.review_queue_size() == 0


def test_warning_the_author_from_the_queue_resolves_the_reports(client_for, moderator, flagger, answer):
    services.flag_create(flagger=flagger, post=answer, reason="rude")
    response = client_for(moderator).post(
        reverse("moderation:review_member_action", args=["answer", answer.pk, "warn"]), {"reason": "Be kind."})
    assert response.status_code == 302
    assert Flag.objects.get().status == Flag.Status.HELPFUL
    warning = Notification.objects.get(recipient=answer.author, verb="warning")
    assert "Be kind." in warning.text
    assert AuditEntry.objects.get(action=services.Action.WARN).answer == answer


def test_suspending_the_author_from_the_queue(client_for, moderator, flagger, answer):
    services.flag_create(flagger=flagger, post=answer, reason="rude")
    response = client_for(moderator).post(
        reverse("moderation:review_member_action", args=["answer", answer.pk, "suspend"]),
        {"reason": "Repeated insults.", "until": "2099-01-01"})
    assert response.status_code == 302
    assert Suspension.objects.get().member == answer.author
    assert Flag.objects.get().outcome == "suspended"


def test_a_link_from_a_new_member_is_held_for_review(member, category):
    thread = factories.make_thread(author=member, category=category, body="See https://example.com/cheap")
    assert thread.is_pending_review
    thread.refresh_from_db()
    assert thread.is_pending_review
    assert not Thread.objects.public().filter(pk=thread.pk).exists()
    assert AuditEntry.objects.get(action=services.Action.HOLD).actor is None
    assert selectors.review_queue_size() == 1


def test_members_who_may_post_links_are_not_held(member, category):
    grant(member, "post_links")
    thread = factories.make_thread(author=member, category=category, body="See https://example.com/manual")
    assert not thread.is_pending_review


def test_an_answer_with_links_is_held_and_approved(client_for, moderator, thread, other_member):
    answer = factories.make_answer(thread=thread, author=other_member, body="Try https://example.com/fix")
    answer.refresh_from_db()
    assert answer.is_pending_review
    response = client_for(moderator).get(reverse("moderation:review"))
    assert [item.post for item in response.context["pending"]] == [answer]
    client_for(moderator).post(reverse("moderation:review_action", args=["answer", answer.pk, "approve"]))
    answer.refresh_from_db()
    assert not answer.is_pending_review
    assert Notification.objects.filter(recipient=other_member, verb="post_approved").exists()
    assert AuditEntry.objects.filter(action=services.Action.APPROVE, answer=answer).exists()


def test_rejecting_a_held_post_needs_a_reason_and_deletes_it_softly(client_for, moderator, member, category):
    thread = factories.make_thread(author=member, category=category, body="Buy at https://spam.example")
    client = client_for(moderator)
    response = client.post(reverse("moderation:review_action", args=["thread", thread.pk, "reject"]),
                           {"reason": ""}, follow=True)
    assert "Please give a reason." in response.content.decode()
    client.post(reverse("moderation:review_action", args=["thread", thread.pk, "reject"]), {"reason": "Advertising"})
    thread.refresh_from_db()
    assert thread.is_deleted and not thread.is_pending_review
    assert "Advertising" in Notification.objects.get(recipient=member, verb="post_rejected").text


def test_the_author_sees_the_waiting_for_review_panel(rf, member, moderator, other_member, category):
    from moderation import hooks

    thread = factories.make_thread(author=member, category=category, body="Link: https://example.com")
    for user, expected in ((member, True), (moderator, True), (other_member, False)):
        request = rf.get("/")
        request.user = user
        templates = [p["template"] for p in hooks.thread_panels(request, thread)]
        assert ("moderation/panels/pending.html" in templates) is expected


def test_the_header_counter_shows_moderators_the_queue_size_in_one_query(rf, moderator, member, flagger, thread,
                                                                         django_assert_num_queries):
    from moderation import hooks

    services.flag_create(flagger=flagger, post=thread, reason="spam")
    request = rf.get("/")
    request.user = moderator
    moderator.has_perm("forum.moderate")
    with django_assert_num_queries(1):
        counter = hooks.review_counter(request)
    assert counter["count"] == 1 and counter["url"] == reverse("moderation:review")
    request.user = member
    assert hooks.review_counter(request) == {}


@pytest.mark.parametrize("posts", [1, 20])
def test_the_review_queue_costs_the_same_queries_for_1_and_20_posts(client_for, moderator, flagger, category, posts,
                                                                    django_assert_max_num_queries):
    for _ in range(posts):
        thread = factories.make_thread(category=category)
        services.flag_create(flagger=flagger, post=thread, reason="spam")
        answer = factories.make_answer(thread=thread)
        services.flag_create(flagger=flagger, post=answer, reason="rude")
        factories.make_answer(thread=thread, body="Held: https://example.com")
    client = client_for(moderator)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("moderation:review"))
    assert response.status_code == 200
    assert len(response.context["page"].items) == min(2 * posts, 25)
