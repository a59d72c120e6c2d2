import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from badges import services
from badges.models import ReputationEntry, ReputationSettings, Standing
from forum import services as forum
from moderation import signals as moderation_signals
from tests import factories
from tests.badges.conftest import ledger, points


def verify(answer, by, verified=True):
    forum.answer_set_verified(answer=answer, by=by, verified=verified)
    signal = moderation_signals.answer_verified if verified else moderation_signals.answer_unverified
    signal.send(sender=type(answer), answer=answer, by=by, reason="")


def test_a_kudo_on_an_answer_credits_the_answerer_ten_points(answer, helper, member):
    forum.kudo_give(user=member, post=answer)
    kudo = answer.kudos.get()
    assert ledger(helper) == [("kudo", 10, f"kudo:{kudo.pk}")]
    assert points(helper) == 10


def test_a_kudo_on_a_question_credits_the_asker_five_points(thread, asker, member):
    forum.kudo_give(user=member, post=thread)
    assert points(asker) == 5


def test_withdrawing_a_kudo_writes_a_reversal_and_giving_again_credits_again(answer, helper, member):
    forum.kudo_give(user=member, post=answer)
    first = answer.kudos.get().pk
    forum.kudo_withdraw(user=member, post=answer)
    forum.kudo_give(user=member, post=answer)
    second = answer.kudos.get().pk
    assert ledger(helper) == [("kudo", 10, f"kudo:{first}"), ("kudo_undone", -10, f"kudo:{first}"),
                              ("kudo", 10, f"kudo:{second}")]
    assert points(helper) == 10


def test_accepting_an_answer_credits_answerer_fifteen_and_asker_two(answer, helper, asker):
    forum.answer_accept(answer=answer, by=asker)
    assert ledger(helper) == [("accepted", 15, f"accept:{answer.pk}")]
    assert ledger(asker) == [("asker_accepted", 2, f"accept:{answer.pk}")]


def test_accept_unaccept_accept_again_keeps_one_credit_open_with_a_sequence(answer, helper, asker):
    forum.answer_accept(answer=answer, by=asker)
    forum.answer_unaccept(answer=answer, by=asker)
    forum.answer_accept(answer=answer, by=asker)
    rows = list(ReputationEntry.objects.filter(member=helper).order_by("id").values_list("reason", "points", "seq"))
    assert rows == [("accepted", 15, 1), ("accepted_undone", -15, 1), ("accepted", 15, 2)]
    assert points(helper) == 15
    assert points(asker) == 2


def test_moving_the_acceptance_to_another_answer_moves_the_points(thread, answer, helper, asker, member):
    other = forum.answer_create(author=member, thread=thread, body="Or unplug it for a minute.")
    forum.answer_accept(answer=answer, by=asker)
    forum.answer_accept(answer=other, by=asker)
    assert points(helper) == 0
    assert points(member) == 15
    assert points(asker) == 2


def test_verification_credits_twenty_five_and_unverifying_reverses_it(answer, helper, asker, moderator):
    forum.answer_accept(answer=answer, by=asker)
    verify(answer, moderator)
    assert points(helper) == 40
    verify(answer, moderator, verified=False)
    assert points(helper) == 15
    assert ledger(helper)[-1] == ("verified_undone", -25, f"verify:{answer.pk}")


def test_unaccepting_a_verified_answer_reverses_acceptance_and_verification(answer, helper, asker, moderator):
    forum.answer_accept(answer=answer, by=asker)
    verify(answer, moderator)
    forum.answer_unaccept(answer=answer, by=asker)
    assert points(helper) == 0
    assert points(asker) == 0


def test_deleting_an_answer_reverses_its_kudos_and_acceptance_and_restoring_credits_kudos_again(
        answer, helper, asker, member, moderator):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    assert points(helper) == 25
    forum.post_delete(post=answer, by=moderator)
    assert points(helper) == 0
    assert points(asker) == 0
    forum.post_restore(post=answer, by=moderator)
    assert points(helper) == 10  # acceptance was undone by the deletion; kudos come back


def test_deleting_a_thread_reverses_everything_earned_in_it(thread, answer, helper, asker, member, moderator):
    forum.kudo_give(user=member, post=thread)
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    forum.post_delete(post=thread, by=moderator)
    assert (points(helper), points(asker)) == (0, 0)
    forum.post_restore(post=thread, by=moderator)
    assert (points(helper), points(asker)) == (25, 7)


def test_no_points_for_accepting_ones_own_answer(thread, asker):
    own = forum.answer_create(author=asker, thread=thread, body="Never mind, I found it myself.")
    forum.answer_accept(answer=own, by=asker)
    assert ledger(asker) == []


def test_no_points_for_a_kudo_on_ones_own_post_even_through_the_service(answer, helper):
    forum.kudo_give(user=helper, post=answer)
    assert ledger(helper) == []


def test_kudo_points_are_capped_per_day_but_acceptance_is_not(category, helper, asker):
    ReputationSettings.objects.update(daily_kudo_cap=25)
    services.settings_save(instance=ReputationSettings.objects.get())
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Try this.")
    givers = [factories.make_member() for _ in range(4)]
    for giver in givers:
        forum.kudo_give(user=giver, post=answer)
    assert points(helper) == 25
    assert [row[1] for row in ledger(helper)] == [10, 10, 5, 0]
    forum.answer_accept(answer=answer, by=asker)
    assert points(helper) == 40
    # Taking back one kudo leaves 30 uncapped points that day: still at the cap.
    forum.kudo_withdraw(user=givers[0], post=answer)
    assert points(helper) == 40
    forum.kudo_withdraw(user=givers[1], post=answer)
    assert points(helper) == 35


def test_points_follow_the_settings_administrators_choose(answer, helper, member):
    settings = ReputationSettings.objects.get()
    settings.kudo_on_answer = 7
    services.settings_save(instance=settings)
    forum.kudo_give(user=member, post=answer)
    assert points(helper) == 7


def test_the_ledger_refuses_the_same_credit_twice(answer, helper, member):
    forum.kudo_give(user=member, post=answer)
    entry = ReputationEntry.objects.get(member=helper)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReputationEntry.objects.create(member=helper, points=10, reason="kudo", source=entry.source, seq=1,
                                       occurred_at=entry.occurred_at, day=entry.day)


def test_syncing_a_thread_twice_writes_nothing_more(answer, helper, member, asker):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    before = ReputationEntry.objects.count()
    assert services.sync_thread(answer.thread_id) == 0
    assert ReputationEntry.objects.count() == before


def test_weekly_and_monthly_totals_are_cached_on_the_standing(answer, helper, member, asker):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    standing = Standing.objects.get(member=helper)
    assert (standing.total, standing.this_week, standing.this_month) == (25, 25, 25)


def test_rebuild_reproduces_the_cached_totals(answer, helper, member, asker, moderator):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    verify(answer, moderator)
    cached = services.cached_totals()
    assert services.totals_from_sources() == cached
    Standing.objects.filter(member=helper).update(total=999)
    from django.core.management import call_command

    call_command("rebuild_reputation", verbosity=0)
    assert services.cached_totals() == cached


def test_giving_a_kudo_twice_is_refused_by_the_forum_and_credits_once(answer, helper, member):
    forum.kudo_give(user=member, post=answer)
    with pytest.raises(ValidationError):
        forum.kudo_give(user=member, post=answer)
    assert points(helper) == 10
