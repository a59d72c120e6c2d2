from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """The company's systems meet the community here: the JSON API (config/integrations/api/), API
    tokens, outgoing webhooks. It may import every app; no app imports it (ARCHITECTURE.md). It sits
    in config/ because the project's top-level folders are its five apps; its label stays
    "integrations", so its tables and migrations keep their names."""

    name = "config.integrations"
    label = "integrations"
    verbose_name = _("Integrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Every registration of integrations happens here."""
        from config.integrations import admin, receivers  # noqa: F401  (model admins; webhook receivers)
        from config.integrations.api import schema  # noqa: F401  (the bearer scheme for drf-spectacular)

        receivers.connect()
        from django.urls import register_converter

        from config.integrations.api.converters import IdConverter, UsernameConverter

        # Before the URL patterns are read (they load lazily, after every app is ready).
        register_converter(IdConverter, "api_id")
        register_converter(UsernameConverter, "api_username")
