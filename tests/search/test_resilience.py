"""A missing or corrupt Whoosh index: search says it is rebuilding, /healthz reports it, the site stays up."""

import shutil

import pytest

from forum import search
from forum.search import rebuilding
from forum.search.backends import whoosh_backend
from forum.search.backends.whoosh_backend import WhooshBackend
from tests.search.conftest import thread_key


@pytest.fixture
def broken_index(backend_name, make_indexed_thread, settings):
    """An index with one thread in it, and a function that breaks it in the given way."""
    if backend_name != "whoosh":
        pytest.skip("index files that go missing or corrupt are Whoosh's failure; PostgreSQL has none")
    thread = make_indexed_thread(title="Microwave turntable does not rotate")
    assert thread_key(thread) in [hit.key for hit in search.search("microwave").hits]

    def breaking(how: str):
        current = WhooshBackend(settings.SEARCH_INDEX_DIR).current_dir()
        if how == "corrupt":
            for path in current.iterdir():
                path.write_bytes(b"\x00garbage" * 10)
        else:
            shutil.rmtree(current)
        whoosh_backend._indexes.clear()

    return breaking


@pytest.mark.parametrize("how", ["corrupt", "missing"])
def test_a_broken_index_reports_rebuilding_and_healthz_answers_503(client, broken_index, how):
    broken_index(how)
    assert search.health() == (False, "rebuilding…")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == {"ok": False, "detail": "rebuilding…"}


@pytest.mark.parametrize("how", ["corrupt", "missing"])
def test_a_broken_index_shows_a_rebuilding_page_and_the_site_stays_up(client, broken_index, how):
    broken_index(how)
    response = client.get("/search/", {"q": "microwave"})
    assert response.status_code == 200
    assert "Search is rebuilding" in response.content.decode()
    assert client.get("/search/similar/", {"title": "microwave turntable broken"}).status_code == 200
    assert client.get("/").status_code == 200


def test_a_broken_index_does_not_break_the_write_that_follows(broken_index, indexed, category):
    from tests import factories

    broken_index("corrupt")
    thread = indexed(factories.make_thread, title="Kettle limescale everywhere", category=category)
    assert thread.pk


def test_a_rebuild_repairs_a_corrupt_index(broken_index, rebuild):
    broken_index("corrupt")
    rebuild()
    assert search.health()[0] is True
    assert search.search("microwave").total == 1


def test_a_brand_new_site_starts_with_an_empty_healthy_index(db):
    ok, detail = search.health()
    assert ok and detail == "whoosh: 0 documents"


def test_only_one_automatic_rebuild_runs_at_a_time(settings, monkeypatch, db):
    calls = []
    monkeypatch.setattr(search, "rebuild", lambda progress=None: calls.append(1) or 0)
    started = rebuilding.start_in_background()
    assert started is True
    # While the lock is held nobody else starts one; the lock goes when the run ends.
    for thread in __import__("threading").enumerate():
        if thread.name == "search-rebuild":
            thread.join(10)
    assert calls == [1]
    assert not rebuilding._lock_path().exists()
    rebuilding._take_lock()
    assert rebuilding.start_in_background() is False
    rebuilding._lock_path().unlink()


def test_the_health_of_the_postgres_backend_counts_rows(settings, db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL search backend needs PostgreSQL (CI runs the suite on it too)")
    settings.SEARCH_BACKEND = "postgres"
    assert search.health() == (True, "postgres: 0 documents")


def test_a_deleted_index_folder_is_noticed_by_its_count_and_rebuilt_by_itself(client, backend_name, settings,
                                                                             category, monkeypatch):
    """The whole folder gone while serving: an empty index appears, so "0 documents" must not pass."""
    from tests import factories

    if backend_name != "whoosh":
        pytest.skip("a deleted index folder is Whoosh's failure")
    for n in range(12):
        factories.make_thread(title=f"Dishwasher error code E{n}", category=category)
    search.rebuild()
    assert search.health()[0]
    shutil.rmtree(settings.SEARCH_INDEX_DIR)
    whoosh_backend._indexes.clear()
    settings.SEARCH_AUTO_REBUILD = True
    started = []
    monkeypatch.setattr(rebuilding, "start_in_background", lambda: started.append(1) or True)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "the index has 0 of 12 documents" in response.json()["checks"]["search"]["detail"]
    assert started  # one rebuild asked for (the lock keeps it to one per machine)
    monkeypatch.setattr(rebuilding, "in_progress", lambda: True)
    assert "Search is rebuilding" in client.get("/search/", {"q": "dishwasher"}).content.decode()
    search.rebuild()  # what the background rebuild does
    monkeypatch.setattr(rebuilding, "in_progress", lambda: False)
    assert client.get("/healthz").status_code == 200
    assert "Dishwasher error code E3" in client.get("/search/", {"q": "dishwasher E3"}).content.decode()
