"""The blog's page fixtures, for the article and known-issue markup and feeds."""

import pytest  # noqa: E402

from tests.blog.conftest import (  # noqa: F401
    blog_index,
    dutch_blog_index,
    known_issue_index,
    publish_article,
    publish_known_issue,
)


@pytest.fixture(autouse=True)
def _canonical_site_url(settings):
    """A SITE_URL unlike the test client's host: absolute links must come from SITE_URL."""
    settings.SITE_URL = "http://testserver-canonical"
