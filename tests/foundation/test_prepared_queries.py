"""config/web/prepared.py: a query compiled once gives the rows the queryset gives, for any values."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.web import prepared
from forum.models import Kudo
from forum.services import kudo_give
from tests import factories

pytestmark = pytest.mark.django_db


def _kudos(user_id: int, thread_id: int):
    return Kudo.objects.filter(user_id=user_id, answer__thread_id=thread_id).values_list("answer_id", flat=False)


def test_a_prepared_query_gives_the_querysets_rows_for_every_value(member, other_member, category):
    threads = [factories.make_thread(author=member, category=category) for _ in range(2)]
    answers = [factories.make_answer(thread=t, author=member) for t in threads for _ in range(2)]
    kudo_give(user=other_member, post=answers[0])
    kudo_give(user=other_member, post=answers[3])
    for user in (member, other_member):
        for thread in threads:
            expected = sorted(_kudos(user.pk, thread.pk))
            assert sorted(prepared.values("test:kudos", _kudos, user.pk, thread.pk)) == expected
    assert prepared.values("test:kudos", _kudos, other_member.pk, threads[1].pk) == [(answers[3].pk,)]


def test_a_prepared_query_is_one_query_and_compiles_once(member, category, monkeypatch):
    thread = factories.make_thread(author=member, category=category)
    built = []

    def build(user_id, thread_id):
        built.append((user_id, thread_id))
        return _kudos(user_id, thread_id)

    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            prepared.values("test:kudos-once", build, member.pk, thread.pk)
        assert len(queries) == 1
    assert len(built) == 1, "built and compiled once; then only run"


def test_an_argument_that_does_not_reach_the_sql_is_refused():
    with pytest.raises(ValueError, match="not parameters"):
        prepared.values("test:ignored", lambda user_id: Kudo.objects.values_list("pk"), 5)


def _members_with_threads(user_id: int):
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Max

    return (get_user_model().objects.select_related("profile").filter(pk=user_id)
            .annotate(threads=Count("thread"), last_thread_at=Max("thread__created_at")))


def test_prepared_instances_are_the_querysets_instances_with_relations_and_annotations(member, other_member, category):
    first = factories.make_thread(author=member, category=category)
    factories.make_thread(author=member, category=category)
    for user in (member, other_member, member):
        expected = _members_with_threads(user.pk).get()
        with CaptureQueriesContext(connection) as queries:
            [got] = prepared.instances("test:member", _members_with_threads, user.pk)
            # the profile came with it and the datetime through its converter (text on SQLite)
            assert got.profile.display_name == expected.profile.display_name
        assert len(queries) == 1
        assert (got.pk, got.username, got.threads, got.last_thread_at) == (
            expected.pk, expected.username, expected.threads, expected.last_thread_at)
        assert got._state.adding is False and got._state.db == "default"
    assert prepared.instances("test:member", _members_with_threads, member.pk)[0].last_thread_at >= first.created_at
    assert prepared.instances("test:member", _members_with_threads, 987654) == []
