from django.urls import path

from blog import feeds, views

app_name = "blog"
urlpatterns = [
    path("blog/feed/rss/", feeds.ArticleFeed(), name="feed_rss"),
    path("blog/feed/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("known-issues/feed/rss/", feeds.KnownIssueFeed(), name="feed_known_issues_rss"),
    path("known-issues/feed/atom/", feeds.KnownIssueAtomFeed(), name="feed_known_issues_atom"),
    path("blog/articles/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("blog/threads/<int:pk>/articles/", views.thread_link_article, name="thread_link_article"),
    path("blog/threads/<int:pk>/articles/<int:link_pk>/remove/", views.thread_unlink_article,
         name="thread_unlink_article"),
    path("blog/threads/<int:pk>/known-issues/", views.thread_link_known_issue, name="thread_link_known_issue"),
]
