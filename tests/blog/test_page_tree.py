from wagtail.models import Page

from blog.models import ArticlePage, BlogIndexPage, KnownIssueIndexPage, KnownIssuePage


def test_the_migration_puts_both_indexes_under_the_default_sites_home_page(blog_index, known_issue_index):
    home = blog_index.get_parent()
    assert known_issue_index.get_parent().pk == home.pk
    assert blog_index.url == "/blog/"
    assert known_issue_index.url == "/known-issues/"


def test_articles_may_only_be_created_under_a_blog_index(blog_index, known_issue_index):
    home = blog_index.get_parent()
    assert ArticlePage.can_create_at(blog_index)
    assert not ArticlePage.can_create_at(home)
    assert not ArticlePage.can_create_at(known_issue_index)


def test_known_issues_may_only_be_created_under_a_known_issues_index(blog_index, known_issue_index):
    assert KnownIssuePage.can_create_at(known_issue_index)
    assert not KnownIssuePage.can_create_at(blog_index)
    assert not KnownIssuePage.can_create_at(blog_index.get_parent())


def test_indexes_belong_directly_under_a_plain_page_and_not_inside_each_other(blog_index, known_issue_index):
    home = blog_index.get_parent()
    assert BlogIndexPage.can_create_at(home)
    assert KnownIssueIndexPage.can_create_at(home)
    assert not BlogIndexPage.can_create_at(known_issue_index)
    assert not KnownIssueIndexPage.can_create_at(blog_index)


def test_articles_and_known_issues_have_no_children(publish_article, publish_known_issue):
    assert ArticlePage.allowed_subpage_models() == []
    assert KnownIssuePage.allowed_subpage_models() == []
    assert Page not in BlogIndexPage.allowed_subpage_models()
