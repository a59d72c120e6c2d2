"""Scopes: reading needs "read" (visitors read what visitors read on the site, without a token);
every change needs a signed-in token with "write". What a member may then do is the site's own
rule (forum.permissions), asked by each view."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from config.integrations.models import ApiToken

SCOPE_MISSING = _("This token does not have the “%(scope)s” scope.")
TOKEN_REQUIRED = _("This needs an API token: send “Authorization: Bearer <token>”.")


def _require(request, scope: str) -> None:
    token = request.auth
    if not isinstance(token, ApiToken):
        raise exceptions.NotAuthenticated(TOKEN_REQUIRED)
    if scope not in token.scopes:
        raise exceptions.PermissionDenied(str(SCOPE_MISSING) % {"scope": scope})


class TokenScopes(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            if request.auth is not None:
                _require(request, ApiToken.Scope.READ)
            elif getattr(view, "token_required", False):
                _require(request, ApiToken.Scope.READ)
            return True
        _require(request, ApiToken.Scope.WRITE)
        return True
