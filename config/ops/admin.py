"""The failed-task list staff retry from: django-tasks-db's read-only admin plus a Retry action."""

import django_tasks_db.admin  # noqa: F401 - registers DBTaskResult first, so we can replace it
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from config.ops import services
from config.ops.models import JobState

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempts", "exception_class_path", "enqueued_at",
                    "finished_at", "run_after", "queue_name")
    actions = ["retry_tasks"]

    @admin.display(description=_("attempts"))
    def attempts(self, obj: DBTaskResult) -> int:
        return len(obj.worker_ids)

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.action(description=_("Retry the selected tasks"), permissions=["retry"])
    def retry_tasks(self, request, queryset):
        count = services.tasks_retry(task_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d failed task queued again.",
                                            "%(count)d failed tasks queued again.", count) % {"count": count},
                          messages.SUCCESS)


@admin.register(JobState)
class JobStateAdmin(admin.ModelAdmin):
    list_display = ("name", "last_period", "last_outcome", "last_duration", "last_finished_at", "runs", "fired_by")
    readonly_fields = [field.name for field in JobState._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
