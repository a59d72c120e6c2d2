"""Twenty simultaneous kudos and accepts on the same answer produce exactly the right ledger."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from badges.models import Award, ReputationEntry, Standing
from forum import services as forum
from forum.models import Answer
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="Row locks and real concurrent transactions need PostgreSQL (SQLite serialises writers)."),
    pytest.mark.django_db(transaction=True),
]


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except ValidationError:
            pass  # "already accepted": the expected refusal of the losers
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


@pytest.fixture(autouse=True)
def defaults(transactional_db):
    """Transactional tests flush the tables, data-migration rows included: put the defaults back."""
    from django.core.cache import cache

    from badges.bootstrap import install

    install()
    cache.clear()


def test_twenty_simultaneous_kudos_and_accepts_write_exactly_the_right_ledger():
    category = factories.make_category()
    asker = factories.make_member(username="asker")
    helper = factories.make_member(username="helper")
    thread = factories.make_thread(author=asker, category=category)
    answer = forum.answer_create(author=helper, thread=thread, body="Hold the reset button.")
    givers = [factories.make_member(username=f"giver{i}") for i in range(16)]

    def kudo(user):
        return lambda: forum.kudo_give(user=user, post=Answer.objects.get(pk=answer.pk))

    def accept():
        forum.answer_accept(answer=Answer.objects.get(pk=answer.pk), by=asker)

    errors = run_together([kudo(user) for user in givers] + [accept] * 4)
    assert errors == []

    entries = ReputationEntry.objects.filter(member=helper)
    assert entries.filter(reason="kudo").count() == 16
    assert sorted(entries.filter(reason="kudo").values_list("points", flat=True)) == [10] * 16
    assert entries.filter(reason="accepted").count() == 1
    assert not entries.exclude(reason__in=["kudo", "accepted"]).exists()
    assert list(ReputationEntry.objects.filter(member=asker).values_list("reason", "points")) == [
        ("asker_accepted", 2)]
    assert Standing.objects.get(member=helper).total == 16 * 10 + 15
    assert Standing.objects.get(member=asker).total == 2
    assert Award.objects.held().filter(member=helper, badge__slug="first-accepted-answer").count() == 1


def test_twenty_simultaneous_kudos_respect_the_daily_cap_exactly():
    category = factories.make_category()
    asker = factories.make_member(username="asker")
    helper = factories.make_member(username="helper")
    answers = [forum.answer_create(author=helper, thread=factories.make_thread(author=asker, category=category),
                                   body="Try this.") for _ in range(2)]
    givers = [factories.make_member(username=f"giver{i}") for i in range(11)]
    jobs = [lambda u=user, a=a: forum.kudo_give(user=u, post=Answer.objects.get(pk=a.pk))
            for user in givers for a in answers][:22]
    assert run_together(jobs) == []
    # 22 kudos x 10 = 220 uncapped: exactly the cap of 200 is credited, whatever the order.
    assert Standing.objects.get(member=helper).total == 200
    assert ReputationEntry.objects.filter(member=helper, reason="kudo").count() == 22
