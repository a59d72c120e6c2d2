"""A post held for review is not called live, and its author finds it on their profile (#15 item 4)."""

import pytest

from forum.models import Thread
from tests import factories

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_held_question_says_it_waits_for_a_moderator_not_that_it_is_live(client_for, member, category):
    response = client_for(member).post("/ask/", {
        "kind": "question", "title": "Where do I find the manual for my router?",
        "body": "The box points at https://example.com/manual but that page is gone.", "category": category.pk,
    }, follow=True)
    thread = Thread.objects.get()
    assert thread.is_pending_review
    said = " ".join(messages_of(response))
    assert "A moderator will look at your post" in said and "live" not in said


def test_an_unheld_question_still_says_it_is_live(client_for, member, category):
    response = client_for(member).post("/ask/", {
        "kind": "question", "title": "Where do I find the manual for my router?", "body": "No link here.",
        "category": category.pk,
    }, follow=True)
    assert "Your post is live" in " ".join(messages_of(response))


def test_a_held_answer_says_so(client_for, other_member, category):
    thread = factories.make_thread(category=category)
    response = client_for(other_member).post(f"/thread/{thread.pk}/answer/", {"body": "See https://example.com/fix"},
                                             follow=True)
    assert "A moderator will look at your answer" in " ".join(messages_of(response))


def test_the_author_sees_the_held_thread_on_their_profile_marked_and_nobody_else_does(client_for, member,
                                                                                        other_member, category):
    held = factories.make_thread(author=member, category=category, title="Held: a question with a link in it",
                                 body="See https://example.com/cheap")
    factories.make_thread(author=member, category=category, title="A public question without links")
    url = f"/members/{member.username}/"
    own = client_for(member).get(url).content.decode()
    assert held.title in own and "Waiting for review" in own
    others = client_for(other_member).get(url).content.decode()
    assert held.title not in others and "A public question without links" in others
    assert held.title not in client_for(None).get(url).content.decode()
