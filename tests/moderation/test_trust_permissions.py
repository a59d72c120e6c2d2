"""Every moderation page and action: refused for visitors and members, allowed for moderators."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import permissions as forum_permissions
from moderation import services
from moderation.models import AuditEntry
from tests import factories
from tests.moderation.conftest import age_thread

# (name, method, url args builder, post data)
ACTIONS = [
    ("home", "get", lambda o: [], {}),
    ("verification", "get", lambda o: [], {}),
    ("review", "get", lambda o: [], {}),
    ("audit_log", "get", lambda o: [], {}),
    ("verify", "post", lambda o: [o["accepted"].pk], {}),
    ("verify_for_asker", "post", lambda o: [o["unaccepted"].pk], {}),
    ("unverify", "post", lambda o: [o["verified"].pk], {"reason": "Outdated"}),
    ("review_action", "post", lambda o: ["thread", o["flagged"].pk, "dismiss"], {}),
    ("review_action", "post", lambda o: ["thread", o["flagged"].pk, "hide"], {}),
    ("review_action", "post", lambda o: ["thread", o["flagged"].pk, "delete"], {}),
    ("review_action", "post", lambda o: ["thread", o["hidden"].pk, "unhide"], {}),
    ("review_action", "post", lambda o: ["thread", o["held"].pk, "approve"], {}),
    ("review_action", "post", lambda o: ["thread", o["held"].pk, "reject"], {"reason": "Spam"}),
    ("review_member_action", "post", lambda o: ["thread", o["flagged"].pk, "warn"], {"reason": "Tone"}),
    ("review_member_action", "post", lambda o: ["thread", o["flagged"].pk, "suspend"],
     {"reason": "Spam", "until": "2099-01-01"}),
    ("thread_action", "post", lambda o: [o["thread"].pk, "lock"], {}),
    ("thread_action", "post", lambda o: [o["locked"].pk, "unlock"], {}),
    ("thread_action", "post", lambda o: [o["thread"].pk, "close"], {"close-reason": "off_topic"}),
    ("thread_action", "post", lambda o: [o["closed"].pk, "reopen"], {}),
    ("thread_action", "post", lambda o: [o["thread"].pk, "move"], lambda o: {"move-category": o["other_category"].pk}),
    ("thread_action", "post", lambda o: [o["thread"].pk, "merge"], lambda o: {"merge-target": o["target"].pk}),
    ("thread_action", "post", lambda o: [o["thread"].pk, "pin"], {}),
    ("thread_action", "post", lambda o: [o["pinned"].pk, "unpin"], {}),
    ("member", "get", lambda o: [o["author"].username], {}),
    ("member_action", "post", lambda o: [o["author"].username, "warn"], {"warn-reason": "Tone"}),
    ("member_action", "post", lambda o: [o["author"].username, "suspend"],
     {"suspend-reason": "Spam", "suspend-until": "2099-01-01"}),
    ("member_action", "post", lambda o: [o["suspended"].username, "lift"], {}),
]


IDS = [f"{index:02d}-{action[0]}" for index, action in enumerate(ACTIONS)]


@pytest.fixture
def world(db, category, moderator, flagger):
    author = factories.make_member(username="author")
    mk = lambda **kw: factories.make_thread(author=author, category=category, **kw)  # noqa: E731
    accepted_thread, verified_thread, old_thread = mk(), mk(), mk()
    from forum import services as forum

    accepted = factories.make_answer(thread=accepted_thread)
    forum.answer_accept(answer=accepted, by=author)
    verified = factories.make_answer(thread=verified_thread)
    forum.answer_accept(answer=verified, by=author)
    services.answer_verify(answer=verified, by=moderator)
    unaccepted = factories.make_answer(thread=age_thread(old_thread, 60))
    flagged = mk()
    services.flag_create(flagger=flagger, post=flagged, reason="spam")
    hidden = mk()
    services.review_hide(post=hidden, by=moderator)
    held = mk(body="Visit https://example.com")
    locked, closed, pinned = mk(), mk(), mk()
    services.thread_lock(thread=locked, by=moderator)
    services.thread_close(thread=closed, by=moderator, reason="resolved")
    services.thread_pin(thread=pinned, by=moderator, pinned=True)
    suspended = factories.make_member(username="suspended")
    services.member_suspend(member=suspended, by=moderator, reason="Spam", until=timezone.now() + timedelta(days=2))
    return {
        "accepted": accepted, "verified": verified, "unaccepted": unaccepted, "flagged": flagged, "hidden": hidden,
        "held": held, "thread": mk(), "locked": locked, "closed": closed, "pinned": pinned, "target": mk(),
        "other_category": factories.make_category(), "author": author, "suspended": suspended,
    }


def _call(client, action, world):
    name, method, args, data = action
    url = reverse(f"moderation:{name}", args=args(world))
    return getattr(client, method)(url, data(world) if callable(data) else data)


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_visitors_are_sent_to_sign_in(client_for, world, action):
    before = AuditEntry.objects.count()
    response = _call(client_for(None), action, world)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_members_are_refused(client_for, world, member, action):
    before = AuditEntry.objects.count()
    response = _call(client_for(member), action, world)
    assert response.status_code == 403
    assert str(forum_permissions.MODERATORS_ONLY) in response.content.decode()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("action", ACTIONS, ids=IDS)
def test_moderators_are_allowed_and_every_action_is_audited(client_for, world, moderator, action):
    before = AuditEntry.objects.count()
    response = _call(client_for(moderator), action, world)
    if action[1] == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert AuditEntry.objects.count() == before + 1
        assert AuditEntry.objects.order_by("-pk").first().actor == moderator
