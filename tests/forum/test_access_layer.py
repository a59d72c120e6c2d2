"""One visibility rule for threads and answers, used by every app's pages (issue #12, item 1)."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forum import selectors, visibility
from forum import services as forum
from forum.models import Answer, Thread
from tests import factories


@pytest.fixture
def reporter(db):
    return factories.grant(factories.make_member(username="rita", display_name="Rita Reporter"), "flag_posts")


@pytest.fixture
def thread(member, category):
    return factories.make_thread(author=member, category=category, title="Router drops the wifi every hour")


@pytest.fixture
def hidden_answer(thread, other_member, moderator):
    answer = factories.make_answer(thread=thread, author=other_member, body="SECRET-BODY call this number")
    forum.post_set_moderation_state(post=answer, by=moderator, hidden=True)
    return answer


def test_a_member_allowed_to_report_cannot_read_a_hidden_answer_on_the_report_page(client_for, reporter,
                                                                                   hidden_answer):
    response = client_for(reporter).get(reverse("moderation:report", args=["answer", hidden_answer.pk]))
    assert response.status_code == 404
    assert "SECRET-BODY" not in response.content.decode()


def test_the_thread_page_and_the_report_page_agree_on_a_hidden_answer(client_for, reporter, hidden_answer):
    client = client_for(reporter)
    assert "SECRET-BODY" not in client.get(hidden_answer.thread.get_absolute_url()).content.decode()
    assert client.post(reverse("moderation:report", args=["answer", hidden_answer.pk]),
                       {"reason": "spam"}).status_code == 404


def test_an_answer_in_a_hidden_thread_cannot_be_reported_or_read(client_for, reporter, thread, other_member,
                                                                 moderator):
    answer = factories.make_answer(thread=thread, author=other_member, body="SECRET-BODY in a hidden thread")
    forum.post_set_moderation_state(post=thread, by=moderator, hidden=True)
    response = client_for(reporter).get(reverse("moderation:report", args=["answer", answer.pk]))
    assert response.status_code == 404
    assert "SECRET-BODY" not in response.content.decode()


def test_a_moderator_still_opens_the_report_page_of_a_hidden_answer(client_for, moderator, hidden_answer):
    response = client_for(moderator).get(reverse("moderation:report", args=["answer", hidden_answer.pk]))
    assert response.status_code == 200


def test_a_member_cannot_report_a_thread_that_waits_for_review(client_for, reporter, member, category):
    thread = factories.make_thread(author=member, category=category, title="Held back for a moderator")
    forum.post_set_moderation_state(post=thread, by=None, pending_review=True)
    assert client_for(reporter).get(reverse("moderation:report", args=["thread", thread.pk])).status_code == 404


def test_the_getter_fetches_and_authorises_in_one_query(django_assert_num_queries, reporter, hidden_answer):
    visible = factories.make_answer(thread=hidden_answer.thread, body="Restart the router.")
    reporter.has_perm("forum.moderate")  # permissions are read once per request, before the fetch
    with django_assert_num_queries(1):
        assert selectors.get_visible_answer(reporter, visible.pk).thread.title
    with django_assert_num_queries(1), pytest.raises(selectors.Http404):
        selectors.get_visible_answer(reporter, hidden_answer.pk)


STATES = list(itertools.product([False, True], repeat=3))  # deleted, hidden, pending review


@pytest.mark.parametrize("viewer_kind", ["anonymous", "author", "other", "moderator"])
def test_the_queryset_filter_and_the_predicate_are_the_same_rule(viewer_kind, member, other_member, moderator,
                                                                 category):
    """Every combination of thread and answer states: visible_to() and answer_visible() agree."""
    viewer = {"anonymous": AnonymousUser(), "author": member, "other": other_member, "moderator": moderator}[viewer_kind]
    answers = []
    for thread_state in STATES:
        thread = factories.make_thread(author=member, category=category)
        for answer_state in STATES:
            answer = factories.make_answer(thread=thread, author=member)
            answer_fields = dict(zip(("deleted_at", "is_hidden", "is_pending_review"), answer_state, strict=True))
            answer_fields["deleted_at"] = thread.created_at if answer_fields["deleted_at"] else None
            Answer.objects.filter(pk=answer.pk).update(**answer_fields)
            answers.append(answer.pk)
        thread_fields = dict(zip(("deleted_at", "is_hidden", "is_pending_review"), thread_state, strict=True))
        thread_fields["deleted_at"] = thread.created_at if thread_fields["deleted_at"] else None
        Thread.objects.filter(pk=thread.pk).update(**thread_fields)
    rows = Answer.objects.filter(pk__in=answers).select_related("thread")
    by_predicate = {a.pk for a in rows if visibility.answer_visible(viewer, a)}
    by_query = set(Answer.objects.visible_to(viewer).filter(pk__in=answers).values_list("pk", flat=True))
    assert by_query == by_predicate
    threads = {a.thread for a in rows}
    assert ({t.pk for t in threads if visibility.thread_visible(viewer, t)}
            == set(Thread.objects.visible_to(viewer).filter(pk__in=[t.pk for t in threads])
                   .values_list("pk", flat=True)))
    if viewer_kind == "moderator":
        assert len(by_query) == len(answers)
    if viewer_kind == "other":
        assert len(by_query) == 1  # only the answer with every flag off, in the thread with every flag off
