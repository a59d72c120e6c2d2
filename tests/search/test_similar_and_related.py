"""Similar questions while typing a title (htmx partial) and related threads beside a thread."""

import pytest

from forum import extensions, search
from forum.search.receivers import _related_panel

URL = "/search/similar/"


def test_similar_lists_solved_threads_first_and_marks_an_open_one_for_a_me_too(client, corpus):
    response = client.get(URL, {"title": "I cancelled before it shipped, when is my refund paid back"},
                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "These may already answer your question" in html and "<html" not in html
    items = html.split("<li>")[1:]
    open_items = [item for item in items if corpus["open-refund-question"].title in item]
    assert open_items and "same problem? Say “me too” there" in open_items[0]
    assert "pill--solved" in items[0] or "pill--verified" in items[0]  # an answer first


def test_similar_finds_an_english_answer_for_a_dutch_question_and_says_so(client, hybrid_corpus):
    """Nothing Dutch is about a robot vacuum's map: the English thread, marked as English."""
    client.cookies["django_language"] = "nl"
    html = client.get(URL, {"title": "robotstofzuiger vergeet de kaart van het huis"},
                      HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = [item for item in html.split("<li>")[1:] if hybrid_corpus["robot-vacuum-map"].title in item]
    assert english and "In het Engels" in english[0] and 'lang="en"' in english[0]
    assert html.index(hybrid_corpus["robot-vacuum-map"].title) < html.index("</li>")  # first


BAD_TITLES = ["", "a", "x" * 10_000, "😀😀😀😀😀😀😀😀😀", 'AND OR NOT * ? " ( ) : ~ ^ -', "wachtwoord пароль 密码 reset",
              "' OR 1=1; DROP TABLE forum_thread; --", "\x00\x00 null bytes \x00"]


@pytest.mark.parametrize("title", BAD_TITLES)
def test_similar_answers_any_title_without_an_error(client, corpus, title, settings):
    settings.SEARCH_SEMANTIC = True  # the model sees the raw text too
    response = client.get(URL, {"title": title})
    assert response.status_code == 200


@pytest.mark.parametrize("query", BAD_TITLES)
def test_the_search_page_answers_any_query_without_an_error(client, corpus, query, settings):
    settings.SEARCH_SEMANTIC = True
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("title", ["", "refund", "the and of the", "\"*AND(", "x" * 1000])
def test_similar_stays_quiet_for_short_or_meaningless_titles(client, corpus, title):
    response = client.get(URL, {"title": title})
    assert response.status_code == 200
    if len(title) < 8 or title.startswith("the"):
        assert response.content == b""


def test_similar_tolerates_a_typo(client, corpus):
    html = client.get(URL, {"title": "bluetoth speaker paring"}).content.decode()
    assert corpus["speaker-pairing"].title in html


def test_similar_costs_a_fixed_number_of_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(URL, {"title": "refund after a return of my order"})


def test_related_threads_panel_is_registered_and_excludes_the_thread_itself(rf, corpus):
    assert _related_panel in extensions.thread_panels
    thread = corpus["bulb-wifi-5ghz"]
    panels = _related_panel(rf.get("/"), thread)
    assert panels[0]["template"] == "forum/search/related_panel.html"
    related = [hit.key for hit in panels[0]["context"]["related_hits"]]
    assert f"thread:{thread.pk}" not in related
    assert f"thread:{corpus['nl-lamp-wifi'].pk}" in related or f"thread:{corpus['speaker-pairing'].pk}" in related


def test_related_threads_cost_a_fixed_number_of_queries(rf, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        _related_panel(rf.get("/"), corpus["reset-password"])


def test_the_related_panel_renders(corpus):
    from django.template.loader import render_to_string

    hits = search.related(corpus["refund-time"])
    html = render_to_string("forum/search/related_panel.html", {"related_hits": hits})
    from django.utils.html import escape

    assert "Related questions" in html and escape(hits[0].title) in html  # "I can't print…" is escaped


def test_a_missing_page_gets_suggestions_from_the_words_of_its_url(corpus):
    hits = search.for_missing_page("/t/999/forgot-my-password-reset-email/")
    assert corpus["reset-password"].title in [hit.title for hit in hits]
    assert search.for_missing_page("/") == []


def test_the_404_page_links_the_threads_search_found_for_the_missing_url(client, corpus):
    """The page a visitor sees, on each backend: a search hit becomes a working link."""
    thread = corpus["reset-password"]
    response = client.get("/help/forgot-my-password-reset-email/")  # not /t/<id>/: that id may exist
    content = response.content.decode()
    assert response.status_code == 404
    assert f'href="{thread.get_absolute_url()}"' in content
    assert thread.title in content


def test_an_english_question_on_the_dutch_site_does_not_mark_english_threads(client, corpus):
    client.cookies["django_language"] = "nl"
    html = client.get(URL, {"title": "my refund after returning the headphones"}).content.decode()
    assert corpus["refund-time"].title in html and "In het Engels" not in html


# Bad input from issue #10, each on both surfaces (the ask form's similar box and the search page), with the
# model on: a sensible result or a clear message, never an error.

LONG = "Forgot my password and the reset email never arrives " + "x" * 10_000
SYNTAX = 'refund AND (return) OR "how long" NOT * ? : ~ ^ -'
MIXED = "wachtwoord vergeten пароль 密码 herstelmail"


@pytest.mark.parametrize(("title", "expected"), [
    ("", None), ("a", None), ("😀😀😀😀😀😀😀😀😀", None),
    (LONG, "reset-password"), (SYNTAX, "refund-time"), (MIXED, "nl-wachtwoord-vergeten"),
])
def test_the_similar_box_shows_nothing_for_no_words_and_the_answer_around_odd_characters(
        client, hybrid_corpus, title, expected):
    response = client.get(URL, {"title": title})
    assert response.status_code == 200
    if expected is None:
        assert response.content == b""  # nothing to suggest: the box stays empty, the form untouched
    else:
        assert hybrid_corpus[expected].title in response.content.decode()


@pytest.mark.parametrize(("query", "expected", "message"), [
    ("", None, "What are you looking for?"),
    ("a", None, "Add a more specific word"),
    ("😀😀😀😀😀😀😀😀😀", None, "What are you looking for?"),
    (LONG, "reset-password", "shortened to its first 200 characters"),
    (SYNTAX, "refund-time", None),
    (MIXED, "nl-wachtwoord-vergeten", None),
])
def test_the_search_page_explains_an_empty_query_and_finds_the_answer_around_odd_characters(
        client, hybrid_corpus, query, expected, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    if message:
        assert message in html
    if expected:
        assert hybrid_corpus[expected].title in html


class BrokenModel:
    """Loads, then fails on every query: an engine that crashes at run time."""

    def query(self, text):
        raise RuntimeError("the engine crashed")

    def passage(self, texts):
        raise RuntimeError("the engine crashed")


def missing_model():
    raise OSError("e5-small-q4.bin: no such file")


@pytest.mark.parametrize("loader", ["tests.search.test_similar_and_related.missing_model",
                                    "tests.search.test_similar_and_related.BrokenModel"])
def test_a_model_that_fails_leaves_both_surfaces_lexical_and_healthz_warns(client, corpus, settings, loader):
    from forum.search import semantic

    settings.SEARCH_SEMANTIC = True
    settings.SEARCH_EMBEDDER = loader
    semantic.reset()
    try:
        similar = client.get(URL, {"title": "forgot my password reset email never arrives"})
        page = client.get("/search/", {"q": "forgot password reset email"})
        health = client.get("/healthz").json()
    finally:
        semantic.reset()
    assert similar.status_code == 200 and corpus["reset-password"].title in similar.content.decode()
    assert page.status_code == 200 and corpus["reset-password"].title in page.content.decode()
    assert health["semantic_search"]["ok"] is False and "lexical search only" in health["semantic_search"]["detail"]


def test_the_similar_box_model_reads_the_corrected_title_too_the_search_page_what_was_typed(hybrid_corpus,
                                                                                           monkeypatch):
    """A typo the model misreads ("acount") is fixed for it in the ask form, which shows no
    did-you-mean; the search page offers the correction as a link instead (#10)."""
    from forum import search
    from forum.search import semantic

    read = []
    embed = semantic.embed_query
    monkeypatch.setattr(semantic, "embed_query", lambda text: read.append(text) or embed(text))
    search.similar("acount opheffen")
    assert sorted(read) == ["account opheffen", "acount opheffen"]
    read.clear()
    page = search.search("acount opheffen")
    assert read == ["acount opheffen"] and page.suggestion == "account opheffen"
