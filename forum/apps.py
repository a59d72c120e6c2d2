from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from config import registry
        from forum import (
            notifications,
            receivers,  # noqa: F401
        )
        from forum.search import receivers as search_receivers  # noqa: F401

        registry.register_header_counter(notifications.header_counter)
