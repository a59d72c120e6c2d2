"""/api/: the versioned endpoints, the OpenAPI schema and its docs (Swagger UI from
drf-spectacular-sidecar, served from our own static files: the CSP allows no other origin)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.integrations.api import errors, views

# api_id and api_username (converters.py) are registered in IntegrationsConfig.ready().

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/me/", views.Me.as_view(), name="me"),
    path("v1/threads/", views.ThreadList.as_view(), name="threads"),
    path("v1/threads/<api_id:pk>/", views.ThreadDetail.as_view(), name="thread"),
    path("v1/threads/<api_id:pk>/answers/", views.ThreadAnswers.as_view(), name="thread_answers"),
    path("v1/threads/<api_id:pk>/kudos/", views.ThreadKudos.as_view(), name="thread_kudos"),
    path("v1/threads/<api_id:key>/follow/", views.ThreadFollow.as_view(), name="thread_follow"),
    path("v1/answers/<api_id:pk>/", views.AnswerDetail.as_view(), name="answer"),
    path("v1/answers/<api_id:pk>/kudos/", views.AnswerKudos.as_view(), name="answer_kudos"),
    path("v1/answers/<api_id:pk>/acceptance/", views.Acceptance.as_view(), name="acceptance"),
    path("v1/categories/", views.CategoryList.as_view(), name="categories"),
    path("v1/categories/<slug:key>/", views.CategoryDetail.as_view(), name="category"),
    path("v1/categories/<slug:key>/follow/", views.CategoryFollow.as_view(), name="category_follow"),
    path("v1/tags/", views.TagList.as_view(), name="tags"),
    path("v1/tags/<slug:key>/follow/", views.TagFollow.as_view(), name="tag_follow"),
    path("v1/badges/", views.BadgeList.as_view(), name="badges"),
    path("v1/badges/<slug:key>/", views.BadgeDetail.as_view(), name="badge"),
    path("v1/members/<api_username:username>/", views.MemberDetail.as_view(), name="member"),
    path("v1/known-issues/", views.KnownIssueList.as_view(), name="known_issues"),
    path("v1/known-issues/<api_id:pk>/", views.KnownIssueDetail.as_view(), name="known_issue"),
    re_path(r"^[\s\S]*$", errors.not_found),  # any other /api/ address, newlines included
]
