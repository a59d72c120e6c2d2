"""Every API error as RFC 9457 problem details (application/problem+json):
{"type", "title", "status", "detail", "errors"?}. A refusal of the site's own rules keeps the
site's translated message as `detail`, so an integrator reads what a member would."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.web.ratelimit import RateLimited

PROBLEM = "application/problem+json"
NOT_FOUND = _("Nothing here: check the address and the id.")
CONFLICT = _("That cannot be done in the current state.")

TITLES = {
    400: _("Bad request"),
    401: _("Not authenticated"),
    403: _("Not allowed"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    413: _("Request body too large"),
    415: _("Unsupported media type"),
    429: _("Too many requests"),
}


class Conflict(exceptions.APIException):
    """A service refused because of the data's state (kudos twice, accepted already)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def problem(status_code: int, detail, *, errors=None, headers=None) -> dict:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("Error"))),
        "status": status_code,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = errors
    return body


def _flatten(detail):
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def problem_handler(exc, context):
    if isinstance(exc, RateLimited):
        exc = exceptions.Throttled(wait=60, detail=str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = Conflict(exc.messages[0])
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if exc.args else NOT_FOUND)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc.args[0]) if exc.args else None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    errors = None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(detail if isinstance(detail, dict) else {"non_field_errors": detail})
        message = _("The request has invalid fields; see “errors”.")
    elif isinstance(detail, dict) and "detail" in detail:
        message = detail["detail"]
    else:
        message = detail
    response.data = problem(response.status_code, message, errors=errors)
    response.content_type = PROBLEM
    return response


@csrf_exempt  # the API has no cookies to protect; a POST to a wrong address is a 404 like a GET
def not_found(request, *args, **kwargs):
    """Unknown /api/ addresses: a problem, not the site's HTML 404 page."""
    return JsonResponse(problem(404, NOT_FOUND), status=404, content_type=PROBLEM)


__all__ = ["PROBLEM", "Conflict", "Response", "not_found", "problem", "problem_handler"]
