"""Similar questions while typing a title (htmx partial) and related threads beside a thread."""

import pytest

from forum import extensions, search
from forum.search.receivers import _related_panel

URL = "/search/similar/"


def test_similar_lists_only_solved_threads_for_a_title_being_typed(client, corpus):
    response = client.get(URL, {"title": "my refund after returning headphones"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert corpus["refund-time"].title in html
    assert corpus["open-refund-question"].title not in html  # open threads do not answer anything yet
    assert "These may already answer your question" in html
    assert "<html" not in html


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
    assert "Related questions" in html and hits[0].title in html


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
