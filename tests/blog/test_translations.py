"""Blog pages per language (#15 item 7): an article exists in English and in Dutch as two pages linked as
translations; a Dutch visitor reads Dutch first and English only where nothing Dutch exists, marked; each
translation has its own address and links to the other; editors translate in the CMS, nobody else."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog import documents, selectors, services
from blog.models import ArticlePage, BlogIndexPage, KnownIssueIndexPage
from tests import factories
from tests.blog.conftest import translate


def _as(client, language):
    client.cookies["django_language"] = language
    return client


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="article-card__title"[^>]*><a [^>]*>([^<]+)</a>', html)


def _card(html: str, title: str) -> str:
    cards = [card.split("</li>")[0] for card in html.split('<li class="article-card')[1:]]
    return next(card for card in cards if f">{title}</a>" in card)




@pytest.fixture
def dutch_known_issue_index(db):
    return KnownIssueIndexPage.objects.get(slug="known-issues", locale__language_code="nl")


@pytest.fixture
def lamp(publish_article, editor):
    """An English article with a Dutch translation, an English one without, and a Dutch one without."""
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp", by=editor)
    dutch = publish_article(title="Je slimme lamp koppelen", slug="slimme-lamp-koppelen", language="nl",
                            translation_of=english, by=editor)
    only_english = publish_article(title="How refunds work", slug="how-refunds-work", by=editor)
    only_dutch = publish_article(title="Afleveradres wijzigen", slug="afleveradres-wijzigen", language="nl", by=editor)
    return {"en": english, "nl": dutch, "only_en": only_english, "only_nl": only_dutch}


def test_the_dutch_indexes_are_the_english_ones_translations_at_the_same_addresses(blog_index, dutch_blog_index):
    assert dutch_blog_index.translation_key == blog_index.translation_key
    assert dutch_blog_index.locale.language_code == "nl" and blog_index.locale.language_code == "en"
    assert dutch_blog_index.url == blog_index.url == "/blog/"
    known_issues = KnownIssueIndexPage.objects.filter(slug="known-issues")
    assert sorted(known_issues.values_list("locale__language_code", flat=True)) == ["en", "nl"]
    assert {page.url for page in known_issues} == {"/known-issues/"}
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "nl"}


def test_an_article_in_dutch_lives_under_the_dutch_index_with_the_dutch_locale(lamp, dutch_blog_index):
    assert lamp["nl"].get_parent().pk == dutch_blog_index.pk
    assert lamp["nl"].language == "nl" and lamp["en"].language == "en"
    assert lamp["nl"].get_translation(Locale.objects.get(language_code="en")).pk == lamp["en"].pk


def test_a_dutch_visitor_reads_dutch_first_and_english_only_where_nothing_dutch_exists_marked(client, lamp):
    html = _as(client, "nl").get("/blog/").content.decode()
    titles = _titles(html)
    assert "Je slimme lamp koppelen" in titles and "Afleveradres wijzigen" in titles
    assert "Pair your smart lamp" not in titles  # its Dutch translation is shown instead
    # Dutch first (the newest English-only article comes after them), then English where nothing Dutch exists.
    assert titles == ["Afleveradres wijzigen", "Je slimme lamp koppelen", "How refunds work"]
    card = _card(html, "How refunds work")
    assert '<h2 class="article-card__title" lang="en">' in card
    assert '<p class="article-card__summary" lang="en">' in card
    assert '<span class="pill pill--language" lang="en">English</span>' in card
    for title in ("Je slimme lamp koppelen", "Afleveradres wijzigen"):
        assert "pill--language" not in _card(html, title) and 'lang="' not in _card(html, title)


def test_an_english_visitor_reads_english_first_and_dutch_only_where_nothing_english_exists_marked(client, lamp):
    html = _as(client, "en").get("/blog/").content.decode()
    assert _titles(html) == ["How refunds work", "Pair your smart lamp", "Afleveradres wijzigen"]
    assert '<span class="pill pill--language" lang="nl">Nederlands</span>' in html
    assert html.count("pill--language") == 1


def test_each_translation_has_its_own_address_whatever_the_visitors_language(client, lamp):
    assert lamp["en"].url == "/blog/pair-your-smart-lamp/"
    assert lamp["nl"].url == "/blog/slimme-lamp-koppelen/"
    for language in ("en", "nl"):
        english = _as(client, language).get(lamp["en"].url)
        assert english.status_code == 200 and '<article class="article" lang="en">' in english.content.decode()
        dutch = _as(client, language).get(lamp["nl"].url)
        assert dutch.status_code == 200 and '<article class="article" lang="nl">' in dutch.content.decode()
        assert _as(client, language).get(lamp["only_nl"].url).status_code == 200
    assert _as(client, "nl").get("/blog/no-such-article/").status_code == 404


def test_in_an_article_of_the_other_language_the_sites_own_words_stay_in_the_visitors(client, lamp):
    html = _as(client, "nl").get(lamp["only_en"].url).content.decode()
    assert '<article class="article" lang="en">' in html
    assert '<nav class="meta article-crumbs" aria-label="Kruimelpad" lang="nl">' in html
    assert '<div class="row meta" lang="nl">' in html
    body = html[html.index('<div class="article__body card">'):html.index('<div class="row article__tags">')]
    assert "Watch out" in body and "Let op" not in body  # the article's own language, not the visitor's
    english = _as(client, "en").get(lamp["only_en"].url).content.decode()
    assert 'lang="nl"' not in english[english.index("<article"):english.index("</article>")]


def test_an_article_links_to_its_translation_in_that_language(client, lamp):
    dutch = _as(client, "nl").get(lamp["nl"].url).content.decode()
    assert (f'<a href="{lamp["en"].url}" lang="en" hreflang="en" rel="alternate">Read in English</a>') in dutch
    english = _as(client, "nl").get(lamp["en"].url).content.decode()
    assert (f'<a href="{lamp["nl"].url}" lang="nl" hreflang="nl" rel="alternate">Lees in het Nederlands</a>'
            in english)
    alone = _as(client, "nl").get(lamp["only_en"].url).content.decode()
    assert "Lees in het Nederlands" not in alone and "Read in English" not in alone


def test_a_draft_translation_is_not_linked_nor_listed(client, publish_article, lamp):
    draft = publish_article(title="Terugbetalingen", slug="terugbetalingen", language="nl",
                            translation_of=lamp["only_en"], publish=False)
    assert "Lees in het Nederlands" not in client.get(lamp["only_en"].url).content.decode()
    assert "How refunds work" in _titles(_as(client, "nl").get("/blog/").content.decode())
    assert _as(client, "nl").get(f"/blog/{draft.slug}/").status_code == 404


def test_threads_linked_to_one_translation_show_on_both(client, lamp, moderator, category):
    thread = factories.make_thread(category=category, title="My lamp will not pair")
    services.link_article(article=lamp["en"], thread=thread, by=moderator)
    assert "My lamp will not pair" in _as(client, "nl").get(lamp["nl"].url).content.decode()


def test_the_thread_panel_shows_the_visitors_translation_and_marks_the_other_language(client, lamp, moderator,
                                                                                     category):
    thread = factories.make_thread(category=category, title="My lamp will not pair")
    services.link_article(article=lamp["en"], thread=thread, by=moderator)
    services.link_article(article=lamp["only_en"], thread=thread, by=moderator)
    dutch = _as(client, "nl").get(thread.get_absolute_url()).content.decode()
    panel = dutch[dutch.index('id="related-articles"'):]
    panel = panel[:panel.index("</section>")]
    assert f'href="{lamp["nl"].url}"' in panel and "Je slimme lamp koppelen" in panel
    assert "Pair your smart lamp" not in panel
    assert f'<a href="{lamp["only_en"].url}" lang="en">' in panel and ">English</span>" in panel
    english = _as(client, "en").get(thread.get_absolute_url()).content.decode()
    assert "Pair your smart lamp" in english and "Je slimme lamp koppelen" not in english


def test_the_feed_is_in_the_readers_language_with_the_other_language_marked(client, lamp):
    dutch = _as(client, "nl").get(reverse("blog:feed_rss")).content.decode()
    assert "<language>nl</language>" in dutch
    assert "Je slimme lamp koppelen" in dutch and "Pair your smart lamp" not in dutch
    assert "How refunds work (English)" in dutch
    english = _as(client, "en").get(reverse("blog:feed_atom")).content.decode()
    assert "Pair your smart lamp" in english and "Afleveradres wijzigen (Nederlands)" in english


def test_each_translation_is_its_own_sitemap_entry_and_says_its_language(client, lamp):
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    for article in lamp.values():
        assert f"{article.url}</loc>" in sitemap
    dutch = client.get(lamp["nl"].url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', dutch, re.S).group(1))
    entries = data if isinstance(data, list) else data.get("@graph", [data])
    assert {entry.get("inLanguage") for entry in entries if entry.get("@type") in ("Article", "HowTo")} == {"nl"}


def test_articles_are_indexed_in_their_language(lamp):
    indexed = {document.doc_id: document.language for document in documents.ArticleDocuments().all_documents()}
    assert indexed[str(lamp["nl"].pk)] == "nl"
    assert indexed[str(lamp["en"].pk)] == "en"
    assert indexed[str(lamp["only_nl"].pk)] == "nl"


def test_the_listing_picks_per_language_in_one_query(lamp, django_assert_num_queries):
    pages = ArticlePage.objects.live()
    with django_assert_num_queries(1):
        dutch = {page.title for page in selectors.in_language(pages, "nl")}
    assert dutch == {"Je slimme lamp koppelen", "How refunds work", "Afleveradres wijzigen"}


# --- editors translate in the CMS, nobody else ---------------------------------------------------------------


def _translate_url(page):
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def test_the_cms_shows_an_articles_language_and_offers_to_translate_it(client_for, editor, lamp):
    client = client_for(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lamp["only_en"].pk])).content.decode()
    assert _translate_url(lamp["only_en"]) in edit
    # A translated article's editor names its language and switches to the other one's editor.
    dutch = client.get(reverse("wagtailadmin_pages:edit", args=[lamp["nl"].pk])).content.decode()
    assert "Nederlands" in dutch
    assert reverse("wagtailadmin_pages:edit", args=[lamp["en"].pk]) in dutch
    assert _translate_url(lamp["nl"]) not in dutch  # both languages exist: nothing left to translate into


def test_an_editor_translates_an_article_into_dutch_in_the_cms_and_publishes_it(client_for, editor, lamp,
                                                                                dutch_blog_index):
    article = lamp["only_en"]
    client = client_for(editor)
    assert client.get(_translate_url(article)).status_code == 200
    dutch_locale = Locale.objects.get(language_code="nl")
    response = client.post(_translate_url(article), {"locales": [dutch_locale.pk]})
    assert response.status_code == 302
    translation = ArticlePage.objects.get(translation_key=article.translation_key, locale=dutch_locale)
    assert translation.get_parent().pk == dutch_blog_index.pk
    assert not translation.live  # a draft until the editor has written the Dutch and published it
    # Its own slug: the same one would be one address for both, showing each visitor only their own.
    assert translation.slug == "how-refunds-work-nl"
    assert translation.get_latest_revision_as_object().slug == "how-refunds-work-nl"
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translation.pk])
    revision = translation.get_latest_revision_as_object()
    revision.title = "Zo werken terugbetalingen"
    revision.save_revision(user=editor).publish(user=editor)
    assert client.get("/blog/how-refunds-work-nl/").status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_only_editors_may_translate(client_for, member, moderator, lamp, who):
    user = {"anonymous": None, "member": member, "moderator": moderator}[who]
    client = client_for(user)
    article = lamp["only_en"]
    assert client.get(_translate_url(article)).status_code in (302, 403)
    client.post(_translate_url(article), {"locales": [Locale.objects.get(language_code="nl").pk]})
    assert not ArticlePage.objects.filter(translation_key=article.translation_key, locale__language_code="nl").exists()


def test_an_admin_may_translate(client_for, admin_user, lamp):
    assert client_for(admin_user).get(_translate_url(lamp["only_en"])).status_code == 200


def test_a_dutch_article_may_not_take_the_slug_of_an_english_one(client_for, editor, lamp, dutch_blog_index):
    form = nested_form_data({
        "title": "Terugbetalingen", "slug": "how-refunds-work", "summary": "Binnen drie werkdagen.",
        "body": streamfield([("paragraph", rich_text("<p>Zo gaat het.</p>"))]), "tags": "",
        "thread_picks": inline_formset([]), "action-publish": "action-publish",
    })
    response = client_for(editor).post(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", dutch_blog_index.pk)), form)
    assert response.status_code == 200
    assert "is in use by a page in the other language" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Terugbetalingen").exists()


def test_editors_may_write_under_both_languages_indexes(editor, moderator):
    for index in BlogIndexPage.objects.all():
        assert index.permissions_for_user(editor).can_publish_subpage()
        assert not index.permissions_for_user(moderator).can_add_subpage()
    assert editor.has_perm("simple_translation.submit_translation")
    assert not moderator.has_perm("simple_translation.submit_translation")


def test_the_dutch_home_page_is_the_english_ones_translation(blog_index, dutch_blog_index):
    home, dutch_home = blog_index.get_parent(), dutch_blog_index.get_parent()
    assert dutch_home.translation_key == home.translation_key and dutch_home.pk != home.pk
    assert Page.objects.filter(translation_key=home.translation_key).count() == 2


def test_a_dutch_visitor_finds_the_english_known_issues_marked_at_their_own_addresses(client, publish_known_issue,
                                                                                      category):
    known_issue = publish_known_issue(title="Lamps lose their connection", categories=[category])
    html = _as(client, "nl").get("/known-issues/").content.decode()
    assert "Bekende storingen" in html
    assert '<h3 class="known-issue-item__title" lang="en">' in html
    assert '<span class="pill pill--language" lang="en">English</span>' in html
    assert known_issue.url == "/known-issues/lamps-lose-their-connection/"
    page = _as(client, "nl").get(known_issue.url).content.decode()
    assert '<h1 class="article__title" lang="en">Lamps lose their connection</h1>' in page
    assert '<div class="callout__body" lang="en">' in page
    english = _as(client, "en").get(known_issue.url).content.decode()
    assert 'lang="en"' not in english[english.index('<article class="article known-issue"'):english.index("</article>")]
    assert "pill--language" not in _as(client, "en").get("/known-issues/").content.decode()


def test_the_installer_makes_the_dutch_tree_on_an_emptied_database(db):
    from blog import bootstrap

    for index in (*BlogIndexPage.objects.all(), *KnownIssueIndexPage.objects.all()):
        index.delete()
    indexes = bootstrap.install()
    assert indexes["blog:nl"].translation_key == indexes["blog"].translation_key
    assert indexes["blog:nl"].locale.language_code == "nl" and indexes["blog:nl"].url == "/blog/"
    assert indexes["known-issues:nl"].url == "/known-issues/"


def test_a_known_issue_links_to_its_dutch_translation(client, publish_known_issue, dutch_known_issue_index, editor):
    english = publish_known_issue(title="Lamps lose their connection", by=editor)
    dutch = translate(english, "Lampen verliezen hun verbinding", editor)
    assert dutch.get_parent().pk == dutch_known_issue_index.pk and dutch.slug == "lamps-lose-their-connection-nl"
    html = _as(client, "en").get(english.url).content.decode()
    assert f'<a href="{dutch.url}" lang="nl" hreflang="nl" rel="alternate">Lees in het Nederlands</a>' in html
    listing = _as(client, "nl").get("/known-issues/").content.decode()
    assert "Lampen verliezen hun verbinding" in listing and "Lamps lose their connection" not in listing


def test_a_translation_made_in_the_cms_keeps_the_editors_threads_and_the_thread_shows_it_once(
        client, client_for, publish_article, editor, category):
    thread = factories.make_thread(category=category, title="My lamp will not pair")
    english = publish_article(title="Pair your smart lamp", slug="pair-your-smart-lamp", threads=[thread], by=editor)
    client_for(editor).post(_translate_url(english), {"locales": [Locale.objects.get(language_code="nl").pk]})
    dutch = ArticlePage.objects.get(translation_key=english.translation_key, locale__language_code="nl")
    dutch = dutch.get_latest_revision_as_object()
    dutch.title = "Je slimme lamp koppelen"
    dutch.save_revision(user=editor).publish(user=editor)
    assert thread.article_links.count() == 2  # the copied pick links the Dutch article too
    for language, title, other in (("nl", "Je slimme lamp koppelen", "Pair your smart lamp"),
                                   ("en", "Pair your smart lamp", "Je slimme lamp koppelen")):
        html = _as(client, language).get(thread.get_absolute_url()).content.decode()
        panel = html[html.index('id="related-articles"'):]
        panel = panel[:panel.index("</section>")]
        assert panel.count(title) == 1 and other not in panel


def test_the_known_issue_banner_is_in_the_visitors_language_wheretranslate(publish_known_issue, editor):
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    from blog import providers

    english = publish_known_issue(title="Lamps lose their connection", categories=[factories.make_category()],
                                  by=editor)
    translate(english, "Lampen verliezen hun verbinding", editor)
    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    for language, title in (("nl", "Lampen verliezen hun verbinding"), ("en", "Lamps lose their connection")):
        with translation.override(language):
            banners = providers.home_banners(request)
        assert len(banners) == 1 and title in banners[0]["text"]
