from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from config import registry
        from config.ops.jobs import register_job
        from forum import (
            extensions,
            notifications,
            receivers,  # noqa: F401
            tasks,
        )
        from forum.search import documents as search_documents
        from forum.search import receivers as search_receivers

        search_documents.register(search_receivers.ThreadDocuments())
        extensions.register(extensions.thread_panels, search_receivers._related_panel)
        registry.register_header_counter(notifications.header_counter)
        register_job(name="send_digests", schedule="0 7 * * *", task=tasks.send_digests,
                     description=_("The daily digest for members who chose it"))
        register_job(name="send_accept_reminders", schedule="30 7 * * *", task=tasks.send_accept_reminders,
                     description=_("Remind askers once to accept an answer"))
