"""Control characters in one-line fields (#15 security finding): a display name with a line break
is refused with a message, and a name stored before the rule never stops anyone's email."""

import pytest
from django import forms
from django.core import mail

from config.web.text import SingleLineMixin
from forum import notifications
from forum.forms import EditForm, ProfileForm, ThreadForm
from forum.models import Notification, Profile
from moderation.forms import SuspendForm
from tests.factories import make_member, make_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["Ann\nBcc: everyone@example.com", "Ann\r\nX", "Ann\x00", "Ann\x1b[31m", "Ann\u2028B"])
def test_a_display_name_with_a_line_break_or_control_character_is_refused_with_a_message(client_for, name):
    member = make_member(display_name="Ann")
    response = client_for(member).post("/settings/", {"display_name": name, "bio": "Hi", "language": "en",
                                                      "email_mode": "each"})
    assert "Please keep this to one line" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.display_name == "Ann"


def test_every_one_line_field_of_the_forms_refuses_control_characters_and_text_areas_keep_line_breaks():
    thread_form = ThreadForm(data={"title": "Router\x07 blinks orange", "body": "Line one\nLine two"})
    thread_form.is_valid()
    assert "title" in thread_form.errors and "body" not in thread_form.errors
    edit = EditForm(data={"title": "A title\x0b that is long enough", "body": "ok\nok"}, is_thread=True)
    assert not edit.is_valid() and "title" in edit.errors
    assert not ProfileForm(data={"display_name": "B\tob"}).is_valid()
    suspend = SuspendForm(data={"reason": "Spam\nspam", "until": "2099-01-01"})
    suspend.is_valid()
    assert "reason" not in suspend.errors  # a text area: line breaks are the point


class EveryInput(SingleLineMixin, forms.Form):
    name = forms.CharField()
    email = forms.EmailField()
    website = forms.URLField(assume_scheme="https")
    search = forms.CharField(widget=forms.SearchInput)
    phone = forms.CharField(widget=forms.TelInput)
    password = forms.CharField(widget=forms.PasswordInput)
    token = forms.CharField(widget=forms.HiddenInput)
    story = forms.CharField(widget=forms.Textarea)


def test_every_kind_of_one_line_input_refuses_a_line_break_but_passwords_hidden_fields_and_text_areas_do_not():
    form = EveryInput(data={"name": "Ann\nB", "email": "ann@example.com\nBcc: x@example.com",
                            "website": "https://example.com/\x1bx", "search": "a\x1bb", "phone": "0\n1",
                            "password": "pa\nss", "token": "a\nb", "story": "line one\nline two"})
    form.is_valid()
    refused = {name for name, errors in form.errors.items() if any("one line" in str(e) for e in errors)}
    assert refused == {"name", "email", "website", "search", "phone"}


def test_a_name_stored_before_the_rule_cannot_stop_an_email(settings):
    actor = make_member(display_name="Mallory")
    Profile.objects.filter(user=actor).update(display_name="Mallory\nBcc: x@example.com")
    member = make_member()
    thread = make_thread(author=member)
    note = Notification.objects.create(recipient=member, verb="answer_posted", actor=actor, thread=thread,
                                       text="Mallory\nBcc: x@example.com answered your question", url="/")
    notifications.email(note.pk)
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "Bcc" in mail.outbox[0].subject


def test_one_members_failing_digest_does_not_stop_the_others(monkeypatch):
    first, second = make_member(), make_member()
    for member in (first, second):
        Profile.objects.filter(user=member).update(email_mode=Profile.EmailMode.DIGEST)
        Notification.objects.create(recipient=member, verb="x", text="Something happened", url="/")
    real_send = notifications._send

    def send(user, **kwargs):
        if user == first:
            raise OSError("the mail server refused this one")
        return real_send(user, **kwargs)

    monkeypatch.setattr(notifications, "_send", send)
    assert notifications.send_digests() == 1
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert Notification.objects.get(recipient=first).emailed_at is None  # still due for the next run


def test_every_one_line_field_of_every_form_refuses_a_line_break():
    from django.forms.widgets import Input

    from tests.foundation.test_every_form_limit import build, project_forms, typed_fields

    checked = []
    for form_class in project_forms():
        for name in typed_fields(build(form_class)):
            form = build(form_class, {name: "Ann\nBcc: everyone@example.com"})
            if not isinstance(form.fields[name].widget, Input):
                continue  # a text area: line breaks are the point
            form.is_valid()
            codes = [error.code for error in form.errors.as_data().get(name, [])]
            assert "control_characters" in codes, f"{form_class.__name__}.{name}: {form.errors.get(name)}"
            checked.append(f"{form_class.__name__}.{name}")
    assert {"ProfileForm.display_name", "ThreadForm.title", "TokenForm.name", "StatusForm.note"} <= set(checked)
