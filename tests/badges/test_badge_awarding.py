import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from badges import services, tasks
from badges.models import Award, Badge
from forum import services as forum
from forum.models import Notification
from tests import factories


def held(user) -> list[str]:
    return sorted(Award.objects.held().filter(member=user).values_list("badge__slug", flat=True))


def test_default_badges_exist_with_rules_and_tiers(db):
    badge = Badge.objects.get(slug="first-accepted-answer")
    assert (badge.rule, badge.parameters, badge.tier, badge.multiple) == ("accepted_answers", {"count": 1}, "bronze",
                                                                          False)
    assert Badge.objects.count() >= 15


def test_a_first_accepted_answer_earns_the_badge_and_a_notification(answer, helper, asker):
    forum.answer_accept(answer=answer, by=asker)
    assert "first-accepted-answer" in held(helper)
    note = Notification.objects.get(recipient=helper, verb="badge_awarded", text__contains="Problem solver")
    assert note.url == "/badges/b/first-accepted-answer/"


def test_the_notification_speaks_the_members_language(category, asker):
    dutch = factories.make_member(username="joost", language="nl")
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=dutch, thread=thread, body="Probeer dit.")
    forum.answer_accept(answer=answer, by=asker)
    texts = list(Notification.objects.filter(recipient=dutch, verb="badge_awarded").values_list("text", flat=True))
    assert any(text.startswith("Je hebt de badge") for text in texts)


def test_first_question_and_first_answer_badges(thread, answer, asker, helper):
    assert "first-question" in held(asker)
    assert "first-answer" in held(helper)


def test_a_once_only_badge_is_never_awarded_twice(category, asker, helper):
    for _ in range(2):
        thread = factories.make_thread(author=asker, category=category)
        forum.answer_accept(answer=forum.answer_create(author=helper, thread=thread, body="Try this."), by=asker)
    assert held(helper).count("first-accepted-answer") == 1
    call_command("award_badges", "--backfill", verbosity=0)
    assert held(helper).count("first-accepted-answer") == 1
    badge = Badge.objects.get(slug="first-accepted-answer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(badge=badge, member=helper)


def test_a_repeatable_badge_is_held_once_per_post(category, asker, helper):
    badge = Badge.objects.get(slug="nice-answer")
    badge.parameters = {"count": 1}
    services.badge_save(badge=badge)
    answers = [forum.answer_create(author=helper, thread=factories.make_thread(author=asker, category=category),
                                   body="Try this.") for _ in range(2)]
    for answer in answers:
        forum.kudo_give(user=asker, post=answer)
    assert held(helper).count("nice-answer") == 2
    award = Award.objects.held().filter(badge=badge).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(badge=badge, member=helper, source=award.source)


def test_a_badge_is_revoked_when_its_rule_fails_if_configured(answer, helper, member):
    badge = Badge.objects.get(slug="nice-answer")
    badge.parameters = {"count": 1}
    services.badge_save(badge=badge)
    forum.kudo_give(user=member, post=answer)
    assert "nice-answer" in held(helper)
    forum.kudo_withdraw(user=member, post=answer)
    assert "nice-answer" not in held(helper)
    assert Award.objects.filter(badge=badge, member=helper, revoked_at__isnull=False).count() == 1


def test_a_badge_is_kept_when_revoking_is_not_configured(answer, helper, asker):
    forum.answer_accept(answer=answer, by=asker)
    forum.answer_unaccept(answer=answer, by=asker)
    assert "first-accepted-answer" in held(helper)


def test_disabled_badges_are_not_awarded(answer, helper, asker):
    Badge.objects.filter(slug="first-accepted-answer").update(enabled=False)
    forum.answer_accept(answer=answer, by=asker)
    assert "first-accepted-answer" not in held(helper)


def test_backfill_awards_what_events_missed_and_revokes_where_configured(answer, helper, asker, member):
    Award.objects.all().delete()
    badge = Badge.objects.get(slug="profile-completed")
    Award.objects.create(badge=badge, member=member)  # member's profile is not complete
    call_command("award_badges", "--backfill", verbosity=0)
    assert "first-answer" in held(helper)
    assert "first-question" in held(asker)
    assert "profile-completed" not in held(member)


def test_good_question_counts_me_too(thread, asker):
    badge = Badge.objects.get(slug="good-question")
    badge.parameters = {"count": 2}
    services.badge_save(badge=badge)
    for _ in range(2):
        forum.me_too_add(user=factories.make_member(), thread=thread)
    assert "good-question" in held(asker)


def test_compliments_given_and_received(category, asker, helper):
    factories.make_thread(author=asker, category=category, kind="compliment", title="Thank you so much, helper!",
                          body="Big thanks to @helper for sorting out my router.")
    assert "thankful" in held(asker)
    assert "complimented" in held(helper)


def test_fast_responder_for_a_first_answer_within_the_hour(answer, helper):
    assert "fast-responder" in held(helper)


def _site(size, category):
    for _ in range(size):
        asker = factories.make_member()
        thread = factories.make_thread(author=asker, category=category)
        answer = forum.answer_create(author=factories.make_member(), thread=thread, body="Try this.")
        forum.answer_accept(answer=answer, by=asker)


@pytest.mark.parametrize("site_size", [1, 8])
def test_awarding_one_event_costs_a_bounded_number_of_queries(site_size, category, asker, helper,
                                                              django_assert_max_num_queries):
    _site(site_size, category)
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
    forum.answer_accept(answer=answer, by=asker)
    Award.objects.filter(member=helper).delete()
    # One event (an acceptance) for its two members, whatever the size of the site.
    with django_assert_max_num_queries(20):
        stats = tasks.evaluate_members.call("answer_accepted", [helper.pk, asker.pk])
    assert stats["awarded"] == 1


@pytest.mark.parametrize("site_size", [1, 8])
def test_a_kudo_with_its_ledger_entry_and_badge_check_costs_a_bounded_number_of_queries(
        site_size, category, asker, helper, django_assert_max_num_queries):
    _site(site_size, category)
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
    giver = factories.make_member()
    with django_assert_max_num_queries(36):
        forum.kudo_give(user=giver, post=answer)


def test_a_streak_counts_local_days_in_a_row(category):
    """Days are the site's local days (Europe/Amsterdam): a post at 23:30 UTC belongs to the next day
    there, which is what makes this member's three days in a row."""
    from datetime import UTC, datetime

    from badges import rules
    from forum.models import Answer, Kudo, Thread

    def at(day, hour, minute=0):
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    steady, gap = factories.make_member(), factories.make_member()
    other = factories.make_member()
    asked = factories.make_thread(author=steady, category=category)
    answered = factories.make_answer(thread=factories.make_thread(author=other, category=category), author=steady)
    kudo = Kudo.objects.create(user=steady, answer=factories.make_answer(author=other))
    Thread.objects.filter(pk=asked.pk).update(created_at=at(10, 12))  # local 10 Nov
    Answer.objects.filter(pk=answered.pk).update(created_at=at(10, 23, 30))  # local 11 Nov (00:30)
    Kudo.objects.filter(pk=kudo.pk).update(created_at=at(12, 9))  # local 12 Nov
    # Twice on one day and once two days later: no run of three.
    for moment in (at(10, 8), at(10, 20)):
        Thread.objects.filter(pk=factories.make_thread(author=gap, category=category).pk).update(created_at=moment)
    Thread.objects.filter(pk=factories.make_thread(author=gap, category=category).pk).update(created_at=at(12, 8))
    Thread.objects.exclude(author__in=[steady, gap]).update(created_at=at(1, 12))
    Answer.objects.exclude(author=steady).update(created_at=at(1, 12))

    earned = rules.RULES["streak"].evaluate({"days": 3}, None)

    assert steady.pk in earned
    assert gap.pk not in earned
    assert rules.RULES["streak"].evaluate({"days": 4}, None).get(steady.pk) is None
