"""Every email the product can send is branded, names the site, links to its one address and speaks
the member's language (#15 items 1 and 2: account emails said "Hello from example.com! … Thank you
for using example.com!", notification links went to another port than the site).

tests/foundation/test_emails.py follows the sign-up, reset and notification emails through the
site; this file renders every email allauth has a template for (accounts, two-factor, linked
accounts) and the forum's own (notification, digest) in English and Dutch."""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from config.site import sync_site_row
from forum import notifications
from forum.models import Notification
from tests.factories import make_member, make_thread

pytestmark = pytest.mark.django_db

SITE = {"SITE_URL": "https://community.example.org", "SITE_NAME": "Acme Help",
        "ACCOUNT_EMAIL_SUBJECT_PREFIX": "[Acme Help] "}  # made from SITE_NAME in the settings (tested below)
TEMPLATES = Path(allauth.__file__).parent / "templates"
PREFIXES = sorted(str(path.relative_to(TEMPLATES))[: -len("_message.txt")]
                  for folder in ("account", "mfa", "socialaccount")
                  for path in (TEMPLATES / folder / "email").glob("*_message.txt")
                  if not path.name.startswith("base_"))  # the layouts the others extend
WORDS = {  # what the layout and the greeting say in each language
    "en": {"hello": "Hello from the Acme Help community", "bye": "The Acme Help team",
           "why": "You get this email because of your account on Acme Help"},
    "nl": {"hello": "Hallo van de Acme Help-community", "bye": "Het team van Acme Help",
           "why": "Je krijgt deze e-mail vanwege je account bij Acme Help"},
}


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def without_addresses(text: str) -> str:
    return re.sub(r"[\w.+-]+@example\.(com|org)", "", text)


def test_account_email_subjects_start_with_the_sites_name(settings):
    assert settings.ACCOUNT_EMAIL_SUBJECT_PREFIX == f"[{settings.SITE_NAME}] "


def test_every_allauth_email_was_found():
    assert {"account/email/email_confirmation_signup", "account/email/password_reset_key",
            "account/email/password_changed", "mfa/email/totp_activated"} <= set(PREFIXES)
    assert len(PREFIXES) >= 20


@override_settings(**SITE)
@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_account_email_is_branded_in_the_members_language(prefix, language, member):
    sync_site_row()
    context = {"user": member, "activate_url": "https://community.example.org/accounts/confirm-email/k/",
               "password_reset_url": "https://community.example.org/accounts/password/reset/key/1-k/",
               "code": "ABC123", "ip": "203.0.113.9", "user_agent": "Firefox", "timestamp": timezone.now(),
               "from_email": "old@example.org", "to_email": "new@example.org", "deleted_email": "old@example.org",
               "signup_url": "https://community.example.org/accounts/signup/", "provider": "Google",
               "account": None, "email": member.email}
    with translation.override(language):
        message = get_adapter().render_mail(prefix, member.email, context)
    words, html = WORDS[language], html_of(message)
    assert message.subject.startswith("[Acme Help] "), message.subject
    assert words["hello"] in message.body and words["bye"] in message.body, prefix
    assert "https://community.example.org" in message.body
    assert f'lang="{language}"' in html and ">Acme Help</a>" in html and words["why"] in html
    for text in (message.subject, message.body, html):
        assert "example.com" not in without_addresses(text), prefix
        assert "Thank you for using" not in text and "Hello from Acme Help!" not in text  # allauth's wording


@override_settings(**SITE)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_notification_email_links_the_thread_and_unsubscribing_to_the_sites_address(language):
    member = make_member(display_name="Ann")
    member.profile.email_mode = "each"
    member.profile.language = language
    member.profile.save()
    thread = make_thread()
    note = Notification.objects.create(recipient=member, verb="answer", thread=thread, text="Bob answered",
                                       url=thread.get_absolute_url())
    notifications.email(note.pk)
    message = mail.outbox[-1]
    html = html_of(message)
    unsubscribe = re.search(r"https://community\.example\.org/unsubscribe/[^\s\"<>]+", message.body).group(0)
    assert f'href="{unsubscribe}"' in html and message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert f'href="https://community.example.org{thread.get_absolute_url()}"' in html
    assert message.subject.startswith("[Acme Help] ") and f'lang="{language}"' in html
    assert "example.com" not in without_addresses(message.body + html)
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("https://community.example.org") for link in links), links


@override_settings(**SITE)
def test_the_digest_is_branded_and_links_to_the_sites_address():
    member = make_member(display_name="Ann")
    member.profile.email_mode = "digest"
    member.profile.save()
    thread = make_thread()
    Notification.objects.create(recipient=member, verb="answer", thread=thread, text="Bob answered your question",
                                url=thread.get_absolute_url())
    assert notifications.send_digests() == 1
    message = mail.outbox[-1]
    html = html_of(message)
    assert message.subject.startswith("[Acme Help] ") and ">Acme Help</a>" in html
    assert "Bob answered your question" in message.body and "Bob answered your question" in html
    links = re.findall(r'href="([^"]+)"', html)
    assert f"https://community.example.org{thread.get_absolute_url()}" in links
    assert all(link.startswith("https://community.example.org") for link in links), links


@override_settings(**SITE)
def test_a_compliment_forwarded_to_a_team_is_branded_and_links_to_the_sites_address(django_capture_on_commit_callbacks):
    from moderation.models import Team
    from moderation.recovery import services as recovery
    from moderation.recovery.models import FeedbackRule

    FeedbackRule.objects.create(name="Thanks", kind="compliment",
                                team=Team.objects.create(name="Billing", email="billing@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        recovery.feedback_create(kind="compliment", message="Priya from billing was wonderful", page="/c/orders/")
    message = mail.outbox[-1]
    html = html_of(message)
    assert message.subject == "[Acme Help] A compliment for Billing"
    assert ">Acme Help</a>" in html and "your team’s address is set for compliments on Acme Help" in html
    links = re.findall(r'href="([^"]+)"', html)
    assert "https://community.example.org/c/orders/" in links
    assert all(link.startswith("https://community.example.org") for link in links), links
