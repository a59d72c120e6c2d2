"""manage.py search_rebuild and search_check, on both backends."""

import pytest
from django.core.management import CommandError, call_command

from forum import search
from forum.models import Thread
from forum.search.backends.whoosh_backend import WhooshBackend
from tests import factories
from tests.search.conftest import keys, thread_key


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_search_rebuild_indexes_every_public_thread(backend_name, category):
    threads = [factories.make_thread(category=category, title=f"Lawn mower will not start {n}") for n in range(3)]
    hidden = factories.make_thread(category=category, title="Lawn mower hidden thread")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    output = run("search_rebuild")
    assert "Indexed 3 documents" in output
    assert sorted(keys(search.search("lawn mower"))) == sorted(thread_key(t) for t in threads)


@pytest.mark.django_db(transaction=True)
def test_search_rebuild_outside_a_transaction_vacuums_and_can_run_again(settings, category):
    """As `manage.py search_rebuild` runs in production: no transaction around it (PostgreSQL VACUUMs)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM after a rebuild is the PostgreSQL backend's")
    settings.SEARCH_BACKEND = "postgres"
    thread = factories.make_thread(category=category, title="Garage door opener beeps")
    assert not connection.in_atomic_block
    for _ in range(2):
        assert "Indexed 1 documents" in run("search_rebuild")
    assert keys(search.search("garage door")) == [thread_key(thread)]


def test_search_check_reports_missing_stale_and_extra(backend_name, category, indexed):
    fresh = indexed(factories.make_thread, category=category, title="Garden hose connector leaks")
    stale = indexed(factories.make_thread, category=category, title="Garden light timer resets")
    extra = indexed(factories.make_thread, category=category, title="Garden pump is noisy")
    assert "The index matches the database" in run("search_check")
    missing = factories.make_thread(category=category, title="Garden shed lock is stuck")  # never indexed
    Thread.objects.filter(pk=stale.pk).update(title="Garden light timer forgets its settings")
    Thread.objects.filter(pk=extra.pk).update(is_hidden=True)  # changed behind the services' back
    with pytest.raises(CommandError, match="drifted"):
        run("search_check")
    drift = search.check()
    assert drift.missing == [thread_key(missing)]
    assert drift.stale == [thread_key(stale)]
    assert drift.extra == [thread_key(extra)]
    assert fresh
    output = run("search_check", "--fix")
    assert "missing: 1" in output and "stale: 1" in output and "extra: 1" in output
    assert "The index matches the database" in run("search_check")


def test_a_whoosh_rebuild_swaps_atomically_and_keeps_changes_made_meanwhile(settings, category, indexed,
                                                                             backend_name):
    if backend_name != "whoosh":
        pytest.skip("the directory swap is Whoosh's; PostgreSQL swaps inside one transaction")
    old = indexed(factories.make_thread, category=category, title="Sprinkler head is clogged")
    backend = WhooshBackend(settings.SEARCH_INDEX_DIR)
    before = backend.current_dir()
    seen_during_rebuild = []

    def documents():
        for document in search.all_documents():
            # Mid-rebuild: the live index still answers, and a change made now is journalled.
            seen_during_rebuild.append(search.search("sprinkler").total)
            yield document
        factories_thread = factories.make_thread(category=category, title="Sprinkler timer skips days")
        search.index_thread(factories_thread.pk)
        seen_during_rebuild.append(factories_thread)

    backend.rebuild(documents())
    added = seen_during_rebuild.pop()
    assert seen_during_rebuild == [1]
    assert backend.current_dir() != before and not before.exists()
    assert sorted(keys(search.search("sprinkler"))) == sorted([thread_key(old), thread_key(added)])
    assert not backend.marker.exists() and not backend.journal.exists()
