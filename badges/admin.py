"""Administrators tune points, ranks and badges here without code; saves go through services."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from badges import rules, services
from badges.models import (
    Award,
    Badge,
    BadgeLog,
    Rank,
    ReputationEntry,
    ReputationSettings,
    Standing,
)
from config.admin_tools import ReadOnlyAdmin


@admin.register(ReputationSettings)
class ReputationSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kudo_on_answer", "kudo_on_question", "answer_accepted", "asker_accepted",
                    "answer_verified", "daily_kudo_cap"]

    def has_add_permission(self, request):
        return not ReputationSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.settings_save(instance=obj)
        messages.info(request, _("New points apply to new events. Run “manage.py rebuild_reputation” to "
                                 "apply them to the past as well."))


@admin.register(Rank)
class RankAdmin(TranslationAdmin):
    """Name and description in English and Dutch (an empty Dutch one shows the English)."""

    list_display = ["name", "threshold", "is_staff_rank", "group"]
    list_filter = ["is_staff_rank"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.ranks_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.ranks_changed()


class BadgeForm(forms.ModelForm):
    rule = forms.ChoiceField(label=_("rule"), choices=rules.choices,
                             help_text=_("Which query decides who earns it."))

    class Meta:
        model = Badge
        fields = ["name", "slug", "description", "tier", "glyph", "rule", "parameters", "multiple", "enabled",
                  "revoke_when_rule_fails", "position"]

    def clean(self):
        cleaned = super().clean()
        probe = Badge(rule=cleaned.get("rule", ""), parameters=cleaned.get("parameters") or {})
        try:
            services.validate_badge(probe)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict) from None
        return cleaned


@admin.register(Badge)
class BadgeAdmin(TranslationAdmin):
    """Name and description in English and Dutch (an empty Dutch one shows the English)."""

    form = BadgeForm
    list_display = ["icon", "name", "tier", "rule", "parameters", "multiple", "enabled", "holder_count"]
    list_display_links = ["icon", "name"]
    list_filter = ["tier", "enabled", "rule"]
    search_fields = ["name_en", "name_nl", "slug", "description_en", "description_nl"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["award_count", "holder_count", "preview", "rule_help"]

    @admin.display(description=_("icon"))
    def icon(self, obj):
        if not obj.icon_small:
            return "—"
        from django.core.files.storage import default_storage

        return format_html('<img src="{}" width="32" height="32" alt="">', default_storage.url(obj.icon_small))

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.icon_large:
            return "—"
        from django.core.files.storage import default_storage

        return format_html('<img src="{}" alt="">', default_storage.url(obj.icon_large))

    @admin.display(description=_("rules"))
    def rule_help(self, obj):
        return format_html_join(mark_safe("<br>"), "<b>{}</b>: {} {}",
                                ((r.slug, r.help, r.defaults or "") for r in rules.RULES.values()))

    def save_model(self, request, obj, form, change):
        services.badge_save(badge=obj)


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    """Staff grant from the badge page, with a reason: nothing is added here."""

    list_display = ["badge", "member", "source", "awarded_at", "granted_by", "revoked_at"]
    list_filter = ["badge"]
    search_fields = ["member__username"]
    raw_id_fields = ["member", "thread", "answer", "granted_by"]


@admin.register(BadgeLog)
class BadgeLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "badge", "member", "actor", "reason"]
    list_filter = ["action", "badge"]


@admin.register(ReputationEntry)
class ReputationEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "member", "points", "reason", "source", "seq", "day"]
    list_filter = ["reason"]
    search_fields = ["member__username", "source"]


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ["member", "total", "week_points", "month_points", "rank"]
    search_fields = ["member__username"]
    readonly_fields = ["member", "total", "week_points", "week_of", "month_points", "month_of", "rank"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
