"""Admin building blocks every app may use (config knows no app)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept for the record (ledgers, logs, audit): shown in the admin, never added, changed
    or deleted there; the app's services write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
