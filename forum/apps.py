from django.apps import AppConfig
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from config import registry, seo
        from config.ops.jobs import register_job
        from forum import (
            extensions,
            notifications,
            receivers,  # noqa: F401
            sitemaps,
            tasks,
        )
        from forum.search import documents as search_documents
        from forum.search import receivers as search_receivers

        search_documents.register(search_receivers.ThreadDocuments())
        extensions.register(extensions.thread_panels, search_receivers._related_panel)
        registry.register_header_counter(notifications.header_counter)
        registry.register_member_annotation(notifications.UNREAD, notifications.unread_annotation)
        seo.register_sitemap("threads", sitemaps.ThreadSitemap)
        seo.register_sitemap("categories", sitemaps.CategorySitemap)
        seo.register_sitemap("tags", sitemaps.TagSitemap)
        register_job(name="send_digests", schedule="0 7 * * *", task=tasks.send_digests,
                     description=_("The daily digest for members who chose it"))
        register_job(name="send_accept_reminders", schedule="30 7 * * *", task=tasks.send_accept_reminders,
                     description=_("Remind askers once to accept an answer"))
        register_job(name="flush_view_counts", schedule="* * * * *", task=tasks.flush_view_counts,
                     description=_("Add the thread views counted in the cache to the threads"))
        from forum import viewcounts
        from forum.search import searchlog

        viewcounts.install()
        searchlog.install()
        # Anonymous pages from the cache are stale after any forum event (covers writes by .update()).
        from config.web import pagecache
        from forum import signals

        for signal in vars(signals).values():
            if isinstance(signal, Signal):
                signal.connect(pagecache.content_changed, dispatch_uid=f"pagecache.{id(signal)}")
