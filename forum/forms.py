"""Forum forms: they validate input; services do the work. Messages are constants, tests read them."""

import re
import secrets

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config.web.honeypot import HoneypotMixin
from config.web.text import SingleLineMixin
from forum.models import Category, Profile, Thread

TITLE_REQUIRED = _("Please write a title.")
TITLE_TOO_SHORT = _("Make the title a little longer: at least %(limit)s characters.")
TITLE_TOO_LONG = _("Keep the title under %(limit)s characters.")
BODY_REQUIRED = _("Please write something in the body.")
BODY_TOO_LONG = _("This is too long: at most %(limit)s characters.")
CATEGORY_REQUIRED = _("Please choose a category.")
CATEGORY_UNKNOWN = _("That category does not exist. Please choose one from the list.")
KIND_UNKNOWN = _("Please choose what kind of post this is.")
TOO_MANY_TAGS = _("Use at most %(limit)s tags.")
TAG_INVALID = _("Tags may contain letters, digits and dashes only (at most 30 characters).")

MAX_TAGS = 5


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


def _limits():
    forum = settings.FORUM
    return forum["MIN_TITLE_LENGTH"], forum["MAX_TITLE_LENGTH"], forum["MAX_BODY_LENGTH"]


def clean_body_text(value: str) -> str:
    _min, _max, max_body = _limits()
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(BODY_REQUIRED)
    if len(value) > max_body:
        raise forms.ValidationError(BODY_TOO_LONG % {"limit": max_body})
    return value


def clean_title_text(value: str) -> str:
    min_title, max_title, _max_body = _limits()
    value = " ".join((value or "").split())
    if not value:
        raise forms.ValidationError(TITLE_REQUIRED)
    if len(value) < min_title:
        raise forms.ValidationError(TITLE_TOO_SHORT % {"limit": min_title})
    if len(value) > max_title:
        raise forms.ValidationError(TITLE_TOO_LONG % {"limit": max_title})
    return value


def limit_fields(form: forms.Form) -> None:
    """The browser's limits for a title and a body are the server's (FORUM settings), so text the
    server would refuse for its length cannot be typed; the server still checks (and says why)."""
    min_title, max_title, max_body = _limits()
    if "title" in form.fields:
        form.fields["title"].widget.attrs.update({"minlength": min_title, "maxlength": max_title})
    if "body" in form.fields:
        form.fields["body"].widget.attrs["maxlength"] = max_body


def clean_tag_text(value: str) -> list[str]:
    tags = []
    for raw in re.split(r"[,\s]+", (value or "").strip().lower()):
        raw = raw.strip("#")
        if not raw:
            continue
        if not re.fullmatch(r"[\w-]{1,30}", raw):
            raise forms.ValidationError(TAG_INVALID)
        if raw not in tags:
            tags.append(raw)
    if len(tags) > MAX_TAGS:
        raise forms.ValidationError(TOO_MANY_TAGS % {"limit": MAX_TAGS})
    return tags


class ThreadForm(HoneypotMixin):
    kind = forms.ChoiceField(
        label=_("What is it?"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION,
        widget=forms.RadioSelect, error_messages={"required": KIND_UNKNOWN, "invalid_choice": KIND_UNKNOWN},
    )
    title = forms.CharField(
        label=_("Title"), required=False, max_length=1000,
        help_text=_("One sentence: what do you want to know, or what went wrong?"),
    )
    body = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown works: **bold**, lists, `code`, links. Add screenshots with the image button."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("Choose a category…"),
        error_messages={"required": CATEGORY_REQUIRED, "invalid_choice": CATEGORY_UNKNOWN},
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, help_text=_("Up to five words, separated by commas: e.g. delivery, app."),
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_fields(self)

    def clean_title(self):
        return clean_title_text(self.cleaned_data.get("title"))

    def clean_body(self):
        return clean_body_text(self.cleaned_data.get("body"))

    def clean_tags(self):
        return clean_tag_text(self.cleaned_data.get("tags"))


class AnswerForm(HoneypotMixin):
    body = forms.CharField(label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 7}))
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_fields(self)

    def clean_body(self):
        return clean_body_text(self.cleaned_data.get("body"))


class EditForm(SingleLineMixin, forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=1000)
    body = forms.CharField(label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 12}))
    tags = forms.CharField(label=_("Tags"), required=False)
    note = forms.CharField(
        label=_("What did you change?"), required=False, max_length=200,
        help_text=_("Optional: a short note shown in the history."),
    )

    def __init__(self, *args, is_thread: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_thread = is_thread
        if not is_thread:
            del self.fields["title"]
            del self.fields["tags"]
        limit_fields(self)

    def clean_title(self):
        return clean_title_text(self.cleaned_data.get("title"))

    def clean_body(self):
        return clean_body_text(self.cleaned_data.get("body"))

    def clean_tags(self):
        return clean_tag_text(self.cleaned_data.get("tags"))


class PreviewForm(SingleLineMixin, forms.Form):
    body = forms.CharField(required=False)


class UploadForm(SingleLineMixin, forms.Form):
    image = forms.FileField(label=_("Image"))


class ProfileForm(SingleLineMixin, forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60, required=False)
    bio = forms.CharField(label=_("About you"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    avatar = forms.FileField(label=_("Avatar"), required=False,
                             help_text=_("A square picture works best. JPEG, PNG, GIF or WebP."))
    remove_avatar = forms.BooleanField(label=_("Use the generated avatar"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    email_mode = forms.ChoiceField(
        label=_("Email me about notifications"), choices=Profile.EmailMode.choices, widget=forms.RadioSelect,
    )
