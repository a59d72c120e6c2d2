from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.defaultfilters import linebreaksbr, urlize
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from config.web.client import client_ip
from config.web.redirects import path_of
from forum import services


def on_site(url: str) -> str:
    """`url` on the site's one address (SITE_URL), whatever host the request came in on: a link in
    an email must lead to the site, not to the address a proxy or a test server happened to use."""
    return settings.SITE_URL.rstrip("/") + path_of(url)


class AccountAdapter(DefaultAccountAdapter):
    """Every account gets a profile; the site speaks the language the member chose at sign-up;
    account emails carry the site's name and address and come as branded HTML as well as text."""

    def get_email_confirmation_url(self, request, emailconfirmation):
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return on_site(super().get_reset_password_from_key_url(key))

    def render_mail(self, template_prefix, email, context, headers=None):
        context = {**context, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL.rstrip("/"),
                   "LANGUAGE_CODE": translation.get_language()}
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None) and message.content_subtype == "plain":
            paragraphs = [mark_safe(linebreaksbr(urlize(part.strip(), autoescape=True)))  # noqa: S308 - escaped by urlize
                          for part in message.body.split("\n\n") if part.strip()]
            message.attach_alternative(render_to_string("email/account_message.html",
                                                        {**context, "paragraphs": paragraphs}), "text/html")
        return message

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile = services.profile_for(user)
            language = translation.get_language() or "en"
            if profile.language != language[:2]:
                profile.language = language[:2]
                profile.save(update_fields=["language"])
        return user

    def get_client_ip(self, request):
        # allauth's sign-in and sign-up limits key on the same address as every other limit.
        return client_ip(request)
