"""The five-part recovery reply: all parts required (and named when missing), one natural answer, gesture kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum.models import Answer
from moderation.models import AuditEntry
from moderation.recovery import services
from moderation.recovery.models import Case, RecoveryReply

pytestmark = pytest.mark.django_db


def test_the_reply_is_posted_as_one_answer_in_the_owners_name(case, moderator, reply_parts):
    reply = services.recovery_reply_send(case=case, by=moderator, **reply_parts)
    answer = reply.answer
    assert answer.author == moderator
    assert answer.thread == case.thread
    for part in reply_parts.values():
        assert part in answer.body
    assert "taking responsibility" not in answer.body.lower()  # no form labels in the customer's reply
    assert answer.body.startswith(reply_parts["regret"])
    assert answer.body.rstrip().endswith("— Mila Moderator")


def test_sending_the_reply_counts_as_the_first_response_and_moves_the_case_along(case, moderator, reply_parts):
    services.recovery_reply_send(case=case, by=moderator, **reply_parts)
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.status == Case.Status.IN_PROGRESS
    assert AuditEntry.objects.filter(action="recovery.reply_sent", actor=moderator).count() == 1


def test_a_gesture_is_recorded_and_mentioned_in_the_reply(case, moderator, reply_parts):
    reply = services.recovery_reply_send(case=case, by=moderator, gesture_kind="voucher",
                                         gesture_value=Decimal("15.00"), gesture_currency="eur", **reply_parts)
    reply.refresh_from_db()
    assert (reply.gesture_kind, reply.gesture_value, reply.gesture_currency) == ("voucher", Decimal("15.00"), "EUR")
    assert "voucher worth EUR 15.00" in reply.answer.body
    assert AuditEntry.objects.get(action="recovery.reply_sent").after == {
        "gesture": "voucher", "value": "15.00", "currency": "EUR"}


def test_the_service_refuses_a_reply_with_parts_missing_and_names_them(case, moderator, reply_parts):
    reply_parts["cause"] = "  "
    reply_parts["prevention"] = ""
    with pytest.raises(ValidationError) as error:
        services.recovery_reply_send(case=case, by=moderator, **reply_parts)
    assert error.value.messages == ["The recovery reply needs every part. Missing: the cause, what will prevent a repeat."]
    assert Answer.objects.count() == 0


def test_only_the_owner_may_answer_a_case(case, second_moderator, reply_parts):
    with pytest.raises(ValidationError) as error:
        services.recovery_reply_send(case=case, by=second_moderator, **reply_parts)
    assert error.value.messages == [str(services.NOT_YOUR_CASE)]


def test_the_form_refuses_to_send_names_the_missing_part_and_keeps_what_was_typed(case, moderator, client_for,
                                                                                  reply_parts):
    reply_parts["regret"] = ""
    response = client_for(moderator).post(reverse("recovery:recovery_reply", args=[case.pk]),
                                          {**reply_parts, "gesture_currency": "EUR"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "The recovery reply needs every part. Missing: regret." in content
    assert reply_parts["cause"] in content
    assert reply_parts["prevention"] in content
    assert Answer.objects.count() == 0


def test_the_form_asks_for_the_value_of_a_voucher(case, moderator, client_for, reply_parts):
    response = client_for(moderator).post(reverse("recovery:recovery_reply", args=[case.pk]),
                                          {**reply_parts, "gesture_kind": "voucher", "gesture_currency": "EUR"})
    assert response.status_code == 200
    assert str(services.GESTURE_VALUE_MISSING) in response.content.decode().replace("&ldquo;", "“").replace(
        "&rdquo;", "”")


def test_the_form_sends_a_complete_reply_once_even_when_double_clicked(case, moderator, client_for, reply_parts):
    client = client_for(moderator)
    data = {**reply_parts, "gesture_kind": "refund", "gesture_value": "20", "gesture_currency": "EUR",
            "submission_token": "abc123"}
    url = reverse("recovery:recovery_reply", args=[case.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert RecoveryReply.objects.count() == 1
    assert Answer.objects.filter(thread=case.thread).count() == 1
