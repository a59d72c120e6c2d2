"""Forum fixtures: a thread by `member` with an answer by `other_member`, and helpers to read pages."""

import pytest
from django.utils.html import escape

from tests import factories


@pytest.fixture
def thread(member, category):
    return factories.make_thread(author=member, category=category, title="My parcel shows delivered but is missing",
                                 tags=["delivery"])


@pytest.fixture
def answer(thread, other_member):
    return factories.make_answer(thread=thread, author=other_member, body="Check the pick-up point nearby.")


@pytest.fixture
def third_member(db):
    return factories.make_member(username="tess", display_name="Tess Third")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit work (notifications, emails) as the real site would after the request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page_text(response) -> str:
    return response.content.decode()


def shows(response, message) -> bool:
    """The exact (constant) message appears on the page, HTML-escaped as the template shows it."""
    return escape(str(message)) in page_text(response)
