from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from config.web.honeypot import HoneypotMixin
from config.web.text import SingleLineMixin
from moderation.models import Team
from moderation.recovery.models import Case, Feedback, RecoveryReply
from moderation.recovery.services import GESTURE_VALUE_MISSING, PART_MISSING, REPLY_PARTS

User = get_user_model()

PART_HELP = {
    "responsibility": _("Say plainly that this is on us — no “if”, no blaming the customer."),
    "regret": _("Say you are sorry, in your own words."),
    "repair": _("What you are doing to put it right, and when."),
    "cause": _("What went wrong, honestly and briefly."),
    "prevention": _("What changes so it does not happen again."),
}



class RecoveryReplyForm(SingleLineMixin, forms.Form):
    responsibility = forms.CharField(label=_("Taking responsibility"), widget=forms.Textarea(attrs={"rows": 2}),
                                     required=False, help_text=PART_HELP["responsibility"])
    regret = forms.CharField(label=_("Regret"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text=PART_HELP["regret"])
    repair = forms.CharField(label=_("The repair offered"), widget=forms.Textarea(attrs={"rows": 3}),
                             required=False, help_text=PART_HELP["repair"])
    cause = forms.CharField(label=_("The cause"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                            help_text=PART_HELP["cause"])
    prevention = forms.CharField(label=_("What will prevent a repeat"), widget=forms.Textarea(attrs={"rows": 2}),
                                 required=False, help_text=PART_HELP["prevention"])
    gesture_kind = forms.ChoiceField(label=_("Gesture (optional)"), choices=RecoveryReply.Gesture.choices,
                                     required=False)
    gesture_value = forms.DecimalField(label=_("Value"), required=False, min_value=0, max_digits=9,
                                       decimal_places=2)
    gesture_currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR", required=False)
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        missing = []
        for name, label in REPLY_PARTS:
            if not (data.get(name) or "").strip():
                self.add_error(name, _("This part is required."))
                missing.append(str(label))
        if missing:
            raise forms.ValidationError(PART_MISSING % {"parts": ", ".join(missing)})
        kind = data.get("gesture_kind")
        if kind and kind != RecoveryReply.Gesture.FREE_SHIPPING and data.get("gesture_value") is None:
            self.add_error("gesture_value", GESTURE_VALUE_MISSING)
        return data


class ReassignForm(SingleLineMixin, forms.Form):
    to = forms.ModelChoiceField(label=_("Pass to"), queryset=User.objects.none(), empty_label=_("Choose a colleague…"))
    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            User.objects.filter(is_active=True).filter(
                Q_staff()).select_related("profile").distinct().order_by("username"))
        self.fields["to"].label_from_instance = lambda user: user.profile.name if hasattr(user, "profile") \
            else user.get_username()


def Q_staff():
    from django.db.models import Q

    return (Q(is_superuser=True)
            | Q(groups__permissions__codename="moderate", groups__permissions__content_type__app_label="forum")
            | Q(user_permissions__codename="moderate", user_permissions__content_type__app_label="forum"))


class StatusForm(SingleLineMixin, forms.Form):
    status = forms.ChoiceField(choices=Case.Status.choices)
    note = forms.CharField(max_length=300, required=False)


class NoteForm(SingleLineMixin, forms.Form):
    body = forms.CharField(label=_("Private note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FeedbackForm(HoneypotMixin):
    KINDS = [(value, label) for value, label in Feedback.Kind.choices if value != Feedback.Kind.MISSING_PAGE]

    kind = forms.ChoiceField(label=_("What is it about?"), choices=KINDS, widget=forms.RadioSelect,
                             initial=Feedback.Kind.PAGE_PROBLEM)
    message = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    email = forms.EmailField(label=_("Your email (optional)"), required=False,
                             help_text=_("Only if you would like an answer."))
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class MissingPageForm(HoneypotMixin):
    message = forms.CharField(label=_("What were you looking for?"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)
    email = forms.EmailField(label=_("Your email (optional)"), required=False)
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class FollowUpForm(SingleLineMixin, forms.Form):
    answer = forms.ChoiceField(choices=[("yes", _("Yes, all good")), ("no", _("No, not yet"))])
    comment = forms.CharField(label=_("Anything you want to add? (optional)"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class QueueFilterForm(SingleLineMixin, forms.Form):
    # The empty choice of a filter says what it shows, not Django's "---------" (#15 item 13).
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False,
                                  empty_label=_("All teams"))
    category = forms.ModelChoiceField(label=_("Category"), queryset=None, required=False,
                                      empty_label=_("All categories"))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False,
                                   empty_label=_("Everyone"))

    def __init__(self, *args, **kwargs):
        from forum.models import Category

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["owner"].queryset = (User.objects.filter(is_active=True).filter(Q_staff())
                                         .select_related("profile").distinct().order_by("username"))
        self.fields["owner"].label_from_instance = lambda user: user.profile.name if hasattr(user, "profile") \
            else user.get_username()


class InboxFilterForm(SingleLineMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))] + list(Feedback.Kind.choices),
                             required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False,
                                  empty_label=_("All teams"))
    handled = forms.ChoiceField(label=_("Show"), required=False, initial="open", choices=[
        ("open", _("Not handled yet")), ("handled", _("Handled")), ("all", _("Everything"))])


class PeriodForm(SingleLineMixin, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
