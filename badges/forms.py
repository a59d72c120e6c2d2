from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from config.web.text import SingleLineMixin

NO_SUCH_MEMBER = _("There is no member with that username.")


class GrantForm(SingleLineMixin, forms.Form):
    username = forms.CharField(label=_("Member (username)"), max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the badge log."))

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(NO_SUCH_MEMBER)
        self.member = user
        return username


class RevokeForm(SingleLineMixin, forms.Form):
    username = forms.CharField(widget=forms.HiddenInput, max_length=150)
    reason = forms.CharField(label=_("Reason"), max_length=1000)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(NO_SUCH_MEMBER)
        self.member = user
        return username
