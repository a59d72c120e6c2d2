"""One definition per counter, used after each event and, batched, by synchronize_counters
(issue #12, item 6): a counter that drifted is exact again after the next event."""

from django.core.management import call_command

from forum import counters
from forum import services as forum
from forum.models import Answer, Category, TagUsage, Thread
from tests import factories


def test_a_kudo_sets_the_count_from_the_kudo_rows_not_by_adding_one(member, other_member, category):
    thread = factories.make_thread(author=member, category=category)
    Thread.objects.filter(pk=thread.pk).update(kudos_count=7)  # drifted, e.g. by a hand edit
    forum.kudo_give(user=other_member, post=thread)
    thread.refresh_from_db()
    assert thread.kudos_count == 1
    forum.kudo_withdraw(user=other_member, post=thread)
    thread.refresh_from_db()
    assert thread.kudos_count == 0


def test_me_too_and_answer_kudos_are_exact_after_each_event(member, other_member, category):
    thread = factories.make_thread(author=member, category=category)
    answer = factories.make_answer(thread=thread, author=member)
    Thread.objects.filter(pk=thread.pk).update(me_too_count=5)
    Answer.objects.filter(pk=answer.pk).update(kudos_count=9)
    forum.me_too_add(user=other_member, thread=thread)
    forum.kudo_give(user=other_member, post=answer)
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert (thread.me_too_count, answer.kudos_count) == (1, 1)


def test_the_rebuild_and_the_events_give_the_same_numbers(member, other_member, category,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the category is recounted after commit
        thread = factories.make_thread(author=member, category=category)
    answer = factories.make_answer(thread=thread, author=member)
    factories.make_answer(thread=thread, author=other_member)
    forum.kudo_give(user=other_member, post=answer)
    forum.me_too_add(user=other_member, thread=thread)

    def snapshot():
        t = Thread.objects.get(pk=thread.pk)
        return (t.answer_count, t.kudos_count, t.me_too_count, Answer.objects.get(pk=answer.pk).kudos_count,
                Category.objects.get(pk=category.pk).thread_count)

    after_events = snapshot()
    call_command("synchronize_counters", verbosity=0)
    assert snapshot() == after_events == (2, 0, 1, 1, 1)


def test_every_stored_counter_has_one_definition():
    assert set(counters.COUNTERS[Thread]) == {"answer_count", "kudos_count", "me_too_count"}
    assert set(counters.COUNTERS[Answer]) == {"kudos_count"}
    assert set(counters.COUNTERS[Category]) == {"thread_count"}
    assert set(counters.COUNTERS[TagUsage]) == {"thread_count", "last_activity_at"}


def test_tag_usage_after_the_events_is_what_the_rebuild_computes(member, moderator, category,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # tags are recounted by a task after commit
        kept = factories.make_thread(author=member, category=category, tags=["lamp", "wifi"])
        hidden = factories.make_thread(author=member, category=category, tags=["lamp"])
        factories.make_answer(thread=kept, author=member)
        forum.post_set_moderation_state(post=hidden, by=moderator, hidden=True)
        forum.post_edit(post=kept, by=member, body=kept.body, tags=["lamp", "bulb"])

    def snapshot():
        return {row.tag.slug: (row.thread_count, row.last_activity_at)
                for row in TagUsage.objects.select_related("tag").order_by("tag__slug")}

    after_events = snapshot()
    TagUsage.objects.update(thread_count=99, last_activity_at=None)  # drifted
    call_command("synchronize_counters", verbosity=0)
    assert snapshot() == after_events
    kept.refresh_from_db()
    assert after_events == {"bulb": (1, kept.last_activity_at), "lamp": (1, kept.last_activity_at),
                            "wifi": (0, None)}
