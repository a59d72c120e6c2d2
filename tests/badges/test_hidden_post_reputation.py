"""Hidden posts lose their reputation and regain it when shown again; the rebuild agrees (issue #12, item 5)."""

from django.core.management import call_command
from django.dispatch import Signal

from badges import services
from badges.models import ReputationEntry
from forum import services as forum
from forum import signals as forum_signals
from moderation import services as moderation
from moderation import signals as moderation_signals
from tests.badges.conftest import points


def test_hiding_an_answer_reverses_its_kudos_and_acceptance_and_showing_it_credits_them_again(
        answer, helper, asker, member, moderator):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    assert (points(helper), points(asker)) == (25, 2)
    moderation.review_hide(post=answer, by=moderator, reason="Looks like spam")
    assert (points(helper), points(asker)) == (0, 0)
    assert ReputationEntry.objects.filter(member=helper, reason__endswith="_undone").count() == 2
    moderation.post_unhide(post=answer, by=moderator, reason="It was fine")
    assert (points(helper), points(asker)) == (25, 2)


def test_hiding_a_thread_reverses_everything_earned_in_it(thread, answer, helper, asker, member, moderator):
    forum.kudo_give(user=member, post=thread)
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    moderation.review_hide(post=thread, by=moderator)
    assert (points(helper), points(asker)) == (0, 0)
    moderation.post_unhide(post=thread, by=moderator)
    assert (points(helper), points(asker)) == (25, 7)


def test_a_post_hidden_by_reports_loses_its_reputation(answer, helper, member, settings, db):
    from tests import factories

    forum.kudo_give(user=member, post=answer)
    assert points(helper) == 10
    settings.MODERATION = {"AUTO_HIDE_WEIGHT": 1}
    flagger = factories.grant(factories.make_member(username="fay"), "flag_posts")
    moderation.flag_create(flagger=flagger, post=answer, reason="spam")
    answer.refresh_from_db()
    assert answer.is_hidden
    assert points(helper) == 0


def test_the_rebuild_agrees_while_a_post_is_hidden(answer, helper, asker, member, moderator):
    forum.kudo_give(user=member, post=answer)
    forum.answer_accept(answer=answer, by=asker)
    moderation.review_hide(post=answer, by=moderator)
    cached = services.cached_totals()
    assert services.totals_from_sources() == cached
    call_command("rebuild_reputation", verbosity=0)
    assert services.cached_totals() == cached
    assert points(helper) == 0


def _declared(module) -> dict[str, Signal]:
    return {name: value for name, value in vars(module).items() if isinstance(value, Signal)}


def test_every_domain_signal_has_a_receiver(db):
    silent = [f"{module.__name__}.{name}" for module in (forum_signals, moderation_signals)
              for name, signal in _declared(module).items() if not signal.has_listeners()]
    assert silent == []


def test_merged_answers_keep_their_reputation_when_the_old_thread_changes_later(thread, answer, helper, member,
                                                                                moderator, category):
    from tests import factories

    forum.kudo_give(user=member, post=answer)
    target = factories.make_thread(category=category, title="The same question, asked first")
    moderation.thread_merge(source=thread, target=target, by=moderator)
    assert points(helper) == 10
    forum.kudo_give(user=member, post=thread)  # the closed duplicate still takes kudos: its ledger is synced
    assert points(helper) == 10
    services.sync_thread(thread.pk)
    services.sync_thread(target.pk)
    assert points(helper) == 10
    assert services.totals_from_sources() == services.cached_totals()
