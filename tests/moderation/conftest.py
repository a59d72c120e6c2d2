"""Moderation cast: a flagger with the privilege, a trusted flagger (retag), threads with answers."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from forum import services as forum
from forum.models import Thread
from tests import factories


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="forum", codename=codename))
    # Drop Django's cached permissions so the new ones count.
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)
    return user


@pytest.fixture
def flagger(db):
    return grant(factories.make_member(username="fay", display_name="Fay Flagger"), "flag_posts")


@pytest.fixture
def trusted_flagger(db):
    return grant(factories.make_member(username="tess", display_name="Tess Trusted"), "flag_posts", "retag")


@pytest.fixture
def thread(db, member, category):
    return factories.make_thread(author=member, category=category, title="The router keeps dropping the wifi")


@pytest.fixture
def answer(db, thread, other_member):
    return factories.make_answer(thread=thread, author=other_member, body="Update the firmware first.")


@pytest.fixture
def accepted_answer(db, answer, member):
    forum.answer_accept(answer=answer, by=member)
    answer.refresh_from_db()
    return answer


def age_thread(thread, days: int):
    Thread.objects.filter(pk=thread.pk).update(created_at=timezone.now() - timedelta(days=days))
    thread.refresh_from_db()
    return thread
