import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.models import Notification
from moderation import services, signals
from moderation.models import AuditEntry
from tests import factories
from tests.moderation.conftest import age_thread


def test_a_moderator_verifies_an_accepted_answer_and_it_is_audited(accepted_answer, moderator):
    received = []
    signals.answer_verified.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t1")
    try:
        services.answer_verify(answer=accepted_answer, by=moderator)
    finally:
        signals.answer_verified.disconnect(dispatch_uid="t1")
    accepted_answer.refresh_from_db()
    assert accepted_answer.verified_by == moderator and accepted_answer.verified_at is not None
    assert received == [{"signal": signals.answer_verified, "answer": accepted_answer, "by": moderator}]
    entry = AuditEntry.objects.get(action=services.Action.VERIFY)
    assert (entry.actor, entry.answer, entry.member) == (moderator, accepted_answer, accepted_answer.author)
    assert entry.before == {"accepted": True, "verified": False} and entry.after["verified"] is True
    assert Notification.objects.filter(recipient=accepted_answer.author, verb="answer_verified").exists()


def test_an_answer_that_is_not_accepted_cannot_be_verified(answer, moderator):
    with pytest.raises(ValidationError) as error:
        services.answer_verify(answer=answer, by=moderator)
    assert error.value.messages == [str(services.NOT_ACCEPTED)]
    assert not AuditEntry.objects.exists()


def test_verifying_twice_is_refused(accepted_answer, moderator):
    services.answer_verify(answer=accepted_answer, by=moderator)
    with pytest.raises(ValidationError) as error:
        services.answer_verify(answer=accepted_answer, by=moderator)
    assert error.value.messages == [str(services.ALREADY_VERIFIED)]


def test_unverifying_needs_a_reason_that_the_answerer_is_told(accepted_answer, moderator):
    services.answer_verify(answer=accepted_answer, by=moderator)
    with pytest.raises(ValidationError) as error:
        services.answer_unverify(answer=accepted_answer, by=moderator, reason="  ")
    assert error.value.messages == [str(services.REASON_REQUIRED)]
    received = []
    signals.answer_unverified.connect(lambda sender, **kw: received.append(kw["reason"]), weak=False,
                                      dispatch_uid="t2")
    try:
        services.answer_unverify(answer=accepted_answer, by=moderator, reason="The firmware link is outdated.")
    finally:
        signals.answer_unverified.disconnect(dispatch_uid="t2")
    accepted_answer.refresh_from_db()
    assert not accepted_answer.is_verified
    assert received == ["The firmware link is outdated."]
    note = Notification.objects.get(recipient=accepted_answer.author, verb="answer_unverified")
    assert "The firmware link is outdated." in note.text
    entry = AuditEntry.objects.get(action=services.Action.UNVERIFY)
    assert entry.reason == "The firmware link is outdated." and entry.before["verified"] is True


def test_a_moderator_accepts_and_verifies_for_an_asker_who_did_not_accept_in_time(answer, moderator, settings):
    settings.MODERATION = {"VERIFY_ON_BEHALF_AFTER_DAYS": 5}
    with pytest.raises(ValidationError) as error:
        services.answer_verify_for_asker(answer=answer, by=moderator)
    assert error.value.messages == [str(services.TOO_EARLY_FOR_ASKER % {"days": 5})]
    age_thread(answer.thread, 6)
    services.answer_verify_for_asker(answer=answer, by=moderator)
    answer.refresh_from_db()
    assert answer.is_accepted and answer.accepted_by == moderator and answer.is_verified
    entry = AuditEntry.objects.get(action=services.Action.VERIFY_FOR_ASKER)
    assert entry.before == {"accepted": False, "verified": False}


def test_verifying_for_the_asker_is_refused_once_the_asker_accepted(accepted_answer, moderator):
    other = factories.make_answer(thread=accepted_answer.thread)
    age_thread(accepted_answer.thread, 30)
    with pytest.raises(ValidationError) as error:
        services.answer_verify_for_asker(answer=other, by=moderator)
    assert error.value.messages == [str(services.ASKER_HAS_ACCEPTED)]


def test_the_queue_lists_accepted_unverified_answers_most_read_thread_first(client_for, moderator, category):
    from forum import services as forum
    from forum.models import Thread

    answers = []
    for views in (3, 50, 10):
        thread = factories.make_thread(category=category)
        answer = factories.make_answer(thread=thread)
        forum.answer_accept(answer=answer, by=thread.author)
        Thread.objects.filter(pk=thread.pk).update(view_count=views)
        answers.append(answer)
    response = client_for(moderator).get(reverse("moderation:verification"))
    assert [a.pk for a in response.context["page"].object_list] == [answers[1].pk, answers[2].pk, answers[0].pk]
    assert b"data-verify" in response.content


def test_verifying_from_the_queue_returns_to_the_queue(client_for, moderator, accepted_answer):
    queue = reverse("moderation:verification")
    response = client_for(moderator).post(reverse("moderation:verify", args=[accepted_answer.pk]),
                                          {"next": queue})
    assert response.status_code == 302 and response["Location"] == queue
    accepted_answer.refresh_from_db()
    assert accepted_answer.is_verified


def test_withdrawing_a_verification_keeps_what_was_typed_when_the_reason_is_missing(client_for, moderator,
                                                                                      accepted_answer):
    services.answer_verify(answer=accepted_answer, by=moderator)
    client = client_for(moderator)
    response = client.post(reverse("moderation:unverify", args=[accepted_answer.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Please give a reason." in response.content.decode()
    response = client.post(reverse("moderation:unverify", args=[accepted_answer.pk]), {"reason": "Outdated."})
    assert response.status_code == 302
    accepted_answer.refresh_from_db()
    assert not accepted_answer.is_verified


@pytest.mark.parametrize("rows", [1, 30])
def test_the_verification_queue_costs_the_same_queries_for_1_and_30_answers(client_for, moderator, category, rows,
                                                                            django_assert_max_num_queries):
    from forum import services as forum

    for _ in range(rows):
        thread = factories.make_thread(category=category)
        forum.answer_accept(answer=factories.make_answer(thread=thread), by=thread.author)
    client = client_for(moderator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("moderation:verification"))
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("moderation:verification") + "?tab=asker").status_code == 200
