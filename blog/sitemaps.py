"""The blog's sitemap sections (Wagtail's sitemap generator): live, public how-to articles and
known issues, each its own section; lastmod is the last publication.

A page with a live translation lists every language's version as its alternates (hreflang, the
`alternates` Django's and Wagtail's sitemaps render), itself included, and the English one as
x-default: the version for a reader whose language the site does not have. The forum's sections
have none: a thread is in one language, and a category page is one address whose language is the
reader's (no address per language to point a search engine at)."""

from django.conf import settings
from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from blog import seo as blog_seo
from blog.models import ArticlePage, KnownIssuePage
from config import seo


class _PageTypeSitemap(Sitemap):
    page_model = ArticlePage

    def items(self):
        return self.page_model.objects.live().public().defer_streamfields().order_by("path")

    def get_latest_lastmod(self):
        # Wagtail's default reads every page; one aggregate is enough.
        return self.page_model.objects.live().public().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        """Wagtail's entries (the page's get_sitemap_urls), each with its translations as alternates:
        one query for the translations of the whole file."""
        pages = list(self.paginator.page(page).object_list)
        alternates = self._alternates({item.translation_key for item in pages})
        urls = []
        for item in pages:
            for url_info in item.get_sitemap_urls(self.request):
                url_info["alternates"] = alternates.get(item.translation_key, [])
                urls.append(url_info)
        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, translation_keys) -> dict:
        """translation key -> [{"lang_code", "location"}] for keys with more than one live, public page."""
        versions: dict = {}
        for translation in (self.page_model.objects.live().public().filter(translation_key__in=translation_keys)
                            .select_related("locale").defer_streamfields().order_by("locale__language_code")):
            versions.setdefault(translation.translation_key, []).append(
                {"lang_code": translation.locale.language_code,
                 "location": seo.absolute(blog_seo.page_path(translation, self.request))})
        alternates = {}
        for key, found in versions.items():
            if len(found) < 2:
                continue
            default = next((v for v in found if v["lang_code"] == settings.LANGUAGE_CODE), None)
            alternates[key] = found + ([{"lang_code": "x-default", "location": default["location"]}] if default else [])
        return alternates


class ArticleSitemap(_PageTypeSitemap):
    page_model = ArticlePage


class KnownIssueSitemap(_PageTypeSitemap):
    page_model = KnownIssuePage
