"""A random sequence of posts, kudos, withdrawals, accepts, unaccepts, verifications, deletes and
restores: afterwards the cached totals equal a rebuild from the source rows, the ledger sums to
the totals, and no badge is held twice or wrongly."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from badges import rules as badge_rules
from badges import services
from badges.models import Award, Badge, ReputationEntry
from forum import services as forum
from forum.models import Answer, Thread
from moderation import signals as moderation_signals
from tests import factories


class ForumActivity(RuleBasedStateMachine):
    people: list = []
    category = None
    moderator = None

    threads = Bundle("threads")
    answers = Bundle("answers")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def person(self, index):
        return self.people[index % len(self.people)]

    @rule(target=threads, author=st.integers(0, 3), kind=st.sampled_from(["question", "problem", "compliment"]))
    def ask(self, author, kind):
        return factories.make_thread(author=self.person(author), category=self.category, kind=kind,
                                     body=f"Thanks @{self.person(author + 1).username} for everything!")

    @rule(target=answers, thread=threads, author=st.integers(0, 3))
    def answer(self, thread, author):
        return forum.answer_create(author=self.person(author), thread=Thread.objects.get(pk=thread.pk),
                                   body="Have you tried turning it off and on again?")

    @rule(giver=st.integers(0, 3), post=st.one_of(threads, answers))
    def give_kudo(self, giver, post):
        post = type(post).objects.get(pk=post.pk)
        user = self.person(giver)
        if user.pk == post.author_id or post.is_deleted:
            return
        try:
            forum.kudo_give(user=user, post=post)
        except ValidationError:
            pass

    @rule(giver=st.integers(0, 3), post=st.one_of(threads, answers))
    def withdraw_kudo(self, giver, post):
        try:
            forum.kudo_withdraw(user=self.person(giver), post=type(post).objects.get(pk=post.pk))
        except ValidationError:
            pass

    @rule(answer=answers)
    def accept(self, answer):
        answer = Answer.objects.select_related("thread").get(pk=answer.pk)
        if answer.is_deleted:
            return
        try:
            forum.answer_accept(answer=answer, by=answer.thread.author)
        except ValidationError:
            pass

    @rule(answer=answers)
    def unaccept(self, answer):
        answer = Answer.objects.select_related("thread").get(pk=answer.pk)
        try:
            forum.answer_unaccept(answer=answer, by=answer.thread.author)
        except ValidationError:
            pass

    @rule(answer=answers, verified=st.booleans())
    def verify(self, answer, verified):
        answer = Answer.objects.select_related("thread").get(pk=answer.pk)
        if not answer.is_accepted or answer.is_verified == verified:
            return
        forum.answer_set_verified(answer=answer, by=self.moderator, verified=verified)
        signal = moderation_signals.answer_verified if verified else moderation_signals.answer_unverified
        signal.send(sender=Answer, answer=answer, by=self.moderator, reason="")

    @rule(post=st.one_of(threads, answers), restore=st.booleans())
    def delete_or_restore(self, post, restore):
        post = type(post).objects.get(pk=post.pk)
        try:
            (forum.post_restore if restore else forum.post_delete)(post=post, by=self.moderator)
        except ValidationError:
            pass

    @invariant()
    def cached_totals_equal_the_rebuild(self):
        cached = services.cached_totals()
        assert cached == services.totals_from_sources()
        ledger = Counter()
        for member_id, points in ReputationEntry.objects.values_list("member_id", "points"):
            ledger[member_id] += points
        assert {k: v for k, v in ledger.items() if v} == {k: v[0] for k, v in cached.items() if v[0]}

    @invariant()
    def no_badge_is_held_twice_or_wrongly(self):
        held = list(Award.objects.held().values_list("badge_id", "member_id", "source"))
        assert len(held) == len(set(held))
        for badge in Badge.objects.filter(enabled=True).exclude(rule="manual"):
            result = badge_rules.RULES[badge.rule].evaluate(badge.parameters, None)
            if badge.multiple:
                should = {(m, s) for m, sources in result.items() for s in sources}
            else:
                should = {(m, "") for m, sources in result.items() if sources}
            has = {(m, s) for b, m, s in held if b == badge.pk}
            assert should <= has, badge.slug  # everything earned is awarded
            if badge.revoke_when_rule_fails:
                assert has <= should, badge.slug  # nothing held that no longer holds


@pytest.mark.django_db
def test_random_forum_activity_keeps_ledger_totals_and_badges_exact(category, moderator):
    for slug, params in (("nice-answer", {"count": 1}), ("appreciated", {"count": 2}),
                         ("good-question", {"count": 1}), ("accepted-10", {"count": 2}),
                         ("verified-10", {"count": 2})):
        badge = Badge.objects.get(slug=slug)
        badge.parameters = params
        badge.revoke_when_rule_fails = slug in {"nice-answer", "good-question", "accepted-10"}
        badge.save()
    ForumActivity.people = [factories.make_member(username=f"person{i}") for i in range(4)]
    ForumActivity.category = category
    ForumActivity.moderator = moderator
    run_state_machine_as_test(ForumActivity, settings=settings(
        max_examples=15, stateful_step_count=15, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
