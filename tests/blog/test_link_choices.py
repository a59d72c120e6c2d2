"""The moderator's "link an article" and "link to a known issue" lists on a thread page (#15 item 7): each
option says its language, and an article's two translations are one option with both titles, so
that a moderator sees one article; a thread linked to one translation is not offered the other, and
linking it anyway is refused. One form include serves both lists."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from blog import providers, services
from blog.models import ThreadArticleLink
from forum import search
from tests import factories
from tests.blog.conftest import translate


def _panel(user, thread, language="en"):
    request = RequestFactory().get(thread.get_absolute_url())
    request.user = user
    with translation.override(language):
        (panel,) = providers.thread_panel(request, thread)
        return panel["context"], render_to_string(panel["template"], panel["context"], request=request)


def _select(html, name) -> str:
    return re.search(rf'<select [^>]*name="{name}".*?</select>', html, re.S).group(0)


@pytest.fixture
def articles(publish_article, editor, category):
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp", by=editor)
    dutch = publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                            translation_of=english, by=editor)
    only_english = publish_article(title="How refunds work", slug="how-refunds-work", by=editor)
    only_dutch = publish_article(title="Afleveradres wijzigen", slug="afleveradres-wijzigen", language="nl", by=editor)
    search.rebuild()  # the suggestions come from forum.search
    return {"en": english, "nl": dutch, "only_en": only_english, "only_nl": only_dutch}


@pytest.fixture
def thread(category):
    return factories.make_thread(category=category, title="My smart lamp will not pair")


def test_each_article_is_one_option_saying_its_languages_the_moderators_first(moderator, thread, articles):
    _context, html = _panel(moderator, thread, "en")
    select = _select(html, "article")
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', select.split('label="All articles"')[1])
    assert options == [
        (str(articles["only_nl"].pk), "Afleveradres wijzigen [NL]"),
        (str(articles["only_en"].pk), "How refunds work [EN]"),
        (str(articles["en"].pk), "Pair your smart lamp [EN] · Je slimme lamp koppelen [NL]"),
    ]
    _context, dutch = _panel(moderator, thread, "nl")
    assert (f'<option value="{articles["nl"].pk}">Je slimme lamp koppelen [NL] · Pair your smart lamp [EN]</option>'
            in _select(dutch, "article"))
    assert "Eén keuze voor beide talen: [EN] Engels, [NL] Nederlands." in dutch
    assert "One choice for both languages: [EN] English, [NL] Dutch." in html


def test_the_suggestion_is_the_article_once_with_both_titles(moderator, thread, articles):
    context, html = _panel(moderator, thread, "nl")
    suggested = context["article_options"][0]
    assert suggested["label"] == "Voorgesteld"
    labels = [option["label"] for option in suggested["options"]]
    assert labels[0] == "Je slimme lamp koppelen [NL] · Pair your smart lamp [EN]"
    assert sum("lamp" in label for label in labels) == 1  # not once per translation


def test_an_article_linked_in_one_language_is_not_offered_in_the_other(moderator, thread, articles):
    services.link_article(article=articles["nl"], thread=thread, by=moderator)
    _context, html = _panel(moderator, thread, "en")
    select = _select(html, "article")
    assert "Pair your smart lamp" not in select and "How refunds work [EN]" in select


def test_linking_the_other_translation_is_refused_with_a_message(client_for, moderator, thread, articles):
    from django.contrib.messages import get_messages

    services.link_article(article=articles["en"], thread=thread, by=moderator)
    client = client_for(moderator)
    response = client.post(f"/blog/threads/{thread.pk}/articles/", {"article": articles["nl"].pk})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This article is already linked to this thread."]
    assert list(ThreadArticleLink.objects.values_list("article_id", flat=True)) == [articles["en"].pk]


def test_known_issues_are_one_option_each_with_their_languages(moderator, thread, publish_known_issue, editor):
    english = publish_known_issue(title="Lamps lose their connection", by=editor)
    dutch = translate(english, "Lampen verliezen hun verbinding", editor)
    _context, html = _panel(moderator, thread, "nl")
    select = _select(html, "known_issue")
    assert re.findall(r'<option value="(\d+)">([^<]+)</option>', select) == [
        (str(dutch.pk), "Lampen verliezen hun verbinding [NL] · Lamps lose their connection [EN]")]
    services.link_known_issue(known_issue=english, thread=thread, by=moderator)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.link_known_issue(known_issue=dutch, thread=thread, by=moderator)
    _context, html = _panel(moderator, thread, "nl")
    assert 'name="known_issue"' not in html  # nothing left to link


def test_both_forms_are_the_one_include_with_their_own_action_field_and_button(moderator, thread, articles,
                                                                              publish_known_issue):
    publish_known_issue(title="Lamps lose their connection")
    _context, html = _panel(moderator, thread, "en")
    forms = re.findall(r'<form class="form blog-panel__form" method="post" action="([^"]+)">.*?'
                       r'<label for="([^"]+)">([^<]+)</label>.*?<select id="\2" name="(\w+)" required '
                       r'aria-describedby="\2-help">.*?<button [^>]*>([^<]+)</button>', html, re.S)
    assert forms == [
        (f"/blog/threads/{thread.pk}/articles/", f"link-article-{thread.pk}", "Link a how-to article", "article",
         "Link article"),
        (f"/blog/threads/{thread.pk}/known-issues/", f"link-known-issue-{thread.pk}", "Link to a known issue",
         "known_issue", "Link issue"),
    ]
    assert html.count('name="csrfmiddlewaretoken"') == 2


def test_the_moderator_sees_the_languages_on_the_thread_page(client_for, moderator, thread, articles):
    client = client_for(moderator)
    client.cookies["django_language"] = "nl"
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'<option value="{articles["nl"].pk}">Je slimme lamp koppelen [NL] · Pair your smart lamp [EN]</option>' in html
    assert f'<option value="{articles["only_en"].pk}">How refunds work [EN]</option>' in html
