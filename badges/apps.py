from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = _("Badges")

    def ready(self):
        from badges import extensions, receivers  # noqa: F401
        from forum import extensions as forum_extensions

        forum_extensions.register(forum_extensions.author_flair, extensions.author_flair)
        forum_extensions.register(forum_extensions.profile_panels, extensions.profile_panel)
