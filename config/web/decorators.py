"""One decorator for "signed in and allowed"."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

SIGN_IN_REQUIRED = _("Please sign in first.")


def signed_in(check=None, *, refuse_anonymous_posts: bool = False):
    """Visitors are sent to sign in; signed-in users must pass `check(user)`, which raises
    PermissionDenied with its own message (shown on the 403 page).

    refuse_anonymous_posts: answer a visitor's POST with 403 "Please sign in first." instead of
    the sign-in page, for actions (htmx buttons, form posts) that cannot be replayed after it.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if refuse_anonymous_posts and request.method not in ("GET", "HEAD"):
                    raise PermissionDenied(SIGN_IN_REQUIRED)
                return redirect_to_login(request.get_full_path())
            if check is not None:
                check(request.user)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
