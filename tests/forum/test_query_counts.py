"""Every page costs the same number of queries for 1 row and for 50."""

import pytest
from django.conf import settings
from django.urls import reverse

from forum import services
from tests import factories

pytestmark = pytest.mark.django_db

THREAD_PAGE_MAX = 22
# Staff see the panels other apps add for them (moderator tools, case and notes, article links).
THREAD_PAGE_MAX_FOR_STAFF = 40
# Lists carry the known-issue banner (blog) on top of the forum's own queries.
LIST_PAGE_MAX = 16
# With the PostgreSQL search backend, article suggestions in the staff panels are SQL queries.
SQL_SEARCH_QUERIES_FOR_STAFF = 4


def fill_thread(thread, count):
    for n in range(count):
        author = factories.make_member()
        answer = factories.make_answer(thread=thread, author=author, body=f"Answer number {n}")
        services.kudo_give(user=thread.author, post=answer)
    return thread


@pytest.mark.parametrize("answers", [1, 50])
@pytest.mark.parametrize("who", ["anonymous", "member", "asker", "moderator"])
def test_the_thread_page_has_a_fixed_query_count(client_for, member, other_member, moderator, category, answers,
                                                 who, django_assert_max_num_queries):
    thread = fill_thread(factories.make_thread(author=member, category=category), answers)
    services.kudo_give(user=other_member, post=thread)
    user = {"anonymous": None, "member": other_member, "asker": member, "moderator": moderator}[who]
    client = client_for(user)
    limit = THREAD_PAGE_MAX_FOR_STAFF if who == "moderator" else THREAD_PAGE_MAX
    if settings.SEARCH_BACKEND == "postgres" and who == "moderator":
        limit += SQL_SEARCH_QUERIES_FOR_STAFF
    with django_assert_max_num_queries(limit):
        response = client.get(thread.get_absolute_url())
    # A page shows at most ANSWERS_PER_PAGE answers (tests/forum/test_thread_answer_pages.py).
    assert response.status_code == 200
    assert len(response.context["answers"]) == min(answers, settings.FORUM["ANSWERS_PER_PAGE"])


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("url_name", ["home", "unanswered", "solved", "mine", "category", "tag"])
def test_list_pages_have_a_fixed_query_count(client_for, member, category, rows, url_name,
                                             django_assert_max_num_queries):
    for n in range(rows):
        factories.make_thread(author=factories.make_member(), category=category, tags=["wifi", f"t{n % 3}"],
                              title=f"Question about wifi number {n}")
    args = {"category": [category.slug], "tag": ["wifi"]}.get(url_name, [])
    client = client_for(member)
    with django_assert_max_num_queries(LIST_PAGE_MAX):
        response = client.get(reverse(f"forum:{url_name}", args=args))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_profile_and_notification_pages_have_a_fixed_query_count(client_for, member, other_member, category, rows,
                                                                 django_assert_max_num_queries):
    for n in range(rows):
        thread = factories.make_thread(author=member, category=category, title=f"Question of the member {n}")
        factories.make_answer(thread=thread, author=member)
        services.notify_member(recipient=member, verb="test", text=f"Hello {n}", actor=other_member)
    client = client_for(member)
    # The profile carries the badges panel and the moderation panel beside the forum's own rows,
    # and one query for its robots tag (a suspended member's profile is not indexed).
    with django_assert_max_num_queries(17):
        assert client.get(reverse("forum:profile", args=[member.username])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("forum:notifications")).status_code == 200
