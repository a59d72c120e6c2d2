"""Moderation forms. They validate input only; the services apply the rules."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.web.honeypot import HoneypotMixin
from config.web.text import SingleLineMixin
from forum.models import Thread
from moderation.models import Flag
from moderation.services import Action

THREAD_REFERENCE_INVALID = _("Give the number of a thread or paste its address.")
UNTIL_NOT_IN_FUTURE = _("Choose a date after today.")


class FlagForm(HoneypotMixin):
    reason = forms.ChoiceField(label=_("What is wrong with this post?"), choices=Flag.Reason.choices,
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("Details"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required for “something else”; helpful for the others."))
    def clean(self):
        data = super().clean()
        if data.get("reason") == Flag.Reason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Please tell us what is wrong."))
        return data


class ReasonForm(SingleLineMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RequiredReasonForm(SingleLineMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Please give a reason.")})


def thread_id_from(value: str) -> int:
    value = (value or "").strip()
    if value.isdigit():
        return int(value)
    match = re.search(r"/t/(\d+)/", value)
    if match:
        return int(match.group(1))
    raise forms.ValidationError(THREAD_REFERENCE_INVALID)


class ThreadReferenceField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        thread = Thread.objects.filter(pk=thread_id_from(value)).first()
        if thread is None:
            raise forms.ValidationError(THREAD_REFERENCE_INVALID)
        return thread


class CloseForm(SingleLineMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Why close it?"), choices=[
        (Thread.CloseReason.DUPLICATE, _("Duplicate of another thread")),
        (Thread.CloseReason.OFF_TOPIC, _("Off-topic")),
        (Thread.CloseReason.RESOLVED, _("Resolved")),
        (Thread.CloseReason.OTHER, _("Other")),
    ])
    duplicate_of = ThreadReferenceField(label=_("Original thread"), required=False,
                                        help_text=_("For duplicates: the thread number or its address."))
    note = forms.CharField(label=_("Note shown on the thread"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("reason") == Thread.CloseReason.DUPLICATE and not data.get("duplicate_of") \
                and "duplicate_of" not in self.errors:
            self.add_error("duplicate_of", _("Choose the original thread this one duplicates."))
        return data


class MoveForm(SingleLineMixin, forms.Form):
    category = forms.TypedChoiceField(label=_("Move to category"), coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {c.pk: c for c in categories}
        self.fields["category"].choices = [(c.pk, c.name) for c in categories]

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]


class MergeForm(SingleLineMixin, forms.Form):
    target = ThreadReferenceField(label=_("Merge into thread"),
                                  help_text=_("The thread number or its address. Answers move there; this thread closes as its duplicate."))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class SuspendForm(SingleLineMixin, forms.Form):
    until = forms.DateField(label=_("Suspended until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason (the member sees it)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Please give a reason.")})

    def clean_until(self):
        day = self.cleaned_data["until"]
        if day <= timezone.localdate():
            raise forms.ValidationError(UNTIL_NOT_IN_FUTURE)
        # The suspension ends at the start of the chosen day, local time.
        return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilterForm(SingleLineMixin, forms.Form):
    actor = forms.ChoiceField(label=_("Moderator"), required=False)
    member = forms.CharField(label=_("Member (username)"), required=False, max_length=150)
    thread = forms.IntegerField(label=_("Thread number"), required=False, min_value=1)
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, moderators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Everyone"))] + [
            (m.username, m.profile.name if hasattr(m, "profile") else m.username) for m in moderators]
        self.fields["action"].choices = [("", _("All actions"))] + list(Action.LABELS.items())
