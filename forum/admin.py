"""Forum in Django admin: categories, threads, answers, tags. Changes go through services where it matters."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from forum import services
from forum.models import Answer, Attachment, Category, Notification, Profile, Thread


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    """Name and description in English (required) and Dutch (empty: Dutch visitors read the English)."""

    list_display = ["name", "icon", "slug", "parent", "position", "thread_count"]
    list_editable = ["position"]
    list_filter = ["parent"]
    search_fields = ["name_en", "name_nl", "slug", "description_en", "description_nl"]
    prepopulated_fields = {"slug": ("name",)}


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["author", "created_at", "is_accepted", "kudos_count", "deleted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "category", "author", "answer_count", "kudos_count", "view_count",
                    "is_pinned", "created_at", "deleted_at"]
    list_filter = ["kind", "status", "category", "is_pinned", "is_hidden", "is_pending_review",
                   ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "author__username", "author__email"]
    date_hierarchy = "created_at"
    list_select_related = ["category", "author"]
    raw_id_fields = ["author", "duplicate_of"]
    readonly_fields = ["answer_count", "kudos_count", "me_too_count", "view_count", "last_activity_at",
                       "edited_at", "deleted_at", "created_at"]
    inlines = [AnswerInline]
    actions = ["soft_delete", "restore"]

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is deleted for real: use the soft delete action

    @admin.action(description=_("Delete (soft) selected threads"))
    def soft_delete(self, request, queryset):
        for thread in queryset.filter(deleted_at__isnull=True):
            services.post_delete(post=thread, by=request.user)
        messages.success(request, _("Deleted. Moderators can restore them."))

    @admin.action(description=_("Restore selected threads"))
    def restore(self, request, queryset):
        for thread in queryset.filter(deleted_at__isnull=False):
            services.post_restore(post=thread, by=request.user)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "is_accepted", "verified_at", "kudos_count", "created_at", "deleted_at"]
    list_filter = ["is_accepted", "is_hidden", "is_pending_review", ("verified_at", admin.EmptyFieldListFilter),
                   ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username", "thread__title"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["author", "thread"]
    readonly_fields = ["kudos_count", "is_accepted", "created_at", "edited_at", "deleted_at"]
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "language", "email_mode"]
    list_filter = ["language", "email_mode"]
    search_fields = ["user__username", "user__email", "display_name"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "verb", "text", "created_at", "read_at", "emailed_at"]
    list_filter = ["verb"]
    search_fields = ["recipient__username", "text"]
    raw_id_fields = ["recipient", "actor", "thread", "answer"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "uploader", "width", "height", "created_at"]
    search_fields = ["original_name", "uploader__username"]
    raw_id_fields = ["uploader"]
