from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        """Every registration of moderation happens here (service recovery registers in its own)."""
        from config import registry
        from forum import extensions
        from forum import permissions as forum_permissions
        from moderation import (
            audit,
            hooks,
            receivers,  # noqa: F401  (connects the signal receivers)
            selectors,
        )

        forum_permissions.register_posting_restriction(hooks.suspension_restriction)
        extensions.register(extensions.thread_panels, hooks.thread_panels)
        extensions.register(extensions.post_actions, hooks.post_actions)
        extensions.register(extensions.profile_panels, hooks.profile_panels)
        registry.register_header_counter(hooks.review_counter)
        registry.register_site_banner(hooks.suspension_banner)
        registry.register_member_annotation(selectors.SUSPENDED_UNTIL, selectors.suspension_annotation)
        audit.register_fields("", audit.moderation_fields())
