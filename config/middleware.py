from urllib.parse import urlparse

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

# Wagtail's and Django's admin pages use inline scripts; the public site does not.
ADMIN_PREFIXES = ("/admin/", "/cms/")

PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data: blob:",
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "frame-src 'self' https://www.youtube-nocookie.com https://www.youtube.com https://player.vimeo.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)


def public_csp() -> str:
    """PUBLIC_CSP, with the media origin among image sources when media is on object storage."""
    media = urlparse(settings.MEDIA_URL)
    if not media.netloc:
        return PUBLIC_CSP
    return PUBLIC_CSP.replace("img-src 'self'", f"img-src 'self' {media.scheme}://{media.netloc}", 1)


class SecurityHeadersMiddleware:
    """Adds a Content-Security-Policy and Permissions-Policy to public pages.

    Django 5.2 has no CSP of its own; this keeps injected markup from running scripts even if
    the Markdown sanitiser ever let something through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(ADMIN_PREFIXES) and not settings.DEBUG:
            response.headers.setdefault("Content-Security-Policy", public_csp())
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class MemberLanguageMiddleware:
    """After sign-in, remember the member's profile language in Django's language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "_flawsome_language", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax", secure=request.is_secure(),
            )
        return response


# Areas where staff act on other people's data: their accounts must have a second factor.
STAFF_AREAS = ("/admin/", "/cms/", "/moderation/")
STAFF_TWO_FACTOR_REQUIRED = _(
    "Staff accounts need two-factor authentication. Set up an authenticator app to continue."
)


class StaffTwoFactorMiddleware:
    """Sends staff without an active authenticator app (TOTP) to set one up before they use the
    admin, the CMS or the moderation pages. Switched by settings.STAFF_REQUIRE_2FA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_REQUIRE_2FA and request.path.startswith(STAFF_AREAS):
            user = getattr(request, "user", None)
            if user is not None and _is_staff(user) and not _has_totp(user):
                messages.warning(request, STAFF_TWO_FACTOR_REQUIRED)
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def _is_staff(user) -> bool:
    """Company staff (forum/roles.py): is_staff, or a staff role's permission (settings)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or any(user.has_perm(name) for name in settings.STAFF_PERMISSIONS)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP])
