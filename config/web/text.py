"""Single-line text: what a name, a title or a reason may contain.

A line break or another control character in a one-line field is never what a person meant, and
it breaks what the text is used in later (a display name in an email subject made every
notification email about that member fail with BadHeaderError). Forms refuse it with a clear
message (`SingleLineMixin`); what builds a header from stored text passes it through `one_line`
all the same, so text stored before this rule cannot stop anyone's email either.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SINGLE_LINE_ONLY = _("Please keep this to one line: line breaks and control characters cannot be used here.")
# Every <input> holds one line (text, email, URL, number, search…); a password may hold what its
# owner likes (it is never shown) and a hidden field is the page's, not a person's.
NOT_ONE_LINE = (forms.PasswordInput, forms.HiddenInput)


def validate_single_line(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(SINGLE_LINE_ONLY, code="control_characters")


def one_line(value: str) -> str:
    """`value` with every control character as a space and runs of spaces as one (for headers)."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", str(value)).split())


class SingleLineMixin:
    """Every one-line text field of the form refuses control characters (mix into any form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (isinstance(field, forms.CharField) and isinstance(field.widget, Input)
                    and not isinstance(field.widget, NOT_ONE_LINE)
                    and validate_single_line not in field.validators):
                field.validators.append(validate_single_line)
