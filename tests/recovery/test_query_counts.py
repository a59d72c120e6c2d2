"""Pinned query counts: the queue, the dashboard, the inbox, the compliments and the case page cost the same
for one row as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation.recovery import services
from tests import factories

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["recovery:waiting", "recovery:dashboard", "recovery:inbox", "recovery:compliments"]
MAX_QUERIES = 14
PANEL_QUERIES = {"recovery:dashboard": 2}  # the scheduled-jobs panel: job states, one queue aggregate


def _fill(n, *, category, member, moderator):
    for index in range(n):
        thread = factories.make_thread(author=member, category=category, kind="problem")
        factories.make_thread(author=member, category=category, kind="question")
        services.feedback_create(kind="suggestion", message=f"Idea {index}", author=member)
        services.feedback_create(kind="compliment", message=f"Thanks {index}", author=member)
        if index % 2:
            services.case_set_status(case=thread.case, by=moderator, status="resolved")
        services.note_add(thread=thread, by=moderator, body=f"note {index}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", STAFF_PAGES)
def test_staff_pages_cost_the_same_queries_for_one_row_and_many(url_name, team, category, member, moderator,
                                                              client_for):
    client = client_for(moderator)
    url = reverse(url_name)
    _fill(1, category=category, member=member, moderator=moderator)
    client.get(url)  # warm the session
    few = _queries(client, url)
    _fill(12, category=category, member=member, moderator=moderator)
    many = _queries(client, url)
    assert few == many
    assert many <= MAX_QUERIES + PANEL_QUERIES.get(url_name, 0)


def test_the_case_page_costs_the_same_queries_for_one_answer_and_many(case, moderator, other_member, client_for):
    client = client_for(moderator)
    url = reverse("recovery:case", args=[case.pk])
    factories.make_answer(thread=case.thread, author=other_member, body="Answer 0")
    services.note_add(thread=case.thread, by=moderator, body="note 0")
    client.get(url)
    few = _queries(client, url)
    for index in range(1, 10):
        factories.make_answer(thread=case.thread, author=other_member, body=f"Answer {index}")
        services.note_add(thread=case.thread, by=moderator, body=f"note {index}")
    many = _queries(client, url)
    assert few == many
    assert many <= 18


@pytest.mark.parametrize("notes", [1, 10])
def test_the_thread_panels_cost_two_queries(notes, case, moderator, rf, django_assert_num_queries):
    from moderation.recovery.panels import thread_panels

    for index in range(notes):
        services.note_add(thread=case.thread, by=moderator, body=f"note {index}")
    request = rf.get("/")
    request.user = moderator
    request.user.has_perm("forum.moderate")  # permission cache filled, as on a real page
    with django_assert_num_queries(2):
        thread_panels(request, case.thread)
