"""API tokens: made (shown once), found by digest, revoked. Writes in one place for the member's
settings page, the admin and the API's authentication."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.integrations.models import ApiToken
from forum import roles

PREFIX = "fls_"
NAME_REQUIRED = _("Please give the token a name, e.g. the integration that will use it.")
SCOPE_REQUIRED = _("Choose at least one scope.")
SCOPE_UNKNOWN = _("Unknown scope.")
MODERATION_SCOPE_STAFF_ONLY = _("Only moderators can make a token with the moderation scope.")
ALREADY_REVOKED = _("This token is already revoked.")
NOT_YOUR_TOKEN = _("This is not your token.")

# Seen by last_used_at at most once a minute: a busy integration should not write on every call.
LAST_USED_GRANULARITY = timedelta(minutes=1)


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # the only time it exists outside the client: show it once


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user, name: str, scopes: list[str], expires_at=None) -> NewToken:
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ValidationError(NAME_REQUIRED)
    scopes = [s for s in ApiToken.Scope.values if s in set(scopes or [])]
    if not scopes:
        raise ValidationError(SCOPE_REQUIRED)
    if ApiToken.Scope.MODERATION in scopes and not roles.is_moderator(user):
        raise ValidationError(MODERATION_SCOPE_STAFF_ONLY)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:12], digest=digest(raw), scopes=scopes,
                                    expires_at=expires_at)
    return NewToken(token=token, secret=raw)


def token_revoke(*, token: ApiToken) -> None:
    if token.is_revoked:
        raise ValidationError(ALREADY_REVOKED)
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.revoked_at = now


def check_revoke_token(user, token: ApiToken) -> None:
    """A member revokes their own tokens; staff revoke any from the admin (Django's own permission)."""
    if token.user_id != user.pk and not user.has_perm("integrations.change_apitoken"):
        raise PermissionDenied(NOT_YOUR_TOKEN)


def find(raw: str) -> ApiToken | None:
    """The token with this secret (revoked and expired ones too, so the caller can say which)."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    return ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()


def mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")
