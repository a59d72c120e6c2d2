"""A long thread shows its answers in pages: the accepted answer first on every page, the others by
kudos and age; ?page= and the pagination partial; an answer's link opens the page that holds it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services
from moderation import services as moderation_services
from tests import factories

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.FORUM = {**settings.FORUM, "ANSWERS_PER_PAGE": PER_PAGE}


@pytest.fixture
def long_thread(member, category):
    thread = factories.make_thread(author=member, category=category, title="Router drops the connection at night")
    answers = [factories.make_answer(thread=thread, author=factories.make_member(), body=f"Answer number {n}.")
               for n in range(8)]
    return thread, answers


def shown(response) -> list[int]:
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(r'<article class="card post-card answer[^"]*" id="answer-(\d+)"',
                                         response.content.decode())]


def test_answers_come_in_pages_with_the_one_pagination_partial(client, long_thread):
    thread, answers = long_thread
    first = client.get(thread.get_absolute_url())
    assert shown(first) == [a.pk for a in answers[:3]]
    html = first.content.decode()
    assert "8 answers" in html and "Page 1 of 3" in html and 'href="?page=2" rel="next"' in html
    assert shown(client.get(thread.get_absolute_url(), {"page": 3})) == [a.pk for a in answers[6:]]
    assert shown(client.get(thread.get_absolute_url(), {"page": "nonsense"})) == [a.pk for a in answers[:3]]


def test_the_accepted_and_verified_answer_is_first_on_every_page(client, long_thread, member, moderator):
    thread, answers = long_thread
    services.answer_accept(answer=answers[7], by=member)
    moderation_services.answer_verify(answer=answers[7], by=moderator)
    for number in (1, 2, 3):
        on_page = shown(client.get(thread.get_absolute_url(), {"page": number}))
        assert on_page[0] == answers[7].pk and on_page.count(answers[7].pk) == 1
    assert shown(client.get(thread.get_absolute_url(), {"page": 3})) == [answers[7].pk, answers[6].pk]


def test_an_answers_link_opens_the_page_that_holds_it(client, long_thread):
    thread, answers = long_thread
    url = answers[5].get_absolute_url()
    assert url.endswith(f"?answer={answers[5].pk}#answer-{answers[5].pk}")
    assert answers[5].pk in shown(client.get(url))
    # from a notification, through the short URL too
    response = client.get(f"/t/{thread.pk}/wrong-slug/?answer={answers[5].pk}")
    assert response.status_code == 301 and response.url.endswith(f"?answer={answers[5].pk}")


def test_a_notification_of_a_new_answer_leads_to_its_page(on_commit, client_for, long_thread, member):
    thread, _ = long_thread
    with on_commit():
        answer = services.answer_create(author=factories.make_member(), thread=thread, body="Try another channel.")
    client = client_for(member)
    notification = member.notifications.get(answer=answer)
    response = client.get(f"/notifications/{notification.pk}/", follow=True)
    assert answer.pk in shown(response) and "Page 3 of 3" in response.content.decode()


def test_the_answer_form_redirects_to_the_new_answers_page(client_for, long_thread):
    thread, _ = long_thread
    client = client_for(factories.make_member())
    response = client.post(f"/thread/{thread.pk}/answer/", {"body": "Update the router's firmware first.",
                                                              "submission_token": "t-1"})
    answer = thread.answers.order_by("-pk").first()
    assert response.status_code == 302 and response.url == answer.get_absolute_url()
    assert answer.pk in shown(client.get(response.url))


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_every_page_of_a_long_thread_costs_the_same_queries(client_for, long_thread, who):
    thread, _ = long_thread
    client = client_for(factories.make_member() if who == "member" else None)
    client.get(thread.get_absolute_url())

    def count(**params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(thread.get_absolute_url(), params).status_code == 200
        return len(queries)

    first = count()
    assert count(page=2) == first and count(page=3) == first
    for n in range(12):
        factories.make_answer(thread=thread, author=factories.make_member(), body=f"More {n}.")
    client.get(thread.get_absolute_url())  # what is kept per content version (the related search) again
    assert count(page=5) == first
