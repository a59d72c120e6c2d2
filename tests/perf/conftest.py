import pytest


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The anonymous page cache, as in production (the rest of the suite runs without it)."""
    settings.PAGE_CACHE = True
