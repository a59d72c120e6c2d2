"""What moderation adds to forum pages costs a fixed number of queries, and edits that add links wait again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services as forum
from moderation import services
from tests import factories
from tests.moderation.conftest import grant


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("who", ["moderator", "flagger"])
def test_the_thread_page_costs_the_same_for_1_and_12_answers(client_for, moderator, flagger, category, who):
    viewer = moderator if who == "moderator" else flagger
    counts = []
    for size in (1, 12):
        thread = factories.make_thread(category=category)
        answers = [factories.make_answer(thread=thread) for _ in range(size)]
        forum.answer_accept(answer=answers[0], by=thread.author)
        services.flag_create(flagger=flagger, post=answers[-1], reason="spam")
        client = client_for(viewer)
        client.get(thread.get_absolute_url())  # warm per-session caches
        counts.append(_queries(client, thread.get_absolute_url()))
    assert counts[0] == counts[1]


def test_an_edit_that_adds_links_waits_for_review_again(member, category):
    thread = factories.make_thread(author=member, category=category, body="No links here.")
    assert not thread.is_pending_review
    forum.post_edit(post=thread, by=member, body="Now with https://example.com/cheap")
    thread.refresh_from_db()
    assert thread.is_pending_review


def test_an_edit_by_a_member_who_may_post_links_stays_visible(member, category):
    grant(member, "post_links")
    thread = factories.make_thread(author=member, category=category, body="No links here.")
    forum.post_edit(post=thread, by=member, body="Now with https://example.com/manual")
    thread.refresh_from_db()
    assert not thread.is_pending_review


def test_moderators_get_verify_buttons_under_answers(rf, moderator, category, settings):
    from moderation import hooks
    from tests.moderation.conftest import age_thread

    settings.MODERATION = {"VERIFY_ON_BEHALF_AFTER_DAYS": 3}
    request = rf.get("/")
    request.user = moderator
    thread = factories.make_thread(category=category)
    first, second = factories.make_answer(thread=thread), factories.make_answer(thread=thread)
    assert hooks.post_actions(request, thread, [first, second]) == {}
    age_thread(thread, 4)
    labels = {key: [a["label"] for a in actions] for key, actions in hooks.post_actions(request, thread, [first, second]).items()}
    assert labels == {("answer", first.pk): ["Accept and verify for the asker"],
                      ("answer", second.pk): ["Accept and verify for the asker"]}
    forum.answer_accept(answer=first, by=thread.author)
    first.refresh_from_db()
    second.refresh_from_db()
    actions = hooks.post_actions(request, thread, [first, second])
    assert [a["label"] for a in actions[("answer", first.pk)]] == ["Verify"]
    assert ("answer", second.pk) not in actions
    services.answer_verify(answer=first, by=moderator)
    first.refresh_from_db()
    actions = hooks.post_actions(request, thread, [first, second])
    assert [a["label"] for a in actions[("answer", first.pk)]] == ["Withdraw verification"]
