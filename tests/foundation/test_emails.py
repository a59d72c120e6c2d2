"""Every email the product sends carries the site's name and its one address (SITE_URL), as
branded HTML and as text, in the member's language (#15 trust breakers 1 and 2)."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import override_settings

from config.site import sync_site_row
from forum import notifications
from forum.models import Notification
from tests.factories import make_member, make_thread

pytestmark = pytest.mark.django_db

SITE = {"SITE_URL": "https://community.example.org", "SITE_NAME": "Acme Help"}


def html_of(message) -> str:
    return next(body for body, kind in message.alternatives if kind == "text/html")


def sign_up(client, email="new@example.com", **extra):
    response = client.post("/accounts/signup/", {"email": email, "username": email.split("@")[0],
                                                 "password1": "a-Strong-pass-42", "password2": "a-Strong-pass-42"},
                           **extra)
    assert response.status_code == 302
    return mail.outbox[-1]


@override_settings(**SITE)
def test_the_sign_up_email_names_the_site_links_to_its_address_and_never_says_example_com(client):
    sync_site_row()
    message = sign_up(client)
    assert "example.com" not in message.body.replace("new@example.com", "")
    assert "Hello from the Acme Help community" in message.body and "The Acme Help team" in message.body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    assert link.startswith("https://community.example.org/accounts/confirm-email/")  # not http://testserver
    html = html_of(message)
    assert "Acme Help" in html and f'href="{link}"' in html
    assert "example.com" not in html.replace("new@example.com", "")


@override_settings(**SITE)
def test_the_password_reset_email_links_to_the_site_address(client):
    member = make_member(email="ann@example.org")
    client.post("/accounts/password/reset/", {"email": member.email})
    message = mail.outbox[-1]
    assert re.search(r"https://community\.example\.org/accounts/password/reset/key/\S+", message.body)
    assert "Acme Help" in html_of(message)


@override_settings(**SITE)
def test_account_emails_speak_dutch_to_a_dutch_visitor(client):
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    message = sign_up(client, email="nieuw@example.org")
    assert "Hallo van de Acme Help-community" in message.body
    assert "Het team van Acme Help" in message.body
    assert 'lang="nl"' in html_of(message)


@override_settings(**SITE)
def test_a_notification_email_uses_the_same_layout_and_address():
    member = make_member(display_name="Ann")
    member.profile.email_mode = "each"
    member.profile.save()
    thread = make_thread()
    note = Notification.objects.create(recipient=member, verb="answer", thread=thread, text="Bob answered your question",
                                       url=thread.get_absolute_url())
    notifications.email(note.pk)
    message = mail.outbox[-1]
    html = html_of(message)
    assert f'href="https://community.example.org{thread.get_absolute_url()}"' in html
    assert ">Acme Help</a>" in html  # the layout's header
    assert "https://community.example.org/unsubscribe/" in message.body or "community.example.org" in message.body


@override_settings(**SITE)
def test_migrating_puts_the_sites_name_and_address_in_the_sites_row():
    Site.objects.filter(pk=1).update(domain="example.com", name="example.com")
    sync_site_row()
    site = Site.objects.get(pk=1)
    assert (site.domain, site.name) == ("community.example.org", "Acme Help")
