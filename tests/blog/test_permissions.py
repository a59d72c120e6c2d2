from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog import services
from blog.models import ArticlePage, ThreadArticleLink
from forum import permissions
from tests import factories


def _article_form(title):
    return nested_form_data({
        "title": title,
        "slug": "reset-your-lamp",
        "summary": "Hold the button for ten seconds.",
        "body": streamfield([
            ("paragraph", rich_text("<p>Resetting fixes most pairing problems.</p>")),
            ("step", {"title": "Hold the button", "text": rich_text("<p>Ten seconds.</p>")}),
        ]),
        "tags": "reset",
        "language": "en",
        "thread_picks": inline_formset([]),
        "action-publish": "action-publish",
    })


def test_an_editor_can_create_and_publish_an_article_in_the_wagtail_admin(client_for, editor, blog_index):
    response = client_for(editor).post(
        reverse("wagtailadmin_pages:add", args=("blog", "articlepage", blog_index.pk)), _article_form("Reset a lamp")
    )
    assert response.status_code == 302, response.content[:2000]
    article = ArticlePage.objects.get(slug="reset-your-lamp")
    assert article.live
    assert article.reading_minutes == 1
    assert article.author == editor


def test_an_editor_may_publish_under_the_blog_index_but_not_elsewhere(editor, blog_index):
    assert blog_index.permissions_for_user(editor).can_publish_subpage()
    assert blog_index.permissions_for_user(editor).can_add_subpage()
    home = blog_index.get_parent()
    assert not home.permissions_for_user(editor).can_publish()


def test_a_member_cannot_reach_the_cms(client_for, member):
    response = client_for(member).get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
    assert client_for(member).get("/cms/pages/").status_code == 302


def test_a_member_cannot_publish_articles(member, blog_index):
    assert not blog_index.permissions_for_user(member).can_add_subpage()


def test_an_editor_reaches_the_cms(client_for, editor):
    assert client_for(editor).get("/cms/").status_code == 200


def test_anonymous_visitors_cannot_link_an_article_to_a_thread(client_for, publish_article, category):
    thread = factories.make_thread(category=category)
    article = publish_article()
    response = client_for(None).post(reverse("blog:thread_link_article", args=[thread.pk]), {"article": article.pk})
    assert response.status_code == 403
    assert not ThreadArticleLink.objects.exists()


def test_members_cannot_link_an_article_to_a_thread(client_for, member, publish_article, category):
    thread = factories.make_thread(category=category)
    article = publish_article()
    response = client_for(member).post(reverse("blog:thread_link_article", args=[thread.pk]), {"article": article.pk})
    assert response.status_code == 403
    assert str(permissions.MODERATORS_ONLY) in response.content.decode() or response.status_code == 403
    assert not ThreadArticleLink.objects.exists()


def test_a_moderator_links_an_article_to_a_thread(client_for, moderator, publish_article, category):
    thread = factories.make_thread(category=category)
    article = publish_article()
    response = client_for(moderator).post(reverse("blog:thread_link_article", args=[thread.pk]),
                                          {"article": article.pk})
    assert response.status_code == 302
    link = ThreadArticleLink.objects.get()
    assert (link.article_id, link.thread_id, link.linked_by, link.source) == (article.pk, thread.pk, moderator, "moderator")


def test_linking_the_same_article_twice_is_refused_with_a_clear_message(client_for, moderator, publish_article,
                                                                          category):
    thread = factories.make_thread(category=category)
    article = publish_article()
    client = client_for(moderator)
    client.post(reverse("blog:thread_link_article", args=[thread.pk]), {"article": article.pk})
    response = client.post(reverse("blog:thread_link_article", args=[thread.pk]), {"article": article.pk}, follow=True)
    assert str(services.LINK_TWICE) in response.content.decode()
    assert ThreadArticleLink.objects.count() == 1


def test_a_moderator_can_unlink_and_a_member_cannot(client_for, moderator, member, publish_article, category):
    thread = factories.make_thread(category=category)
    link = services.link_article(article=publish_article(), thread=thread, by=moderator)
    url = reverse("blog:thread_unlink_article", args=[thread.pk, link.pk])
    assert client_for(member).post(url).status_code == 403
    assert client_for(moderator).post(url).status_code == 302
    assert not ThreadArticleLink.objects.exists()


def test_the_default_site_root_is_a_plain_page(blog_index):
    assert type(blog_index.get_parent().specific) is Page


def test_wagtails_approval_workflow_applies_to_blog_pages(blog_index, known_issue_index):
    workflow = blog_index.get_workflow()
    assert workflow is not None and workflow.active
    assert known_issue_index.get_workflow() == workflow
    assert [task.name for task in workflow.tasks.all()] == ["Editors approval"]


def test_a_new_article_shows_the_editor_writing_it_as_its_author(client_for, editor, blog_index):
    """#15 item 13: the author box started at "---------" although the article was theirs."""
    import re

    html = client_for(editor).get(reverse("wagtailadmin_pages:add", args=("blog", "articlepage", blog_index.pk))
                                  ).content.decode()
    author = re.search(r'<select name="author".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{editor.pk}"[^>]*selected', author)
