from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from moderation import receivers  # noqa: F401
        from moderation.recovery import receivers as recovery_receivers  # noqa: F401
