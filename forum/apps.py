from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from config import registry
        from config.ops.jobs import register_job
        from forum import (
            notifications,
            receivers,  # noqa: F401
            tasks,
        )
        from forum.search import receivers as search_receivers  # noqa: F401

        registry.register_header_counter(notifications.header_counter)
        register_job(name="send_digests", schedule="0 7 * * *", task=tasks.send_digests,
                     description=_("The daily digest for members who chose it"))
        register_job(name="send_accept_reminders", schedule="30 7 * * *", task=tasks.send_accept_reminders,
                     description=_("Remind askers once to accept an answer"))
