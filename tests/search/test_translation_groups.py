"""An article in English and in Dutch is one article to search (#15 item 7): the search page, the ask
form's similar box and the 404 page show it once, in the reader's language, or in the other language
marked as such where it has no translation; on both backends, on the lexical and the fused ranking."""

from dataclasses import replace

import pytest

from forum import search
from forum.search import hybrid, semantic
from forum.search.backends import whoosh_backend
from forum.search.backends.base import Hit
from forum.search.documents import document_types
from tests.blog.conftest import (  # noqa: F401
    blog_index,
    dutch_blog_index,
    known_issue_index,
    publish_article,
    publish_known_issue,
)

DUTCH_BODY = [{"type": "paragraph", "value": "<p>Open de app en kies Lumina om de lamp te koppelen.</p>"}]


@pytest.fixture
def lumina(indexed, publish_article):  # noqa: F811 - a fixture
    """"Lumina" in both translations' titles: each one is a lexical match for it."""
    english = indexed(publish_article, title="Pair your Lumina lamp with the app", slug="pair-lumina")
    dutch = indexed(publish_article, title="Je Lumina-lamp koppelen met de app", slug="lumina-koppelen",
                    language="nl", translation_of=english, body=DUTCH_BODY)
    return {"en": english, "nl": dutch}


def _articles(hits) -> list[str]:
    return [hit.title for hit in hits if hit.doc_type == "article"]


def _as(client, language):
    client.cookies["django_language"] = language
    return client


def test_both_translations_share_the_pages_translation_key_as_their_group(lumina):
    documents = [document_types()["article"].document(lumina[code].pk) for code in ("en", "nl")]
    assert {d.translation_group for d in documents} == {str(lumina["en"].translation_key)}
    assert [d.language for d in documents] == ["en", "nl"]


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_a_search_lists_an_article_once_in_the_readers_language(lumina, sort):
    for reader, title in (("en", lumina["en"].title), ("nl", lumina["nl"].title)):
        found = search.search("lumina", sort=sort, language=reader)
        assert _articles(found.hits) == [title]
        assert found.total == 1
        assert found.facets["doc_type"] == {"article": 1} and found.facets["kind"] == {"article": 1}


def test_the_search_page_shows_the_dutch_translation_to_a_dutch_visitor_unmarked(client, lumina):
    response = _as(client, "nl").get("/search/", {"q": "lumina"})
    html = response.content.decode()
    assert [item["hit"].title for item in response.context["hits"]] == [lumina["nl"].title]
    assert "1 resultaat" in html and lumina["en"].title not in html
    assert "In het Engels" not in html
    response = _as(client, "en").get("/search/", {"q": "lumina"})
    assert [item["hit"].title for item in response.context["hits"]] == [lumina["en"].title]
    assert lumina["nl"].title not in response.content.decode()


def test_an_article_without_a_dutch_translation_is_shown_to_a_dutch_visitor_marked_english(
        client, indexed, publish_article):  # noqa: F811 - a fixture
    article = indexed(publish_article, title="Reset your Lumina hub", slug="reset-lumina-hub")
    html = _as(client, "nl").get("/search/", {"q": "lumina"}).content.decode()
    assert f'href="{article.url}" lang="en" hreflang="en">{article.title}</a>' in html
    assert '<span class="pill pill--language">In het Engels</span>' in html


def test_the_similar_box_shows_the_translation_in_the_language_the_question_is_typed_in(client, lumina):
    dutch = _as(client, "nl").get("/search/similar/", {"title": "hoe koppel ik de lumina lamp"}).content.decode()
    assert lumina["nl"].title in dutch and lumina["en"].title not in dutch
    # An English question on the Dutch site: the English translation, not marked (typed in English).
    english = client.get("/search/similar/", {"title": "how do I pair the lumina lamp"}).content.decode()
    assert lumina["en"].title in english and lumina["nl"].title not in english
    assert "In het Engels" not in english


def test_the_404_page_suggests_the_translation_in_the_visitors_language(client, lumina):
    dutch = _as(client, "nl").get("/help/lumina-lamp-app/").content.decode()
    assert f'href="{lumina["nl"].url}"' in dutch and f'href="{lumina["en"].url}"' not in dutch
    english = _as(client, "en").get("/help/lumina-lamp-app/").content.decode()
    assert f'href="{lumina["en"].url}"' in english and f'href="{lumina["nl"].url}"' not in english


def test_a_known_issue_and_its_translation_are_one_result(indexed, publish_known_issue):  # noqa: F811
    from wagtail.models import Locale

    from blog.models import KnownIssuePage

    english = indexed(publish_known_issue, title="Lumina lamps lose their connection")
    dutch = english.copy_for_translation(Locale.objects.get(language_code="nl"))  # "Translate" in the CMS
    dutch.give_own_slug()
    dutch = dutch.get_latest_revision_as_object()
    dutch.title = "Lumina-lampen verliezen hun verbinding"
    indexed(lambda: dutch.save_revision().publish())
    dutch = KnownIssuePage.objects.get(pk=dutch.pk)
    assert [hit.title for hit in search.search("lumina", language="nl").hits] == [dutch.title]
    assert [hit.title for hit in search.search("lumina", language="en").hits] == [english.title]


def test_an_entry_indexed_without_its_group_reads_as_stale_and_a_fix_fills_it_in(lumina):
    """The way an index from before translation groups is brought up to date (search_check --fix)."""
    document = document_types()["article"].document(lumina["nl"].pk)
    search.backend().index([replace(document, translation_group="")])
    whoosh_backend.wait_for_pending_writes()
    assert len(_articles(search.search("lumina", language="nl").hits)) == 2  # no group: two articles
    assert search.check().stale == [f"article:{lumina['nl'].pk}"]
    search.index_document("article", lumina["nl"].pk)
    whoosh_backend.wait_for_pending_writes()
    assert search.check().clean
    assert _articles(search.search("lumina", language="nl").hits) == [lumina["nl"].title]


class _Index:
    """A backend that only answers fetch (the hits found by meaning alone)."""

    def __init__(self, *hits):
        self.hits = {hit.key: hit for hit in hits}

    def fetch(self, keys, terms=()):
        return {k: self.hits[k] for k in keys if k in self.hits}


def test_the_fused_ranking_shows_the_readers_translation_at_the_place_the_other_one_earned():
    """The words found the English article, the model its Dutch translation lower down: a Dutch reader
    gets the Dutch one where the English one ranked, counted once; an English reader the English one."""
    english = Hit(doc_type="article", doc_id="1", title="Pair your lamp", url="/blog/pair/", language="en",
                  translation_group="k1")
    thread = Hit(doc_type="thread", doc_id="7", title="Lamp will not pair", url="/t/7/", language="en")
    dutch = Hit(doc_type="article", doc_id="2", title="Je lamp koppelen", url="/blog/koppelen/", language="nl",
                translation_group="k1")
    near = [semantic.Neighbour("thread:7", 0.95, "en", False, False),
            semantic.Neighbour("article:2", 0.88, "nl", False, False, "k1")]
    for reader, shown in (("nl", "article:2"), ("en", "article:1")):
        ranked = hybrid.rank(search.parse("pair lamp"), [english, thread], _Index(dutch), filters={}, language="en",
                             pending=semantic.Pending(value=near), reader=reader)
        assert [hit.key for hit in ranked.hits] == ["thread:7", shown]
        assert ranked.added == 0  # the Dutch one is the article the words found


def test_the_stored_vector_carries_the_group_so_the_model_finds_it_with_its_group(lumina, settings):
    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_EMBEDDER = "tests.search.fake_embedder.HashingEmbedder"
    semantic.reset()
    try:
        documents = [document_types()["article"].document(lumina[code].pk) for code in ("en", "nl")]
        semantic.store(documents)
        document = documents[1]
        [nearest] = semantic.nearest(semantic.passage_text(document), filters={}, k=1)
        assert (nearest.key, nearest.translation_group) == (f"article:{lumina['nl'].pk}", document.translation_group)
        # A rebuild brings a vector stored before groups up to date without embedding it again.
        from forum.search.models import SearchVector

        SearchVector.objects.update(translation_group="")
        calls = type(semantic._load()).calls
        search.embed_all()
        assert set(SearchVector.objects.exclude(vector=None).values_list("translation_group", flat=True)) == {
            document.translation_group}
        assert type(semantic._load()).calls == calls
    finally:
        semantic.reset()


def test_a_whoosh_index_from_before_groups_answers_and_rebuilds_itself(settings, monkeypatch, lumina):
    """An index written by the previous release lacks the field: searching and indexing work on it,
    a rebuild starts by itself, and the rebuilt index lists the article once."""
    from whoosh import index as whoosh_index

    from forum.search import rebuilding

    if settings.SEARCH_BACKEND != "whoosh":
        pytest.skip("the Whoosh index's own schema")
    active = search.backend()
    old_schema = whoosh_backend.schema()
    old_schema.remove("translation_group")
    path = active._new_dir()
    whoosh_index.create_in(str(path), old_schema)
    active._point_to(path)
    whoosh_backend._indexes.clear()
    started = []
    monkeypatch.setattr(rebuilding, "start_in_background", lambda: started.append(1) or True)
    settings.SEARCH_AUTO_REBUILD = True
    search.index_document("article", lumina["en"].pk)
    search.index_document("article", lumina["nl"].pk)
    whoosh_backend.wait_for_pending_writes()
    assert started == [1]  # once, when this process first opened the old index
    assert len(_articles(search.search("lumina", language="nl").hits)) == 2  # no groups in it yet
    search.rebuild()
    assert _articles(search.search("lumina", language="nl").hits) == [lumina["nl"].title]

