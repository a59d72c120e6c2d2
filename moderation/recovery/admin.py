"""Django admin for the service-recovery settings staff rarely change: response policies and feedback rules.

Day-to-day work happens on the site (/moderation/waiting/, the case pages, the inbox); registered from
moderation's AppConfig.ready() through moderation.recovery.receivers.
"""

from django.contrib import admin

from moderation.recovery.models import Case, FeedbackRule, ResponsePolicy


@admin.register(ResponsePolicy)
class ResponsePolicyAdmin(admin.ModelAdmin):
    list_display = ["category", "first_response_minutes", "business_hours_only", "day_start", "day_end"]
    list_select_related = ["category"]


@admin.register(FeedbackRule)
class FeedbackRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "kind", "category", "keywords", "team", "is_active"]
    list_editable = ["position", "is_active"]
    list_select_related = ["category", "team"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["thread", "owner", "status", "due_at", "first_response_at", "breached"]
    list_filter = ["status", "breached", "team"]
    list_select_related = ["thread", "owner"]
    readonly_fields = [field.name for field in Case._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
