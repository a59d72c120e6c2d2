import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.web.honeypot import HONEYPOT_FILLED
from forum.models import Notification
from moderation import permissions, services, views
from moderation.models import AuditEntry, Flag
from tests import factories
from tests.moderation.conftest import grant


def test_a_member_with_the_privilege_reports_a_post(client_for, flagger, thread):
    response = client_for(flagger).post(reverse("moderation:report", args=["thread", thread.pk]),
                                        {"reason": "spam", "text": ""})
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.flagger, flag.thread, flag.reason, flag.weight, flag.post_author) == (
        flagger, thread, "spam", 1, thread.author)


def test_one_report_per_member_per_post_is_a_database_rule(flagger, thread):
    Flag.objects.create(flagger=flagger, thread=thread, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(flagger=flagger, thread=thread, reason="rude")


def test_reporting_twice_says_so(flagger, answer):
    services.flag_create(flagger=flagger, post=answer, reason="incorrect")
    with pytest.raises(ValidationError) as error:
        services.flag_create(flagger=flagger, post=answer, reason="spam")
    assert error.value.messages == [str(services.FLAG_TWICE)]


def test_something_else_needs_details_and_the_form_keeps_what_was_typed(client_for, flagger, thread):
    response = client_for(flagger).post(reverse("moderation:report", args=["thread", thread.pk]),
                                        {"reason": "other", "text": ""})
    assert response.status_code == 200
    assert "Please tell us what is wrong." in response.content.decode()
    assert re.search(r'<input[^>]*value="other"[^>]*checked', response.content.decode())
    assert not Flag.objects.exists()


def test_members_without_the_privilege_cannot_report(client_for, other_member, thread):
    client = client_for(other_member)  # signing in may grant a starting rank; take it away afterwards
    factories.without_privileges(other_member)
    response = client.post(reverse("moderation:report", args=["thread", thread.pk]),
                                             {"reason": "spam"})
    assert response.status_code == 403
    assert str(permissions.FLAG_NOT_ALLOWED) in response.content.decode()
    assert not Flag.objects.exists()


def test_a_member_cannot_report_their_own_post(member, thread):
    grant(member, "flag_posts")
    with pytest.raises(permissions.PermissionDenied) as error:
        permissions.check_flag_post(member, thread)
    assert str(error.value) == str(permissions.FLAG_OWN_POST)


def test_anonymous_visitors_are_sent_to_sign_in_to_report(client, thread):
    response = client.get(reverse("moderation:report", args=["thread", thread.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_filled_honeypot_refuses_the_report_and_keeps_the_details_typed(client_for, flagger, thread):
    response = client_for(flagger).post(reverse("moderation:report", args=["thread", thread.pk]),
                                        {"reason": "spam", "text": "Sells fake watches", "website": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and str(HONEYPOT_FILLED) in html
    assert "Sells fake watches</textarea>" in html  # nothing thrown away behind a "Thank you"
    assert not Flag.objects.exists()


def test_reports_are_rate_limited_per_member_with_a_clear_message(client_for, flagger, settings, category):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": {"ip": (30, 3600), "user": (2, 3600)}}
    client = client_for(flagger)
    threads = [factories.make_thread(category=category) for _ in range(3)]
    for thread in threads[:2]:
        assert client.post(reverse("moderation:report", args=["thread", thread.pk]), {"reason": "spam"}).status_code == 302
    response = client.post(reverse("moderation:report", args=["thread", threads[2].pk]), {"reason": "spam"})
    assert response.status_code == 429
    assert str(views.FLAG_RATE_LIMITED) in response.content.decode()
    assert Flag.objects.count() == 2


def test_reports_are_rate_limited_per_ip_address(client_for, settings, category):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": {"ip": (1, 3600), "user": (10, 3600)}}
    first, second = (grant(factories.make_member(), "flag_posts") for _ in range(2))
    thread = factories.make_thread(category=category)
    assert client_for(first).post(reverse("moderation:report", args=["thread", thread.pk]),
                                  {"reason": "spam"}).status_code == 302
    response = client_for(second).post(reverse("moderation:report", args=["thread", thread.pk]), {"reason": "spam"})
    assert response.status_code == 429


def test_reports_weighted_by_rank_hide_the_post_automatically(flagger, trusted_flagger, answer, settings):
    settings.MODERATION = {"AUTO_HIDE_WEIGHT": 3}
    services.flag_create(flagger=flagger, post=answer, reason="rude")
    answer.refresh_from_db()
    assert not answer.is_hidden
    services.flag_create(flagger=trusted_flagger, post=answer, reason="rude")
    answer.refresh_from_db()
    assert answer.is_hidden
    assert Flag.objects.get(flagger=trusted_flagger).weight == 2
    entry = AuditEntry.objects.get(action=services.Action.AUTO_HIDE)
    assert entry.actor is None and entry.answer == answer and entry.after["hidden"] is True
    assert Notification.objects.filter(recipient=answer.author, verb="post_hidden").exists()


def test_a_moderators_report_weighs_five(moderator):
    assert services.flag_weight(moderator) == 5


def test_flaggers_hear_the_outcome_and_their_accuracy_is_counted(flagger, trusted_flagger, moderator, category):
    from moderation import selectors

    good, bad = factories.make_thread(category=category), factories.make_thread(category=category)
    services.flag_create(flagger=flagger, post=good, reason="spam")
    services.flag_create(flagger=flagger, post=bad, reason="spam")
    services.review_hide(post=good, by=moderator, reason="Advertising")
    services.review_dismiss(post=bad, by=moderator)
    outcomes = list(Notification.objects.filter(recipient=flagger, verb="flag_outcome").values_list("text", flat=True))
    assert len(outcomes) == 2
    assert any("acted on it" in text for text in outcomes)
    assert any("left the post as it is" in text for text in outcomes)
    assert selectors.flagger_accuracy([flagger.pk])[flagger.pk] == {"helpful": 1, "dismissed": 1, "share": 50}


def test_the_report_button_appears_under_posts_for_members_who_may_report(rf, flagger, thread, answer,
                                                                          django_assert_num_queries):
    from moderation import hooks

    request = rf.get("/")
    request.user = flagger
    flagger.has_perm("forum.flag_posts")  # permissions cache, loaded once per request anyway
    hooks.suspension_restriction(flagger)  # so is the suspension (the thread page asks it for the answer form)
    services.flag_create(flagger=flagger, post=answer, reason="spam")
    with django_assert_num_queries(1):
        actions = hooks.post_actions(request, thread, [answer])
    assert actions[("thread", thread.pk)][0]["label"] == "Report"
    assert actions[("answer", answer.pk)][0]["label"] == "Reported"


def test_members_without_the_privilege_get_no_report_button(rf, other_member, thread):
    from moderation import hooks

    request = rf.get("/")
    request.user = other_member
    assert hooks.post_actions(request, thread, []) == {}
