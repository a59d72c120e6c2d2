from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from config import media, views

# Wagtail's document URLs (same names), with the serve view hardened by config.media.
wagtaildocs_urls = [
    re_path(r"^(\d+)/(.*)$", media.serve_document, name="wagtaildocs_serve"),
    path("authenticate_with_password/<int:restriction_id>/", wagtaildocs_serve.authenticate_with_password,
         name="wagtaildocs_authenticate_with_password"),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("", include("config.seo.urls")),  # robots.txt, sitemap.xml
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("config.integrations.api.urls")),
    path("", include("config.integrations.urls")),  # the member's API tokens (/settings/api-tokens/)
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("forum.search.urls")),
    path("badges/", include("badges.urls")),
    # Service recovery before moderation: its fixed staff paths (moderation/threads/<pk>/case/, …)
    # must win over moderation's catch-all thread action pattern.
    path("", include("moderation.recovery.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("blog.urls")),
    path("", include("forum.urls")),
]
# One machine without a proxy still serves uploads (with headers that keep them from running
# script); with MEDIA_S3_BUCKET they live on object storage, MEDIA_URL points there and this
# view answers 404 (it checks at request time, so the route does not depend on import order).
_media_prefix = settings.MEDIA_URL.strip("/") if settings.MEDIA_URL.startswith("/") else "media"
urlpatterns += [path(f"{_media_prefix}/<path:path>", media.serve_media, name="media")]
# Wagtail serves the blog and known-issue pages; it comes last as the catch-all.
urlpatterns += [path("", include(wagtail_urls))]

handler403 = "config.views.error_403"
handler404 = "config.views.error_404"
handler500 = "config.views.error_500"
