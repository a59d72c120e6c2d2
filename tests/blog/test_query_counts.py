"""Pages cost the same number of queries for one row and for many."""

import pytest

from blog import services
from tests import factories


def _count(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm caches (site root paths)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("articles", [1, 12])
def test_the_blog_index_costs_a_fixed_number_of_queries(client, publish_article, django_assert_max_num_queries,
                                                         articles):
    category = factories.make_category()
    for n in range(articles):
        publish_article(title=f"Article number {n}", categories=[category], tags=["wifi", f"tag{n}"])
    _count(client, "/blog/", django_assert_max_num_queries, 14)
    _count(client, "/blog/?tag=wifi&page=2", django_assert_max_num_queries, 16)


@pytest.mark.parametrize("threads", [1, 20])
def test_an_article_costs_a_fixed_number_of_queries(client, publish_article, moderator, category,
                                                    django_assert_max_num_queries, threads):
    article = publish_article(tags=["wifi", "lamp"], categories=[category])
    for _ in range(threads):
        services.link_article(article=article, thread=factories.make_thread(category=category), by=moderator)
    # Measured 10 before pages per language, 12 with them (#15 item 7): Wagtail's routing through the
    # visitor's language tree (its Locale, the home page's translation) and the article's translations
    # for "Read in English" (one query, which also gives the page its locale).
    _count(client, article.url, django_assert_max_num_queries, 12)


@pytest.mark.parametrize("known_issues", [1, 8])
def test_the_known_issues_pages_cost_a_fixed_number_of_queries(client, publish_known_issue, moderator, category,
                                                               django_assert_max_num_queries, known_issues):
    for n in range(known_issues):
        known_issue = publish_known_issue(title=f"Problem number {n}", categories=[category], updates=["One", "Two"])
        services.link_known_issue(known_issue=known_issue, thread=factories.make_thread(category=category), by=moderator)
    _count(client, "/known-issues/", django_assert_max_num_queries, 10)
    _count(client, known_issue.url, django_assert_max_num_queries, 12)


@pytest.mark.parametrize("links", [1, 10])
def test_the_thread_panel_costs_a_fixed_number_of_queries(publish_article, publish_known_issue, moderator, category,
                                                          django_assert_max_num_queries, links):
    from django.test import RequestFactory

    from blog import providers

    thread = factories.make_thread(category=category, title="Lamp wifi trouble")
    for n in range(links):
        services.link_article(article=publish_article(title=f"Lamp wifi guide {n}"), thread=thread, by=moderator)
    publish_known_issue(categories=[category])
    request = RequestFactory().get("/")
    request.user = moderator
    providers.thread_panel(request, thread)
    # The PostgreSQL search backend answers the suggestions with SQL (the Whoosh one reads files).
    from django.conf import settings

    with django_assert_max_num_queries(11 if settings.SEARCH_BACKEND == "postgres" else 9):
        providers.thread_panel(request, thread)
