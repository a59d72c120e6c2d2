from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        """Every registration of moderation (and of service recovery inside it) happens here."""
        from config import registry
        from config.ops.jobs import register_job
        from forum import extensions
        from forum import permissions as forum_permissions
        from moderation import (
            hooks,
            receivers,  # noqa: F401  (connects the signal receivers)
        )
        from moderation.recovery import admin as recovery_admin  # noqa: F401  (registers itself)
        from moderation.recovery import panels as recovery_panels
        from moderation.recovery import receivers as recovery_receivers
        from moderation.recovery import setup as recovery_setup
        from moderation.recovery import tasks

        recovery_setup.register()
        forum_permissions.register_posting_restriction(hooks.suspension_restriction)
        extensions.register(extensions.thread_panels, hooks.thread_panels)
        extensions.register(extensions.thread_panels, recovery_panels.thread_panels)
        extensions.register(extensions.post_actions, hooks.post_actions)
        extensions.register(extensions.profile_panels, hooks.profile_panels)
        registry.register_header_counter(hooks.review_counter)
        registry.register_header_counter(recovery_receivers.waiting_counter)
        registry.register_site_banner(hooks.suspension_banner)

        register_job(name="check_response_targets", schedule="*/5 * * * *",
                     task=tasks.check_response_targets, description=_("Record missed first-response targets"))
        register_job(name="send_follow_ups", schedule="0 * * * *", task=tasks.send_follow_ups,
                     description=_("Ask customers “all good now?” after their case was resolved"))
