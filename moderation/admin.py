from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from config.admin_tools import ReadOnlyAdmin
from moderation.models import AuditEntry, Flag, Suspension, Team


@admin.register(Team)
class TeamAdmin(TranslationAdmin):
    """Who answers for which categories; the name in English and Dutch (members see it on cases)."""

    list_display = ("name", "email")
    search_fields = ("name_en", "name_nl", "email")
    autocomplete_fields = ("members",)
    filter_horizontal = ("categories",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is never edited or deleted."""

    list_display = ("created_at", "actor", "action", "member", "thread", "reason")
    list_filter = ("action",)
    search_fields = ("reason", "actor__username", "member__username", "thread__title")
    list_select_related = ("actor", "member", "thread")
    date_hierarchy = "created_at"


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("created_at", "flagger", "reason", "thread", "answer", "weight", "status", "outcome")
    list_filter = ("status", "reason")
    raw_id_fields = ("flagger", "thread", "answer", "post_author", "resolved_by")
    list_select_related = ("flagger", "thread", "answer")


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("member", "starts_at", "until", "lifted_at", "by")
    raw_id_fields = ("member", "by", "lifted_by")
    list_select_related = ("member", "by")
