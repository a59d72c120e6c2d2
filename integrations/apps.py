from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """The company's systems meet the community here: the JSON API (integrations/api/), API tokens,
    outgoing webhooks. It may import every app; no app imports it (ARCHITECTURE.md)."""

    name = "integrations"
    verbose_name = _("Integrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Every registration of integrations happens here."""
        from integrations import admin, receivers  # noqa: F401  (model admins; webhook receivers)
        from integrations.api import schema  # noqa: F401  (the bearer scheme for drf-spectacular)

        receivers.connect()
