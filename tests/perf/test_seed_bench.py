"""`manage.py seed_bench`: a generated community whose every derived row agrees with the rules."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from badges import services as badge_services
from badges.models import Award, ReputationEntry, Standing
from forum import bench_seed
from forum.models import Answer, Category, Kudo, MeToo, Revision, Thread

pytestmark = pytest.mark.django_db


def _seed(**options):
    out = StringIO()
    call_command("seed_bench", members=60, threads=150, answers_per_thread=3, seed=3, until=date(2026, 11, 30),
                 chunk=40, verbosity=0, stdout=out, **options)
    return out.getvalue()


def _snapshot():
    return {
        "threads": sorted(Thread.objects.values_list("pk", "answer_count", "kudos_count", "me_too_count", "status")),
        "answers": sorted(Answer.objects.values_list("pk", "kudos_count")),
        "categories": sorted(Category.objects.values_list("pk", "thread_count")),
        "standings": sorted(Standing.objects.values_list("member_id", "total", "week_points", "month_points",
                                                         "rank_id")),
        "ledger": ReputationEntry.objects.count(),
        "awards": sorted(Award.objects.filter(revoked_at__isnull=True).values_list("badge_id", "member_id", "source")),
    }


def test_the_rebuild_commands_find_nothing_to_change_after_seeding():
    _seed_and_check_the_rebuilds_agree()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the threaded writer runs on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_written_on_a_thread_of_its_own_the_community_is_the_same_and_consistent():
    """Outside a transaction, on PostgreSQL, the chunks are written on a thread of their own (foreign-key
    checks off for a superuser): the rows are the ones the plain path writes and refer to rows that exist."""
    from django.core.cache import cache

    from badges.bootstrap import install

    install()  # an earlier transactional test flushed the tables, the default badges and ranks included
    cache.clear()
    assert bench_seed.Writer().threaded and not connection.in_atomic_block
    _seed_and_check_the_rebuilds_agree()
    for model, column, target in ((Answer, "thread_id", Thread), (Kudo, "answer_id", Answer),
                                  (Revision, "answer_id", Answer), (ReputationEntry, "thread_id", Thread)):
        referred = set(model.objects.exclude(**{f"{column}__isnull": True}).values_list(column, flat=True))
        assert referred and referred <= set(target.objects.values_list("pk", flat=True)), model


def _seed_and_check_the_rebuilds_agree():
    message = _seed()
    assert "Seeded 60 members, 150 threads" in message
    before = _snapshot()
    assert before["ledger"] > 50 and before["awards"], "the community earned reputation and badges"

    call_command("synchronize_counters", verbosity=0, stdout=StringIO())
    rebuilt = badge_services.rebuild_reputation()
    out = StringIO()
    call_command("award_badges", backfill=True, verbosity=0, stdout=out)

    assert rebuilt["entries_written"] == 0
    assert rebuilt["standings_changed"] == 0
    assert rebuilt["ledger_mismatches"] == 0
    assert "0 awarded, 0 revoked" in out.getvalue()
    assert _snapshot() == before


def test_the_community_has_the_shapes_the_page_benchmark_opens():
    _seed()
    counts = sorted(Thread.objects.values_list("answer_count", flat=True), reverse=True)
    assert counts[0] == 200 and 20 in counts
    assert Thread.objects.filter(language="nl").exists() and Thread.objects.filter(language="en").exists()
    assert Answer.objects.filter(is_accepted=True).exists()
    assert Answer.objects.filter(verified_at__isnull=False).exists()
    assert MeToo.objects.exists() and Kudo.objects.exists()
    assert Thread.objects.filter(tags__isnull=False).exists()
    # one revision per post, as the services keep
    assert Revision.objects.count() == Thread.objects.count() + Answer.objects.count()
    # no one thanks their own post
    assert not Kudo.objects.filter(answer__author=F("user")).exists()


def test_the_same_seed_makes_the_same_community():
    _seed()
    first = list(Thread.objects.order_by("pk").values_list("title", "answer_count", "status"))
    Thread.objects.all().delete()
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username__startswith="bench").delete()
    ReputationEntry.objects.all().delete()
    _seed()
    assert list(Thread.objects.order_by("pk").values_list("title", "answer_count", "status")) == first


def test_seeding_twice_refuses_instead_of_mixing_two_communities():
    _seed()
    with pytest.raises(RuntimeError, match="seed into an empty database"):
        _seed()

