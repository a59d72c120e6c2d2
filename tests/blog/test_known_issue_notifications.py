from blog import services
from blog.models import KnownIssueDispatch
from forum import services as forum_services
from forum.models import Notification
from tests import factories
from tests.blog.conftest import add_update


def _followed_thread(follower, category):
    thread = factories.make_thread(category=category)
    forum_services.follow(user=follower, thread=thread)
    return thread


def test_followers_of_linked_threads_hear_about_a_new_update_once(
        publish_known_issue, member, moderator, category, django_capture_on_commit_callbacks):
    thread = _followed_thread(member, category)
    known_issue = publish_known_issue(categories=[category], updates=["We are looking into it."])
    services.link_known_issue(known_issue=known_issue, thread=thread, by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        known_issue = add_update(known_issue, "We found the cause.", status="identified")
    notes = Notification.objects.filter(recipient=member, verb="known_issue_update")
    assert [n.text for n in notes] == ["Update on Lamps lose their connection: We found the cause."]
    assert notes[0].url == known_issue.url
    with django_capture_on_commit_callbacks(execute=True):
        known_issue.get_latest_revision().publish()  # republishing announces nothing new
    assert notes.count() == 1


def test_resolving_a_known_issue_tells_followers(publish_known_issue, member, moderator, category,
                                            django_capture_on_commit_callbacks):
    thread = _followed_thread(member, category)
    known_issue = publish_known_issue(categories=[category])
    services.link_known_issue(known_issue=known_issue, thread=thread, by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(known_issue, "A fix is live.", status="resolved")
    texts = list(Notification.objects.filter(recipient=member).values_list("text", flat=True))
    assert sorted(texts) == ["Resolved: Lamps lose their connection",
                             "Update on Lamps lose their connection: A fix is live."]


def test_a_follower_of_two_linked_threads_is_told_once(publish_known_issue, member, moderator, category,
                                                       django_capture_on_commit_callbacks):
    known_issue = publish_known_issue(categories=[category])
    for _ in range(2):
        services.link_known_issue(known_issue=known_issue, thread=_followed_thread(member, category), by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(known_issue, "Still on it.")
    assert Notification.objects.filter(recipient=member).count() == 1


def test_running_the_task_twice_notifies_once(publish_known_issue, member, moderator, category):
    thread = _followed_thread(member, category)
    known_issue = publish_known_issue(categories=[category])
    services.link_known_issue(known_issue=known_issue, thread=thread, by=moderator)
    known_issue = add_update(known_issue, "Update one.")  # claimed at publish; the task did not run (no commit)
    assert services.notify_known_issue_followers(known_issue.pk) == 2  # the member and the thread's author
    assert services.notify_known_issue_followers(known_issue.pk) == 0
    assert Notification.objects.filter(recipient=member).count() == 1
    assert KnownIssueDispatch.objects.filter(known_issue=known_issue, sent_at__isnull=False).count() == 1


def test_what_was_published_before_a_thread_was_linked_is_not_sent_later(
        publish_known_issue, member, moderator, category, django_capture_on_commit_callbacks):
    known_issue = publish_known_issue(categories=[category], updates=["Old news."])
    services.link_known_issue(known_issue=known_issue, thread=_followed_thread(member, category), by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(known_issue, "New news.")
    assert list(Notification.objects.filter(recipient=member).values_list("text", flat=True)) == [
        "Update on Lamps lose their connection: New news."]


def test_members_who_follow_nothing_linked_hear_nothing(publish_known_issue, member, other_member, moderator, category,
                                                        django_capture_on_commit_callbacks):
    _followed_thread(other_member, category)  # followed, but not linked
    known_issue = publish_known_issue(categories=[category])
    services.link_known_issue(known_issue=known_issue, thread=_followed_thread(member, category), by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(known_issue, "Update.")
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_a_resolved_known_issue_cannot_take_new_links(publish_known_issue, moderator, category):
    import pytest
    from django.core.exceptions import ValidationError

    known_issue = publish_known_issue(categories=[category], status="resolved")
    with pytest.raises(ValidationError) as error:
        services.link_known_issue(known_issue=known_issue, thread=factories.make_thread(category=category), by=moderator)
    assert error.value.messages == [str(services.KNOWN_ISSUE_RESOLVED)]
