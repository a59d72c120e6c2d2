"""The cast: anonymous, member, author, moderator, editor, admin; and a client signed in as any of them."""

import pytest
from django.test import Client

from forum import roles
from tests import factories


@pytest.fixture
def member(db):
    return factories.make_member(username="mia", display_name="Mia Member")


@pytest.fixture
def other_member(db):
    return factories.make_member(username="otto", display_name="Otto Other")


@pytest.fixture
def moderator(db):
    return factories.make_member(username="mod", display_name="Mila Moderator", groups=(roles.MODERATORS,),
                                 is_staff=True)


@pytest.fixture
def editor(db):
    return factories.make_member(username="ed", display_name="Eddie Editor", groups=(roles.EDITORS,), is_staff=True)


@pytest.fixture
def admin_user(db):
    return factories.make_member(username="root", display_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def category(db):
    return factories.make_category(name="Orders", slug="orders")


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from config.web import pagecache

    cache.clear()
    pagecache.forget_process_cache()
    yield
    cache.clear()
    pagecache.forget_process_cache()


@pytest.fixture(autouse=True)
def _own_search_index(settings, tmp_path):
    """Each test searches a Whoosh index of its own: the database rolls back after a test, an index
    on disk would not, and earlier tests' documents would turn up in later tests' results."""
    from forum.search.backends import whoosh_backend

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    yield
    whoosh_backend.wait_for_pending_writes()
    whoosh_backend._indexes.clear()


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks():
    """Every test starts in the default language: a test that switched to Dutch must not leak it
    into the next one on the same worker (the verify-button labels once came out in Dutch)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
