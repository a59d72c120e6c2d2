"""What the API shows and accepts. Input serializers refuse unknown fields and wrong types (a
number where text belongs is an error, not text), and validate with the site's own form rules
(forum.forms), so the API and the ask page refuse the same things with the same words."""

from django import forms as django_forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum import forms as forum_forms
from forum.models import Answer, Category, Thread

UNKNOWN_FIELD = _("Unknown field.")
NOT_TEXT = _("Must be text.")
BAD_CHARACTERS = _("Contains characters that cannot be stored.")
CATEGORY_UNKNOWN = _("No category with this slug.")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class StrictCharField(serializers.CharField):
    """Text only (no numbers or booleans turned into text); nothing a database cannot store."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(NOT_TEXT)
        if "\x00" in data:
            raise serializers.ValidationError(BAD_CHARACTERS)
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise serializers.ValidationError(BAD_CHARACTERS) from None
        return super().to_internal_value(data)


class StrictInput(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [str(UNKNOWN_FIELD)] for name in unknown})
        return super().to_internal_value(data)


def _site_rule(clean, value):
    try:
        return clean(value)
    except django_forms.ValidationError as error:
        raise serializers.ValidationError(error.messages) from None


# Output


class MemberRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    url = serializers.CharField()

    def to_representation(self, user):
        profile = getattr(user, "profile", None)
        return {
            "username": user.get_username(),
            "display_name": profile.name if profile else user.get_username(),
            "url": site_url(reverse("forum:profile", kwargs={"username": user.get_username()})),
        }


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = ["slug", "name", "description", "icon", "parent", "thread_count", "url"]

    def get_url(self, category) -> str:
        return site_url(category.get_absolute_url())


class CategoryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ThreadSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    author = MemberRefSerializer(read_only=True)
    category = CategoryRefSerializer(read_only=True)
    tags = serializers.SerializerMethodField()

    class Meta:
        model = Thread
        fields = ["id", "url", "kind", "title", "status", "category", "tags", "author", "language", "body",
                  "body_html", "answer_count", "kudos_count", "me_too_count", "is_pinned", "created_at",
                  "edited_at", "last_activity_at"]

    def get_url(self, thread) -> str:
        return site_url(thread.get_absolute_url())

    def get_tags(self, thread) -> list[str]:
        return [tag.name for tag in thread.tags.all()]


class AnswerSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    author = MemberRefSerializer(read_only=True)
    thread = serializers.IntegerField(source="thread_id", read_only=True)
    is_verified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "url", "thread", "author", "body", "body_html", "kudos_count", "is_accepted",
                  "accepted_at", "is_verified", "verified_at", "created_at", "edited_at"]

    def get_url(self, answer) -> str:
        return site_url(answer.get_absolute_url())


class TagSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    thread_count = serializers.IntegerField()
    url = serializers.CharField()


class BadgeSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    tier = serializers.CharField()
    holder_count = serializers.IntegerField()
    url = serializers.CharField()


class AwardSerializer(serializers.Serializer):
    badge = serializers.CharField(source="badge.slug")
    name = serializers.CharField(source="badge.name")
    tier = serializers.CharField(source="badge.tier")
    awarded_at = serializers.DateTimeField()


class StatsSerializer(serializers.Serializer):
    questions = serializers.IntegerField()
    answers = serializers.IntegerField()
    solutions = serializers.IntegerField()
    kudos = serializers.IntegerField()


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    bio = serializers.CharField()
    url = serializers.CharField()
    joined_at = serializers.DateTimeField()
    stats = StatsSerializer()
    badges = AwardSerializer(many=True)


class KnownIssueUpdateSerializer(serializers.Serializer):
    posted_at = serializers.DateTimeField()
    status = serializers.CharField()
    text = serializers.CharField()


class KnownIssueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.CharField()
    started_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField())
    updates = KnownIssueUpdateSerializer(many=True)


class KudosSerializer(serializers.Serializer):
    given = serializers.BooleanField()
    kudos_count = serializers.IntegerField()


class AcceptanceSerializer(serializers.Serializer):
    is_accepted = serializers.BooleanField()
    thread_status = serializers.CharField()


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField())
    token_name = serializers.CharField()
    token_expires_at = serializers.DateTimeField(allow_null=True)


# Input


@extend_schema_field({"type": "array", "items": {"type": "string", "maxLength": 30}, "maxItems": forum_forms.MAX_TAGS})
class TagListField(serializers.ListField):
    child = StrictCharField(max_length=30, trim_whitespace=True)


class ThreadCreateSerializer(StrictInput):
    kind = serializers.ChoiceField(choices=Thread.Kind.choices, default=Thread.Kind.QUESTION)
    title = StrictCharField(max_length=1000)
    body = StrictCharField(max_length=100_000)
    category = StrictCharField(max_length=80, help_text="The category's slug.")
    tags = TagListField(required=False, default=list, max_length=20)
    submission_token = StrictCharField(
        required=False, default="", allow_blank=True, max_length=64,
        help_text="Optional idempotency key: a repeated request with the same key returns the thread already made.")

    def validate_title(self, value):
        return _site_rule(forum_forms.clean_title_text, value)

    def validate_body(self, value):
        return _site_rule(forum_forms.clean_body_text, value)

    def validate_tags(self, value):
        return _site_rule(forum_forms.clean_tag_text, ", ".join(value))

    def validate_category(self, value):
        category = Category.objects.filter(slug=value).first()
        if category is None:
            raise serializers.ValidationError(CATEGORY_UNKNOWN)
        return category


class AnswerCreateSerializer(StrictInput):
    body = StrictCharField(max_length=100_000)
    submission_token = StrictCharField(required=False, default="", allow_blank=True, max_length=64)

    def validate_body(self, value):
        return _site_rule(forum_forms.clean_body_text, value)


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, child=serializers.JSONField())
