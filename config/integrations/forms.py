from django import forms
from django.utils.translation import gettext_lazy as _

from config.integrations.models import ApiToken
from config.web.text import SingleLineMixin

EXPIRY_CHOICES = [("30", _("in 30 days")), ("90", _("in 90 days")), ("365", _("in a year")), ("", _("never"))]


class TokenForm(SingleLineMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("Which integration will use it, e.g. “CRM sync”."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=ApiToken.Scope.choices,
                                       widget=forms.CheckboxSelectMultiple, initial=[ApiToken.Scope.READ])
    expires = forms.ChoiceField(label=_("Expires"), choices=EXPIRY_CHOICES, initial="90", required=False)

    def __init__(self, *args, may_moderate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_moderate:
            self.fields["scopes"].choices = [c for c in ApiToken.Scope.choices if c[0] != ApiToken.Scope.MODERATION]
