"""Search tests run once per backend: Whoosh always, PostgreSQL when the suite runs on it."""

import pytest
from django.db import connection

from forum import search
from forum.search.backends import whoosh_backend
from tests import factories

BACKENDS = ["whoosh", "postgres"]
POSTGRES_ONLY = "the PostgreSQL search backend needs PostgreSQL (CI runs the suite on it too)"


@pytest.fixture(autouse=True)
def _whoosh_unless_a_test_asks(settings):
    """Whoosh by default, whatever the suite runs on (each test has its own index: tests/conftest.py)."""
    settings.SEARCH_AUTO_REBUILD = False
    settings.SEARCH_BACKEND = "whoosh"


@pytest.fixture(params=BACKENDS)
def backend_name(request, settings, db):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)
    settings.SEARCH_BACKEND = request.param
    return request.param


@pytest.fixture
def indexed(backend_name, django_capture_on_commit_callbacks):
    """Run a block, then its on-commit index tasks (as a real request would after commit)."""

    class Runner:
        def __call__(self, fn, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                value = fn(*args, **kwargs)
            whoosh_backend.wait_for_pending_writes()
            return value

    return Runner()


def keys(page_or_hits):
    hits = getattr(page_or_hits, "hits", page_or_hits)
    return [hit.key for hit in hits]


def thread_key(thread):
    return f"thread:{thread.pk}"


@pytest.fixture
def make_indexed_thread(indexed, category):
    def make(**kwargs):
        kwargs.setdefault("category", category)
        return indexed(factories.make_thread, **kwargs)

    return make


@pytest.fixture
def rebuild(backend_name):
    def run():
        search.rebuild()
        whoosh_backend.wait_for_pending_writes()

    return run


def load_corpus() -> dict:
    """Create the relevance corpus through the forum services; returns {key: thread}."""
    from forum import services
    from tests.search.relevance import CATEGORIES, THREADS

    categories = {slug: factories.make_category(name=name, slug=slug) for slug, name in CATEGORIES}
    asker = factories.make_member(username="asker")
    helper = factories.make_member(username="helper")
    staff = factories.make_member(username="staffer", is_staff=True)
    threads = {}
    for key, category, kind, language, title, body, tags, answers in THREADS:
        thread = services.thread_create(author=asker, kind=kind, title=title, body=body,
                                        category=categories[category], tags=tags, language=language)
        for answer_body, state in answers:
            answer = services.answer_create(author=helper, thread=thread, body=answer_body)
            if state in ("accepted", "verified"):
                services.answer_accept(answer=answer, by=asker)
            if state == "verified":
                services.answer_set_verified(answer=answer, by=staff, verified=True)
        threads[key] = thread
    return threads


@pytest.fixture(scope="module")
def corpus_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The corpus, created once per module inside a transaction that is rolled back at the end.

    Tests nest inside it (their own transaction becomes a savepoint), so they may read the
    corpus and write log rows, but must not write to its indexes.
    """
    from django.db import transaction
    from django.test import override_settings

    index_dir = tmp_path_factory.mktemp("corpus-index")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(SEARCH_INDEX_DIR=index_dir, SEARCH_AUTO_REBUILD=False,
                                   SEARCH_BACKEND="whoosh"):
                threads = load_corpus()
                search.rebuild()
                if connection.vendor == "postgresql":
                    with override_settings(SEARCH_BACKEND="postgres"):
                        search.rebuild()
            whoosh_backend.wait_for_pending_writes()
            yield threads, index_dir
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            whoosh_backend._indexes.clear()


@pytest.fixture
def corpus(corpus_data, backend_name, settings):
    threads, index_dir = corpus_data
    settings.SEARCH_INDEX_DIR = index_dir
    return threads


@pytest.fixture(scope="module")
def _corpus_vectors(corpus_data, django_db_blocker):
    """The corpus's embeddings, computed once per module (inside its rolled-back transaction)."""
    from django.test import override_settings

    from forum.search import semantic

    semantic.reset()
    with django_db_blocker.unblock(), override_settings(SEARCH_SEMANTIC=True):
        search.embed_all()
    yield
    semantic.reset()  # the rows are rolled back with the corpus


@pytest.fixture
def hybrid_corpus(corpus, _corpus_vectors, settings):
    """The corpus with semantic search on: what the site ranks with."""
    settings.SEARCH_SEMANTIC = True
    return corpus
