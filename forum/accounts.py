from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from config.web.client import client_ip
from forum import services


class AccountAdapter(DefaultAccountAdapter):
    """Every account gets a profile; the site speaks the language the member chose at sign-up."""

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
