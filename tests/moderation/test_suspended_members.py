"""A suspended member can change nothing of other members' content or reputation (issue #12, item 1):
no kudos (given or taken back), no "me too", no accepting, no reports. Reading and following stay."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services as forum
from forum.models import Follow, Kudo, MeToo
from moderation import hooks, services
from moderation.models import Flag
from tests import factories


@pytest.fixture
def suspended(db, moderator):
    member = factories.grant(factories.make_member(username="sully", display_name="Sully Suspended"), "flag_posts")
    services.member_suspend(member=member, by=moderator, reason="Rude replies",
                            until=timezone.now() + timedelta(days=3))
    return member


@pytest.fixture
def thread(other_member, category):
    return factories.make_thread(author=other_member, category=category, title="Printer jams on every page")


def _suspension_text(member):
    return hooks.suspension_restriction(member)


def test_a_suspended_member_cannot_give_kudos(client_for, suspended, thread):
    response = client_for(suspended).post(reverse("forum:kudo", args=["thread", thread.pk]), follow=True)
    assert not Kudo.objects.exists()
    assert "Rude replies" in response.content.decode()
    thread.refresh_from_db()
    assert thread.kudos_count == 0


def test_a_suspended_member_cannot_take_kudos_back(client_for, suspended, thread, moderator):
    answer = factories.make_answer(thread=thread, body="Clean the rollers.")
    services.member_lift_suspension(member=suspended, by=moderator)
    forum.kudo_give(user=suspended, post=answer)
    services.member_suspend(member=suspended, by=moderator, reason="Rude replies",
                            until=timezone.now() + timedelta(days=3))
    client_for(suspended).post(reverse("forum:kudo", args=["answer", answer.pk]), {"action": "withdraw"})
    assert Kudo.objects.filter(user=suspended, answer=answer).exists()


def test_a_member_who_is_not_suspended_gives_kudos(client_for, member, thread):
    client_for(member).post(reverse("forum:kudo", args=["thread", thread.pk]))
    assert Kudo.objects.filter(user=member, thread=thread).exists()


def test_a_suspended_member_cannot_say_me_too(client_for, suspended, thread):
    client_for(suspended).post(reverse("forum:me_too", args=[thread.pk]))
    assert not MeToo.objects.exists()


def test_a_suspended_asker_cannot_accept_an_answer(client_for, moderator, category):
    asker = factories.make_member(username="asker")
    thread = factories.make_thread(author=asker, category=category)
    answer = factories.make_answer(thread=thread)
    services.member_suspend(member=asker, by=moderator, reason="Spam", until=timezone.now() + timedelta(days=1))
    response = client_for(asker).post(reverse("forum:accept", args=[answer.pk]))
    assert response.status_code in (302, 403)
    answer.refresh_from_db()
    assert not answer.is_accepted


def test_a_suspended_member_cannot_report_and_their_report_adds_no_weight(client_for, suspended, thread):
    response = client_for(suspended).post(reverse("moderation:report", args=["thread", thread.pk]),
                                          {"reason": "spam"})
    assert response.status_code == 403
    assert _suspension_text(suspended) in response.content.decode()
    assert not Flag.objects.exists()


def test_a_suspended_member_sees_no_report_button(rf, suspended, thread):
    request = rf.get("/")
    request.user = suspended
    assert hooks.post_actions(request, thread, []) == {}


def test_a_suspended_member_still_reads_and_follows(client_for, suspended, thread):
    client = client_for(suspended)
    assert client.get(thread.get_absolute_url()).status_code == 200
    client.post(reverse("forum:follow", args=["thread", thread.pk]))
    assert Follow.objects.filter(user=suspended, thread=thread).exists()


def test_the_refusal_says_what_a_suspension_stops_in_the_members_language(suspended):
    from django.utils import translation

    assert "give kudos" in _suspension_text(suspended)
    with translation.override("nl"):
        assert "kudo's" in _suspension_text(suspended)


def test_a_suspension_ends_by_itself_while_the_member_stays_signed_in(client_for, suspended, thread):
    """The member is loaded by SQL compiled once (config/web/auth.py), which carries no time: the
    suspension's end is compared with the time now on every request, not when the SQL was compiled."""
    from unittest import mock

    client = client_for(suspended)
    url = reverse("forum:kudo", args=["thread", thread.pk])
    assert "Rude replies" in client.post(url, follow=True).content.decode()
    assert not Kudo.objects.exists()
    later = timezone.now() + timedelta(days=4)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Rude replies" not in client.post(url, follow=True).content.decode()
    assert Kudo.objects.filter(user=suspended, thread=thread).exists()


def test_a_member_whose_suspension_was_lifted_is_not_asked_about_again(client_for, member, moderator, thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.member_suspend(member=member, by=moderator, reason="Rude", until=timezone.now() + timedelta(days=1))
    services.member_lift_suspension(member=member, by=moderator, reason="Apologised")
    client = client_for(member)
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("forum:kudo", args=["thread", thread.pk])).status_code in (200, 302)
    own = [q["sql"] for q in queries.captured_queries
           if 'FROM "moderation_suspension"' in q["sql"] and '"auth_user"' not in q["sql"]]
    assert own == [], "read with the member: no query of its own"
    assert Kudo.objects.filter(user=member, thread=thread).exists()
