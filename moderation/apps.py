from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from config.ops.jobs import register_job
        from moderation import receivers  # noqa: F401
        from moderation.recovery import receivers as recovery_receivers  # noqa: F401
        from moderation.recovery import tasks

        register_job(name="check_response_targets", schedule="*/5 * * * *",
                     task=tasks.check_response_targets, description=_("Record missed first-response targets"))
        register_job(name="send_follow_ups", schedule="0 * * * *", task=tasks.send_follow_ups,
                     description=_("Ask customers “all good now?” after their case was resolved"))
