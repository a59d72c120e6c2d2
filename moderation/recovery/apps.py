from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    """Service recovery: complaints as cases with one owner and a response-time target, the
    five-part recovery reply, follow-ups and the feedback inbox. An app of its own (label
    "recovery") that builds on moderation (teams, audit log); it lives inside moderation/ so the
    top-level folders stay the product's. Django finds its templates, template tags, static files
    and Dutch catalogue like any app's."""

    name = "moderation.recovery"
    label = "recovery"
    verbose_name = _("Service recovery")

    def ready(self):
        """Every registration of service recovery happens here."""
        from config import registry
        from config.ops.jobs import register_job
        from forum import extensions
        from moderation.recovery import (
            admin,  # noqa: F401  (registers its model admins)
            panels,
            receivers,
            tasks,
        )

        extensions.register(extensions.thread_panels, panels.thread_panels)
        from moderation import audit
        from moderation import services as moderation_services
        from moderation.recovery import services as recovery_services

        moderation_services.register_action_labels(recovery_services.AUDIT_LABELS)
        audit.register_fields("recovery", recovery_services.AUDIT_FIELDS)
        registry.register_header_counter(receivers.waiting_counter)
        register_job(name="check_response_targets", schedule="*/5 * * * *",
                     task=tasks.check_response_targets, description=_("Record missed first-response targets"))
        register_job(name="send_follow_ups", schedule="0 * * * *", task=tasks.send_follow_ups,
                     description=_("Ask customers “all good now?” after their case was resolved"))
