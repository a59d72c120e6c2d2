from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "config.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from config.ops import receivers  # noqa: F401
