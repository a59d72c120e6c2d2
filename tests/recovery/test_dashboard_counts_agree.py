"""The dashboard's tiles show the numbers of the queues they stand for (issue #12, items 4 and 6)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum
from moderation import selectors as moderation_selectors
from moderation import services as moderation
from moderation.recovery import selectors
from tests import factories

pytestmark = pytest.mark.django_db


def _tiles(client):
    today = timezone.localdate()
    data = client.get(reverse("recovery:dashboard"), {"start": (today - timedelta(days=30)).isoformat(),
                                                        "end": today.isoformat()}).context
    return data["verification_backlog"], data["flag_backlog"]


def test_one_thread_reported_by_three_members_counts_once_on_both_screens(client_for, moderator, member, category):
    thread = factories.make_thread(author=member, category=category)
    for n in range(3):
        reporter = factories.grant(factories.make_member(username=f"reporter{n}"), "flag_posts")
        moderation.flag_create(flagger=reporter, post=thread, reason="spam")
    client = client_for(moderator)
    review = client.get(reverse("moderation:review"))
    assert len(review.context["page"].items) == 1
    assert moderation_selectors.review_queue_size() == 1
    assert _tiles(client)[1] == 1


def test_a_hidden_accepted_answer_counts_on_neither_screen(client_for, moderator, member, category):
    thread = factories.make_thread(author=member, category=category)
    answer = factories.make_answer(thread=thread)
    forum.answer_accept(answer=answer, by=member)
    client = client_for(moderator)
    assert _tiles(client)[0] == moderation_selectors.verification_queue().count() == 1
    moderation.review_hide(post=answer, by=moderator, reason="Spam link")
    assert moderation_selectors.verification_queue().count() == 0
    assert _tiles(client)[0] == 0
    assert selectors.verification_backlog() == 0
