"""Bearer tokens (integrations.tokens). No session authentication: a browser session never opens
the API, so the API needs no CSRF protection and a stolen cookie cannot script it."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from config.integrations import tokens
from config.integrations.models import ApiToken
from forum.roles import MODERATE

TOKEN_MALFORMED = _("Send the token as “Authorization: Bearer <token>”.")
TOKEN_UNKNOWN = _("This token is not valid.")
TOKEN_REVOKED = _("This token was revoked. Make a new one in your settings.")
TOKEN_EXPIRED = _("This token expired on %(date)s. Make a new one in your settings.")
ACCOUNT_INACTIVE = _("This account is not active.")


def _without_moderation(user):
    """Moderator powers come only with the moderation scope: the same member, minus forum.moderate
    (every check asks has_perm through forum.roles, so visibility and actions follow)."""
    original = user.has_perm

    def has_perm(perm, obj=None):
        return perm != MODERATE and original(perm, obj)

    user.has_perm = has_perm
    return user


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed(TOKEN_MALFORMED)
        token = tokens.find(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(TOKEN_UNKNOWN)
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(TOKEN_REVOKED)
        if token.is_expired:
            raise exceptions.AuthenticationFailed(
                str(TOKEN_EXPIRED) % {"date": date_format(localtime(token.expires_at), "DATETIME_FORMAT")})
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(ACCOUNT_INACTIVE)
        tokens.mark_used(token)
        if ApiToken.Scope.MODERATION not in token.scopes:
            _without_moderation(user)
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
