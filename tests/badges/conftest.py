"""Badges fixtures. Badge evaluation runs after commit; inside a test transaction nothing commits,
so `immediate_on_commit` runs those callbacks at once (transactional tests use the real path)."""

import pytest

from forum import services as forum
from tests import factories


@pytest.fixture(autouse=True)
def immediate_on_commit(request, monkeypatch):
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        yield
        return
    monkeypatch.setattr("badges.receivers.on_commit", lambda callback: callback())
    yield


@pytest.fixture
def asker(db):
    return factories.make_member(username="asker", display_name="Asha Asker")


@pytest.fixture
def helper(db):
    return factories.make_member(username="helper", display_name="Hugo Helper")


@pytest.fixture
def thread(asker, category):
    return factories.make_thread(author=asker, category=category, title="How do I reset my router to factory settings?")


@pytest.fixture
def answer(thread, helper):
    return forum.answer_create(author=helper, thread=thread, body="Hold the reset button for ten seconds.")


def points(user) -> int:
    from badges.models import Standing

    standing = Standing.objects.filter(member=user).first()
    return standing.total if standing else 0


def ledger(user) -> list[tuple]:
    from badges.models import ReputationEntry

    return list(ReputationEntry.objects.filter(member=user).order_by("id").values_list("reason", "points", "source"))
