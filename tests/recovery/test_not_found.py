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

    monkeypatch.setattr(search, "for_missing_page", lambda path, limit=5, language="": [])
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


def _hit(title, url, language):
    from forum.search import Hit

    return Hit(doc_type="thread", doc_id=url, title=title, url=url, language=language)


def test_a_dutch_visitor_gets_dutch_suggestions_first_and_english_ones_marked(client, monkeypatch):
    """#15 item 7: the search's order is kept within each language, the visitor's language first."""
    from forum import search

    found = [_hit("Track a parcel", "/t/1/", "en"), _hit("Pakket volgen", "/t/2/", "nl"),
             _hit("Parcel lost", "/t/3/", "en"), _hit("Pakket kwijt", "/t/4/", "nl")]
    monkeypatch.setattr(search, "for_missing_page", lambda path, limit=5, language="": found[:limit])
    client.cookies["django_language"] = "nl"
    html = client.get("/pakket-volgen/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    listed = html.split("data-not-found-suggestions>", 1)[1].split("</ul>", 1)[0]
    assert (listed.index("Pakket volgen") < listed.index("Pakket kwijt") < listed.index("Track a parcel")
            < listed.index("Parcel lost"))
    assert ('<a href="/t/1/" lang="en" hreflang="en">Track a parcel</a> '
            '<span class="pill pill--language" lang="en">English</span>') in listed
    assert '<a href="/t/2/">Pakket volgen</a></li>' in listed  # the visitor's own language: no mark
    client.cookies["django_language"] = "en"
    english = client.get("/track-parcel/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    listed = english.split("data-not-found-suggestions>", 1)[1].split("</ul>", 1)[0]
    assert listed.index("Track a parcel") < listed.index("Parcel lost") < listed.index("Pakket volgen")
    assert '<span class="pill pill--language" lang="nl">Nederlands</span>' in listed


def test_without_search_hits_a_dutch_visitor_gets_the_dutch_solved_threads_first(client, category, monkeypatch):
    from forum import search
    from forum.models import Thread

    monkeypatch.setattr(search, "for_missing_page", lambda path, limit=5, language="": [])
    dutch = _solved_thread(category, "Hoe verander ik de kleur van de lamp")
    Thread.objects.filter(pk=dutch.pk).update(language="nl")
    english = _solved_thread(category, "Changing the colour of the lamp")  # the latest: first in English
    client.cookies["django_language"] = "nl"
    html = client.get("/lamp-kleur/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert html.index(dutch.get_absolute_url()) < html.index(english.get_absolute_url())
    client.cookies["django_language"] = "en"
    html = client.get("/lamp-colour/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index(english.get_absolute_url()) < html.index(dutch.get_absolute_url())
