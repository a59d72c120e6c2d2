"""Acceptance: the asker marks the solution, can change or undo it; it sits right under the question."""

import pytest
from django.urls import reverse

from forum import permissions, services
from forum.models import Answer, Thread
from tests import factories
from tests.forum.conftest import page_text, shows

pytestmark = pytest.mark.django_db


def accept(client, answer, follow=False, **data):
    return client.post(reverse("forum:accept", args=[answer.pk]), data, follow=follow)


def test_the_asker_accepts_and_the_thread_is_solved(client_for, thread, answer, member):
    response = accept(client_for(member), answer, thread=thread.pk)
    assert response.status_code == 302
    thread.refresh_from_db()
    answer.refresh_from_db()
    assert answer.is_accepted and thread.status == Thread.Status.SOLVED


def test_someone_else_cannot_accept(client_for, answer, third_member):
    response = accept(client_for(third_member), answer, follow=True)
    answer.refresh_from_db()
    assert not answer.is_accepted
    assert shows(response, permissions.ONLY_ASKER_ACCEPTS)


def test_a_moderator_may_accept_on_the_askers_behalf(client_for, answer, moderator):
    accept(client_for(moderator), answer)
    answer.refresh_from_db()
    assert answer.is_accepted and answer.accepted_by == moderator


def test_accepting_an_answer_from_another_thread_is_refused(client_for, thread, answer, member, category):
    other = factories.make_thread(author=member, category=category, title="Another thread of the same member")
    response = accept(client_for(member), answer, thread=other.pk, follow=True)
    assert shows(response, services.ANSWER_OF_OTHER_THREAD)
    answer.refresh_from_db()
    assert not answer.is_accepted


def test_accepting_another_answer_moves_the_acceptance_and_undo_reopens(client_for, thread, answer, member,
                                                                       third_member):
    second = factories.make_answer(thread=thread, author=third_member, body="Ask the neighbours.")
    client = client_for(member)
    accept(client, answer)
    accept(client, second)
    assert list(Answer.objects.filter(is_accepted=True)) == [second]
    accept(client, second, action="unaccept")
    thread.refresh_from_db()
    assert not Answer.objects.filter(is_accepted=True).exists() and thread.status == Thread.Status.ANSWERED


def test_accepting_twice_says_it_is_already_accepted(client_for, answer, member):
    client = client_for(member)
    accept(client, answer)
    response = accept(client, answer, follow=True)
    assert shows(response, services.ALREADY_ACCEPTED)


def test_the_accepted_answer_comes_first_then_kudos_then_oldest(client_for, thread, answer, member, third_member):
    liked = factories.make_answer(thread=thread, author=third_member, body="Liked answer body.")
    accepted = factories.make_answer(thread=thread, author=factories.make_member(), body="Accepted answer body.")
    services.kudo_give(user=member, post=liked)
    services.answer_accept(answer=accepted, by=member)
    html = page_text(client_for().get(thread.get_absolute_url()))
    positions = [html.index(f'id="answer-{a.pk}"') for a in (accepted, liked, answer)]
    assert positions == sorted(positions)


def test_the_accept_button_shows_only_to_who_may_accept(client_for, thread, answer, member, other_member):
    assert "Accept as solution" in page_text(client_for(member).get(thread.get_absolute_url()))
    assert "Accept as solution" not in page_text(client_for(other_member).get(thread.get_absolute_url()))
    assert "Accept as solution" not in page_text(client_for().get(thread.get_absolute_url()))


def test_a_verified_answer_shows_who_verified_it(client_for, thread, answer, member, moderator, settings):
    services.answer_accept(answer=answer, by=member)
    services.answer_set_verified(answer=answer, by=moderator, verified=True)
    html = page_text(client_for().get(thread.get_absolute_url()))
    assert f"Verified by {settings.SITE_NAME}" in html and "Mila Moderator" in html


def test_moving_the_acceptance_back_and_forth_keeps_the_thread_solved_on_every_page(client_for, thread, answer,
                                                                                   member, third_member):
    """#11 item 8: a stale in-memory status left the thread "answered" every other switch."""
    second = factories.make_answer(thread=thread, author=third_member, body="Ask the neighbours.")
    asker, reader = client_for(member), client_for(third_member)
    solved_pill = '<span class="pill pill--solved">✓ Solved</span>'

    def seen_as_solved() -> bool:
        thread_page = page_text(reader.get(thread.get_absolute_url()))
        solved_list = page_text(reader.get(reverse("forum:solved")))
        in_list = thread.get_absolute_url() in solved_list
        assert (solved_pill in thread_page) == in_list  # the thread page and the list agree
        return in_list

    for chosen in [answer, second, answer, second, answer]:
        accept(asker, chosen)
        assert seen_as_solved(), f"not solved after accepting answer {chosen.pk}"
        thread.refresh_from_db()
        assert thread.status == Thread.Status.SOLVED
    accept(asker, answer, action="unaccept")
    assert not seen_as_solved()
    thread.refresh_from_db()
    assert thread.status == Thread.Status.ANSWERED
    accept(asker, second)
    assert seen_as_solved()
