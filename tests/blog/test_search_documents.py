from forum import search
from forum.search.documents import SearchDocument, document_types
from tests import factories


def test_articles_and_known_issues_are_registered_document_types():
    assert {"article", "known_issue"} <= set(document_types())


def test_a_published_article_becomes_a_document_with_plain_text(publish_article):
    category = factories.make_category(slug="smart-home")
    article = publish_article(categories=[category], tags=["wifi"], language="nl")
    document = document_types()["article"].document(article.pk)
    assert isinstance(document, SearchDocument)
    assert (document.doc_type, document.doc_id, document.kind) == ("article", str(article.pk), "article")
    assert document.url == "/blog/connect-your-smart-lamp-to-24-ghz-wifi/"
    assert "Open the router settings" in document.body
    assert "Guest networks block devices." in document.body
    assert "<p>" not in document.body
    assert (document.language, document.category, document.tags) == ("nl", "smart-home", ["wifi"])


def test_drafts_are_not_searchable(publish_article):
    article = publish_article(publish=False)
    assert document_types()["article"].document(article.pk) is None
    assert list(document_types()["article"].all_documents()) == []


def test_a_known_issue_document_carries_its_status_and_updates(publish_known_issue):
    known_issue = publish_known_issue(updates=["We found the cause."])
    document = document_types()["known_issue"].document(known_issue.pk)
    assert document.status == "investigating"
    assert "We found the cause." in document.body
    assert "Switch the lamp off and on." in document.body


def test_publishing_unpublishing_and_deleting_reindex_after_commit(publish_article, publish_known_issue, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    calls = []
    monkeypatch.setattr(search, "index_document", lambda type_name, pk: calls.append((type_name, pk)))
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article()
    assert ("article", str(article.pk)) in calls
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert ("article", str(article.pk)) in calls
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known_issue = publish_known_issue()
    assert ("known_issue", str(known_issue.pk)) in calls
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known_issue.delete()
    assert ("known_issue", str(known_issue.pk)) in calls


def test_published_articles_and_known_issues_are_found_by_site_search(publish_article, publish_known_issue,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = publish_article(title="Pair your lamp on 2.4 GHz wifi")
        known_issue = publish_known_issue(title="Lamps disconnect every evening")
    found = search.search("lamp", facets=False)
    keys = {(hit.doc_type, hit.doc_id) for hit in found.hits}
    assert ("article", str(article.pk)) in keys
    assert ("known_issue", str(known_issue.pk)) in keys
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    keys = {(hit.doc_type, hit.doc_id) for hit in search.search("lamp", facets=False).hits}
    assert ("article", str(article.pk)) not in keys
