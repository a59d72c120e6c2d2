"""synchronize_counters rebuilds answers, kudos, me-too and thread counts exactly from the source rows."""

import pytest
from django.core.management import call_command

from forum import services
from forum.models import Answer, Category, Thread
from tests import factories

pytestmark = pytest.mark.django_db


def test_counters_are_rebuilt_exactly(thread, answer, member, other_member, third_member, moderator, category):
    hidden = factories.make_answer(thread=thread, author=third_member)
    services.post_set_moderation_state(post=hidden, by=moderator, hidden=True)
    services.kudo_give(user=member, post=answer)
    services.kudo_give(user=third_member, post=answer)
    services.kudo_give(user=other_member, post=thread)
    services.me_too_add(user=third_member, thread=thread)
    deleted = factories.make_thread(author=member, category=category, title="A thread that gets deleted")
    services.post_delete(post=deleted, by=member)
    empty = factories.make_category()

    Thread.objects.update(answer_count=99, kudos_count=99, me_too_count=99, view_count=7)
    Answer.objects.update(kudos_count=42)
    Category.objects.update(thread_count=13)
    call_command("synchronize_counters", verbosity=0)

    thread.refresh_from_db()
    answer.refresh_from_db()
    hidden.refresh_from_db()
    category.refresh_from_db()
    empty.refresh_from_db()
    assert (thread.answer_count, thread.kudos_count, thread.me_too_count) == (1, 1, 1)
    assert thread.view_count == 7  # views cannot be rebuilt: left alone
    assert answer.kudos_count == 2 and hidden.kudos_count == 0
    assert category.thread_count == 1 and empty.thread_count == 0
