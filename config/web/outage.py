"""The database is briefly away (a restart, a failover, a dropped connection): a page says so, and
loses nothing.

- A read (GET/HEAD) that failed because the database did not answer is tried once more after
  `DATABASE_OUTAGE_RETRY_SECONDS`: a restart of a second or so then costs the visitor a short wait
  instead of an error page.
- What still fails answers **503 with Retry-After** (not 500: nothing is broken, it is unavailable
  for a moment): a page in the site's style, JSON for JSON clients, one plain sentence for htmx.
- A form sent (POST) while the database was away was not saved; the page says so and offers
  "Send again", a form that posts the same fields back, so nothing typed is lost (files must be
  chosen again; passwords are never echoed).

Django turns an exception anywhere below a middleware into a response through `handler500`,
so the handler (config.views.error_500) asks `outage_response` first; `DatabaseOutageMiddleware`,
outermost, sees the mark it leaves and retries a read.
"""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from config.ops.resilience import drop_connections

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
SAFE_METHODS = {"GET", "HEAD"}
# Sent back by "Send again" only if typed by a person: never secrets, never the form's own token
# (the page adds a fresh one), never a honeypot.
NEVER_ECHOED = ("password", "csrfmiddlewaretoken", "token", "secret")
MARK = "_flawsome_database_outage"


def is_database_outage(error: BaseException | None) -> bool:
    """The database did not answer (refused, shutting down, connection lost), as opposed to a bug."""
    return isinstance(error, (OperationalError, InterfaceError))


def _echoed_fields(request) -> list[tuple[str, str]]:
    fields = []
    for name, values in request.POST.lists():
        if any(word in name.lower() for word in NEVER_ECHOED):
            continue
        fields.extend((name, value) for value in values)
    return fields


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def outage_response(request, error: BaseException | None) -> HttpResponse | None:
    """The 503 for a database outage, or None when `error` is something else (a real 500)."""
    if not is_database_outage(error):
        return None
    setattr(request, MARK, True)
    message = _("The community is unavailable for a moment. Nothing is lost: please try again in a few seconds.")
    if request.method not in SAFE_METHODS:
        message = _("The community is unavailable for a moment, so what you sent was not saved yet. "
                    "Please send it again in a few seconds.")
    if _wants_json(request):
        response = JsonResponse({"error": "unavailable", "detail": message, "retry_after": RETRY_AFTER_SECONDS},
                                status=503)
    elif request.headers.get("HX-Request"):
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    else:
        # No request context: its processors query the database, which is what is away.
        context = {
            "site_name": settings.SITE_NAME,
            "message": message,
            "retry_path": request.get_full_path(),
            "resend_fields": _echoed_fields(request) if request.method == "POST" else [],
            "had_files": request.method == "POST" and bool(request.FILES),
            "sent": request.method == "POST",
            "LANGUAGE_CODE": translation.get_language(),
            "csrf_token": get_token(request),
        }
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Outermost: a read that met a database outage is tried once more before the 503 goes out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in SAFE_METHODS and getattr(request, MARK, False) and response.status_code == 503:
            delay = getattr(settings, "DATABASE_OUTAGE_RETRY_SECONDS", 1.0)
            logger.warning("%s %s: the database did not answer; trying once more in %.1f s",
                           request.method, request.path, delay)
            delattr(request, MARK)
            drop_connections()  # a broken connection never heals: the retry opens a fresh one
            time.sleep(delay)
            response = self.get_response(request)
        return response
