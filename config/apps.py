from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Site-wide commands (seed_demo) that span every app."""

    name = "config"
    label = "site"
    verbose_name = "Site"
