"""The site's one name and address (SITE_NAME, SITE_URL) copied into django.contrib.sites' row,
which allauth reads for its emails: without this the row says "example.com"."""

from urllib.parse import urlsplit

from django.conf import settings


def sync_site_row(**_kwargs) -> None:
    """post_migrate: idempotent; every deploy that migrates puts the settings' values in the row."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})
