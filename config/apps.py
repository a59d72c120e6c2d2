from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SiteConfig(AppConfig):
    """Site-wide commands (seed_demo) that span every app, and the site's name and address."""

    name = "config"
    label = "site"
    verbose_name = "Site"

    def ready(self):
        from django.apps import apps
        from django.conf import settings
        from django.contrib import admin

        admin.site.site_header = admin.site.site_title = f"{settings.SITE_NAME} admin"
        admin.site.index_title = settings.SITE_NAME

        from config.site import sync_site_row

        # After django.contrib.sites has made its row (its own post_migrate makes example.com).
        post_migrate.connect(sync_site_row, sender=apps.get_app_config("sites"),
                             dispatch_uid="config.site.sync_site_row")
        # Anonymous pages from the cache go stale when a row they show changes (config/web/pagecache.py).
        from config.web import pagecache

        pagecache.connect_model_signals()
