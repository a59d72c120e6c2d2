"""JSON bodies with a size limit (API_MAX_BODY_BYTES): a larger body is refused with 413 before it
is read into memory, and strings are checked for what no database stores (NUL, lone surrogates)."""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

BODY_TOO_LARGE = _("The request body is too large: at most %(limit)s bytes.")
MALFORMED_JSON = _("The request body is not valid JSON: %(error)s")
NOT_AN_OBJECT = _("The request body must be a JSON object.")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(str(BODY_TOO_LARGE) % {"limit": limit})
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(str(BODY_TOO_LARGE) % {"limit": limit})
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise exceptions.ParseError(str(MALFORMED_JSON) % {"error": "not UTF-8"}) from None
        except ValueError as error:
            raise exceptions.ParseError(str(MALFORMED_JSON) % {"error": error}) from None
        if not isinstance(data, dict):
            raise exceptions.ParseError(NOT_AN_OBJECT)
        return data
