from django.test import RequestFactory

from blog import providers, services
from blog.models import ThreadArticleLink
from forum import search
from tests import factories


def _request(user):
    request = RequestFactory().get("/t/1/x/")
    request.user = user
    return request


def test_threads_an_editor_picks_are_linked_when_the_article_is_published(publish_article, editor, category):
    thread = factories.make_thread(category=category)
    article = publish_article(threads=[thread], by=editor)
    link = ThreadArticleLink.objects.get()
    assert (link.article_id, link.thread_id, link.linked_by, link.source) == (article.pk, thread.pk, editor, "editor")


def test_picks_in_a_draft_are_not_linked_yet(publish_article, category):
    publish_article(threads=[factories.make_thread(category=category)], publish=False)
    assert not ThreadArticleLink.objects.exists()


def test_a_moderators_link_survives_the_editor_republishing_without_it(publish_article, editor, moderator, category):
    picked, moderated = factories.make_thread(category=category), factories.make_thread(category=category)
    article = publish_article(threads=[picked], by=editor)
    services.link_article(article=article, thread=moderated, by=moderator)
    page = article.get_latest_revision_as_object()
    page.thread_picks = []
    page.save_revision(user=editor).publish(user=editor)
    assert list(ThreadArticleLink.objects.values_list("thread_id", flat=True)) == [moderated.pk]


def test_the_article_shows_the_questions_it_answers(client, publish_article, moderator, category):
    thread = factories.make_thread(category=category, title="Lamp keeps blinking during pairing")
    article = publish_article()
    services.link_article(article=article, thread=thread, by=moderator)
    html = client.get(article.url).content.decode()
    assert "Questions this article answers" in html
    assert f'href="{thread.get_absolute_url()}"' in html


def test_the_thread_panel_shows_related_articles_to_everyone(publish_article, moderator, member, category):
    thread = factories.make_thread(category=category)
    article = publish_article()
    services.link_article(article=article, thread=thread, by=moderator)
    panels = providers.thread_panel(_request(member), thread)
    assert panels[0]["template"] == "blog/panels/thread.html"
    assert [link.article.pk for link in panels[0]["context"]["article_links"]] == [article.pk]
    assert panels[0]["context"]["is_moderator"] is False


def test_visitors_see_no_empty_panel_and_moderators_get_the_linking_form(publish_article, moderator, member,
                                                                          category):
    from django.template.loader import render_to_string

    thread = factories.make_thread(category=category, title="How do I connect my lamp to wifi?")
    publish_article(title="Connect your smart lamp to 2.4 GHz wifi")
    search.rebuild()  # suggestions come from forum.search (indexing waits for a commit tests never make)
    assert providers.thread_panel(_request(member), thread) == []
    (panel,) = providers.thread_panel(_request(moderator), thread)
    html = render_to_string(panel["template"], panel["context"])
    assert "Related how-to articles" in html
    assert "Link a how-to article" in html
    suggested, _all = panel["context"]["article_options"]
    assert [option["label"] for option in suggested["options"]] == ["Connect your smart lamp to 2.4 GHz wifi [EN]"]


def test_editors_get_threads_suggested_by_the_search_module(publish_article, category):
    lamp = factories.make_thread(category=category, title="Smart lamp will not connect to wifi")
    factories.make_thread(category=category, title="Refund after returning headphones")
    article = publish_article(title="Connect your smart lamp to 2.4 GHz wifi")
    search.rebuild()
    assert services.suggest_threads_for_article(article) == [lamp]
    services.link_article(article=article, thread=lamp, by=None)
    assert services.suggest_threads_for_article(article) == []


def test_the_known_issue_page_lists_linked_threads_and_the_timeline(client, publish_known_issue, moderator, category):
    thread = factories.make_thread(category=category, title="My lamp disconnects every evening")
    known_issue = publish_known_issue(updates=["We are looking into it."])
    services.link_known_issue(known_issue=known_issue, thread=thread, by=moderator)
    html = client.get(known_issue.url).content.decode()
    assert "My lamp disconnects every evening" in html
    assert "We are looking into it." in html
    assert "status-steps__step is-current" in html
    # Styled as an article, not as the grey status box `.notice` (which made it look disabled).
    assert '<article class="article known-issue">' in html and 'class="notice"' not in html


def test_a_moderator_links_a_thread_to_an_open_known_issue_from_the_thread(client_for, publish_known_issue, moderator, member,
                                                                       category):
    from django.urls import reverse

    from blog.models import KnownIssueThreadLink

    thread = factories.make_thread(category=category)
    known_issue = publish_known_issue()
    url = reverse("blog:thread_link_known_issue", args=[thread.pk])
    assert client_for(member).post(url, {"known_issue": known_issue.pk}).status_code == 403
    assert client_for(None).post(url, {"known_issue": known_issue.pk}).status_code == 403
    assert client_for(moderator).post(url, {"known_issue": known_issue.pk}).status_code == 302
    assert KnownIssueThreadLink.objects.filter(known_issue=known_issue, thread=thread, linked_by=moderator).exists()


def test_the_editor_shows_suggested_threads_and_feedback_counts(client_for, editor, publish_article, category):
    factories.make_thread(category=category, title="Smart lamp will not connect to wifi")
    article = publish_article(title="Connect your smart lamp to 2.4 GHz wifi")
    search.rebuild()
    services.feedback_record(article=article, visitor="a", helpful=True, comment="Worked at once")
    services.feedback_record(article=article, visitor="b", helpful=False)
    from django.urls import reverse

    html = client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Forum threads this article could answer" in html
    assert "Smart lamp will not connect to wifi" in html
    assert "1 readers said yes, 1 said no." in html
    assert "Worked at once" in html


def test_the_editors_thread_chooser_lists_public_threads_and_searches_titles(client_for, editor, moderator, category):
    from django.urls import reverse

    from forum import services as forum_services

    factories.make_thread(category=category, title="Lamp blinks during pairing")
    factories.make_thread(category=category, title="Refund after a return")
    gone = factories.make_thread(category=category, title="Lamp question that was deleted")
    forum_services.post_delete(post=gone, by=moderator)
    client = client_for(editor)
    html = client.get(reverse("blog_thread_chooser:choose")).json()["html"]
    assert "Lamp blinks during pairing" in html and "Refund after a return" in html
    assert "Lamp question that was deleted" not in html
    html = client.get(reverse("blog_thread_chooser:choose_results") + "?q=lamp").content.decode()
    assert "Lamp blinks during pairing" in html
    assert "Refund after a return" not in html


def test_suggestions_come_from_the_search_module_only(publish_article, category, monkeypatch):
    """No second engine: with search unavailable there are no suggestions (not a title-word guess)."""
    factories.make_thread(category=category, title="Smart lamp will not connect to wifi")
    article = publish_article(title="Connect your smart lamp to 2.4 GHz wifi")

    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr(search, "search", broken)
    assert services.suggest_threads_for_article(article) == []
    assert not hasattr(services, "STOP_WORDS")
