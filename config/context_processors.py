from django.conf import settings

from config import registry


def site(request):
    """Site name and the navigation/badge hooks the other apps fill in (see config.registry)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "header_counters": registry.header_counters(request),
        "site_banners": registry.site_banners(request),
    }
