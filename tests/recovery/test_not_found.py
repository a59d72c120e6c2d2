"""The 404 page: hits counted by path, suggestions, and a “what were you looking for?” form."""

import pytest
from django.urls import reverse

from moderation.models import NotFoundPath
from moderation.recovery.models import Feedback
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_404_is_counted_by_path(client):
    for _ in range(3):
        assert client.get("/no/such/page/").status_code == 404
    client.get("/another-missing-page/")
    assert dict(NotFoundPath.objects.values_list("path", "hits")) == {"/no/such/page/": 3,
                                                                      "/another-missing-page/": 1}


def test_the_404_page_still_renders_when_counting_fails(client, monkeypatch):
    from moderation.recovery import services

    def broken(path):
        raise RuntimeError("database is down")

    monkeypatch.setattr(services, "count_missing_page", broken)
    response = client.get("/still-works/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def _solved_thread(category, title):
    from forum import services as forum_services

    thread = factories.make_thread(category=category, title=title)
    forum_services.answer_accept(answer=factories.make_answer(thread=thread), by=thread.author)
    return thread


def test_the_404_page_suggests_what_search_finds_and_asks_what_was_missing(
        client, category, django_capture_on_commit_callbacks):
    from forum.search.backends import whoosh_backend

    with django_capture_on_commit_callbacks(execute=True):
        _solved_thread(category, "How to track a parcel")
        _solved_thread(category, "Changing the colour of the lamp")
    whoosh_backend.wait_for_pending_writes()
    content = client.get("/parcel-tracking-guide/").content.decode()
    assert "How to track a parcel" in content
    assert "Changing the colour of the lamp" not in content  # found by the words of the URL
    assert "What were you looking for?" in content
    assert 'name="page" value="/parcel-tracking-guide/"' in content


def test_without_search_hits_the_404_page_suggests_the_latest_solved_threads(client, category, monkeypatch):
    from forum import search

    monkeypatch.setattr(search, "for_missing_page", lambda path, limit=5: [])
    thread = _solved_thread(category, "Changing the colour of the lamp")
    content = client.get("/parcel-tracking-guide/").content.decode()
    assert f'href="{thread.get_absolute_url()}"' in content


def test_what_were_you_looking_for_saves_a_missing_page_feedback(client):
    response = client.post(reverse("recovery:feedback_missing"), {
        "message": "The warranty conditions", "page": "/warranty/", "email": ""})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert (item.kind, item.page, item.message) == ("missing_page", "/warranty/", "The warranty conditions")


def test_an_empty_missing_page_report_is_refused(client):
    response = client.post(reverse("recovery:feedback_missing"), {"message": "", "page": "/warranty/"})
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
