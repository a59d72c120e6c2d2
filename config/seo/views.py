"""/robots.txt, /sitemap.xml (the index) and /sitemap-<section>.xml, cached for SITEMAP_CACHE_SECONDS."""

import inspect

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from config import seo
from config.seo.sitemaps import SiteSitemap

# Paths no search engine needs: search results (endless and thin), members' own pages, moderation,
# the admin and the CMS, account pages, and the forms and actions behind buttons.
ROBOTS_DISALLOW = [
    "/search/", "/settings/", "/notifications/", "/mine/", "/ask/", "/preview/", "/upload/", "/follow/",
    "/unsubscribe/", "/moderation/", "/admin/", "/cms/", "/accounts/", "/i18n/", "/feedback/", "/follow-up/",
    "/*/edit/", "/*/history/", "/*/delete/",
]


def _instance(sitemap_class, request):
    if inspect.isclass(sitemap_class) and issubclass(sitemap_class, WagtailSitemap):
        return sitemap_class(request)
    return sitemap_class() if inspect.isclass(sitemap_class) else sitemap_class


def _index_files(sitemap):
    if isinstance(sitemap, SiteSitemap):
        return sitemap.index_files()
    return SiteSitemap.index_files(sitemap)  # Wagtail's sections: every page with the section's latest


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {seo.absolute(reverse('sitemap_index'))}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@cache_page(settings.SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    """One entry per file of each section, with that file's lastmod (SiteSitemap.index_files)."""
    entries = []
    for section, sitemap_class in seo.registered_sitemaps().items():
        sitemap = _instance(sitemap_class, request)
        location = seo.absolute(reverse("sitemap_section", kwargs={"section": section}))
        for page, lastmod in _index_files(sitemap):
            entries.append(sitemap_views.SitemapIndexItem(location if page == 1 else f"{location}?p={page}",
                                                          lastmod))
    response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries},
                                content_type="application/xml")
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@cache_page(settings.SITEMAP_CACHE_SECONDS)
def sitemap_section(request, section):
    sitemap_class = seo.registered_sitemaps().get(section)
    if sitemap_class is None:
        raise Http404("No such sitemap.")
    # Django's own template wraps 10,000 entries in {% spaceless %} and empty tags: three times slower.
    return sitemap_views.sitemap(request, {section: _instance(sitemap_class, request)}, section=section,
                                 template_name="web/sitemap.xml")
