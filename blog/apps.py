from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from blog import documents, providers, receivers, selectors, sitemaps  # noqa: F401
        from config import registry, seo
        from forum import extensions
        from forum.search import documents as search_documents

        search_documents.register(documents.ArticleDocuments())
        search_documents.register(documents.KnownIssueDocuments())
        extensions.register(extensions.forum_banners, providers.category_banners)
        extensions.register(extensions.thread_panels, providers.thread_panel)
        extensions.register(extensions.search_fallbacks, selectors.helpful_articles)
        registry.register_site_banner(providers.home_banners)
        seo.register_sitemap("articles", sitemaps.ArticleSitemap)
        seo.register_sitemap("known-issues", sitemaps.KnownIssueSitemap)
