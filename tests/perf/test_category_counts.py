"""Threads per category: a stored counter the lists' sidebar reads, recounted after commit by a task
(forum/counters.py, one definition), never counted in the request that changed a thread: counting a
big category's public threads took 0.3 s at a million threads (issue #13)."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import Category
from tests import factories

pytestmark = pytest.mark.django_db


def shown_count(client, category) -> int:
    """The number the home page's sidebar shows beside the category."""
    html = client.get(reverse("forum:home")).content.decode()
    found = re.search(rf'href="{re.escape(category.get_absolute_url())}"[^>]*>(?:(?!</a>).)*?'
                      r'<span class="count">(\d+)</span>', html, re.S)
    assert found, "the category is not in the sidebar"
    return int(found.group(1))


def stored(*categories) -> tuple:
    return tuple(Category.objects.get(pk=c.pk).thread_count for c in categories)


def test_the_counts_stay_right_through_create_hide_delete_and_move(client, member, moderator, category,
                                                                   django_capture_on_commit_callbacks):
    other = factories.make_category(name="Payments")

    def step(change, expected: tuple) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert stored(category, other) == expected
        # The page shows it at once, though the pieces are cached per content version.
        assert (shown_count(client, category), shown_count(client, other)) == expected

    assert (shown_count(client, category), shown_count(client, other)) == (0, 0)  # warm the cache
    made = []
    step(lambda: made.append(factories.make_thread(author=member, category=category)), (1, 0))
    step(lambda: made.append(factories.make_thread(author=member, category=category, title="Second one")), (2, 0))
    first, second = made
    step(lambda: services.post_set_moderation_state(post=first, by=moderator, hidden=True), (1, 0))
    step(lambda: services.post_set_moderation_state(post=first, by=moderator, hidden=False), (2, 0))
    step(lambda: services.post_set_moderation_state(post=second, by=None, pending_review=True), (1, 0))
    step(lambda: services.post_set_moderation_state(post=second, by=moderator, pending_review=False), (2, 0))
    step(lambda: services.post_delete(post=first, by=member), (1, 0))
    step(lambda: services.post_restore(post=first, by=moderator), (2, 0))
    step(lambda: services.thread_move(thread=second, by=moderator, category=other), (1, 1))
    step(lambda: services.post_delete(post=second, by=member), (1, 0))

    Category.objects.update(thread_count=40)  # drifted: the rebuild gives what the events gave
    call_command("synchronize_counters", verbosity=0)
    assert stored(category, other) == (1, 0)


def test_asking_does_not_count_the_category_in_the_request(member, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with CaptureQueriesContext(connection) as request:
            factories.make_thread(author=member, category=category)
    assert not [q["sql"] for q in request.captured_queries if 'UPDATE "forum_category"' in q["sql"]]
    assert stored(category) == (0,)
    with CaptureQueriesContext(connection) as after_commit:
        for callback in callbacks:
            callback()
    recounts = [q["sql"] for q in after_commit.captured_queries if 'UPDATE "forum_category"' in q["sql"]]
    assert len(recounts) == 1 and stored(category) == (1,)


def test_a_move_recounts_both_categories_in_one_statement(member, moderator, category,
                                                          django_capture_on_commit_callbacks):
    other = factories.make_category(name="Payments")
    with django_capture_on_commit_callbacks(execute=True):
        thread = factories.make_thread(author=member, category=category)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        services.thread_move(thread=thread, by=moderator, category=other)
    assert len([q for q in queries.captured_queries if 'UPDATE "forum_category"' in q["sql"]]) == 1
    assert stored(category, other) == (0, 1)
