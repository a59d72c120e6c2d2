"""One definition per counter, used after each event and, batched, by synchronize_counters
(issue #12, item 6): a counter that drifted is exact again after the next event."""

from django.core.management import call_command

from forum import counters
from forum import services as forum
from forum.models import Answer, Category, Thread
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


def test_the_rebuild_and_the_events_give_the_same_numbers(member, other_member, category):
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
