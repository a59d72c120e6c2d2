"""A known issue's status is one fact in every language (#15 item 7): resolving the English known issue
resolves its Dutch translation too (and the reverse, and reopening), so no banner, listing or status
pill in either language outlives the issue; the Dutch draft an editor opens next carries it, and
followers of threads linked to the Dutch page are told in Dutch."""

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from django.utils.text import capfirst

from blog import providers, services
from blog.models import KnownIssuePage
from forum import services as forum_services
from forum.models import Notification
from forum.search.documents import document_types
from tests import factories
from tests.blog.conftest import add_update, translate


def _request(path):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return request


def _banners(language, category=None):
    with translation.override(language):
        if category is None:
            return [banner["text"] for banner in providers.home_banners(_request("/"))]
        return [banner["text"] for banner in providers.category_banners(_request("/c/x/"), category)]


@pytest.fixture
def issue(publish_known_issue, editor, category):
    english = publish_known_issue(title="Lamps lose their connection", categories=[category], by=editor)
    dutch = translate(english, "Lampen verliezen hun verbinding", editor)
    return {"en": english, "nl": dutch}


def test_both_banners_show_while_the_issue_is_open(issue, category):
    assert _banners("nl") == ["Bekende storing (in onderzoek): Lampen verliezen hun verbinding"]
    assert _banners("en", category) == ["Known issue (investigating): Lamps lose their connection"]


@pytest.mark.parametrize(("resolved_in", "other"), [("en", "nl"), ("nl", "en")])
def test_resolving_one_translation_resolves_the_issue_in_both_languages(issue, category, editor, client,
                                                                        resolved_in, other):
    add_update(issue[resolved_in], "Fixed.", status="resolved", by=editor)
    for language in ("en", "nl"):
        assert _banners(language) == [] and _banners(language, category) == []
    translation_page = KnownIssuePage.objects.get(pk=issue[other].pk)
    resolved = KnownIssuePage.objects.get(pk=issue[resolved_in].pk)
    assert (translation_page.status, translation_page.resolved_at) == ("resolved", resolved.resolved_at)
    client.cookies["django_language"] = other
    html = client.get(translation_page.url).content.decode()
    with translation.override(other):
        label = capfirst(str(KnownIssuePage.Status.RESOLVED.label))
    assert f'<span class="status-pill status-pill--resolved">{label}</span>' in html


def test_reopening_the_issue_reopens_it_in_both_languages(issue, category, editor):
    add_update(issue["en"], "Fixed.", status="resolved", by=editor)
    add_update(issue["en"], "It is back for some lamps.", status="investigating", by=editor)
    assert KnownIssuePage.objects.get(pk=issue["nl"].pk).status == "investigating"
    assert _banners("nl", category) == ["Bekende storing (in onderzoek): Lampen verliezen hun verbinding"]


def test_the_dutch_draft_an_editor_opens_next_is_resolved_too_so_publishing_it_keeps_the_issue_resolved(
        issue, editor):
    add_update(issue["en"], "Fixed.", status="resolved", by=editor)
    draft = KnownIssuePage.objects.get(pk=issue["nl"].pk).get_latest_revision_as_object()
    assert draft.status == "resolved" and draft.resolved_at is not None
    draft.summary = "Sommige lampen verbreken elke avond de verbinding."  # the Dutch editor's own change
    draft.save_revision(user=editor).publish(user=editor)
    assert set(KnownIssuePage.objects.filter(translation_key=issue["en"].translation_key)
               .values_list("status", flat=True)) == {"resolved"}
    assert _banners("en") == [] and _banners("nl") == []


def test_followers_of_a_thread_linked_to_the_dutch_page_hear_it_is_resolved(
        issue, member, moderator, category, editor, django_capture_on_commit_callbacks):
    thread = factories.make_thread(category=category)
    forum_services.follow(user=member, thread=thread)
    services.link_known_issue(known_issue=issue["nl"], thread=thread, by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(issue["en"], "Fixed.", status="resolved", by=editor)
    texts = list(Notification.objects.filter(recipient=member, verb="known_issue_update").values_list("text", flat=True))
    assert texts == ["Resolved: Lampen verliezen hun verbinding"]


def test_the_dutch_search_document_is_resolved_and_indexed_again(issue, editor, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    from forum import search

    indexed = []
    monkeypatch.setattr(search, "index_document", lambda type_name, pk: indexed.append((type_name, pk)))
    with django_capture_on_commit_callbacks(execute=True):
        add_update(issue["en"], "Fixed.", status="resolved", by=editor)
    assert ("known_issue", str(issue["nl"].pk)) in indexed
    document = document_types()["known_issue"].document(issue["nl"].pk)
    assert document.status == "resolved" and document.solved


def test_a_translation_left_open_before_statuses_were_shared_shows_no_banner(issue, category):
    """Pages published before publishing shared the status: resolved in one language is resolved."""
    KnownIssuePage.objects.filter(pk=issue["en"].pk).update(status="resolved")
    from blog import selectors

    selectors.forget_open_known_issues()
    assert _banners("nl") == [] and _banners("nl", category) == [] and _banners("en") == []


def test_the_editor_is_told_the_status_is_the_issues_in_english_and_dutch(client_for, editor, issue):
    from django.urls import reverse

    from blog.models import KnownIssuePage as Page

    html = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[issue["nl"].pk])).content.decode()
    assert "publishing them here changes them in every translation too" in html
    (panel,) = [panel for panel in Page.content_panels if getattr(panel, "heading", "") == "Status"]
    with translation.override("nl"):
        assert str(panel.help_text).startswith("De status, het begin en het tijdstip van oplossen horen bij de storing")
