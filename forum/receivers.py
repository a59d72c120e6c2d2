"""The forum's reactions to outside events (sign-in language, for one)."""

from allauth.account.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def use_the_members_language(sender, request, user, **kwargs):
    from forum.services import profile_for

    language = profile_for(user).language
    translation.activate(language)
    request._flawsome_language = language
