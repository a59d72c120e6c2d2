"""One honeypot for every public form: a field people never see and bots fill in.

Render it with `{% include "web/honeypot.html" with field=form.website %}`. The wrapper is
`inert` and `aria-hidden`, the input `tabindex="-1"` and `autocomplete="off"`, so neither the
keyboard, a screen reader nor autofill reaches it. Should it be filled all the same, the form
is refused with a message and re-shown with everything typed in the real fields kept (and the
trap emptied), so a person loses nothing and can send again; a message is never thrown away
behind a "Thank you".
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.web.text import SingleLineMixin

HONEYPOT_FILLED = _("This looked automated, so nothing was sent yet. Your text is kept below: please send it again.")


class HoneypotMixin(SingleLineMixin, forms.Form):
    website = forms.CharField(required=False, label=_("Leave this empty"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            self.add_error(None, HONEYPOT_FILLED)  # above the form: the field itself is hidden
        return ""
