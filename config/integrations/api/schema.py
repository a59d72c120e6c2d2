"""The OpenAPI schema's shared parts: every operation documents its problem+json errors, and the
bearer token is the one security scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
}
ERRORS = {
    "400": "Malformed JSON, wrong types, unknown fields or values the site refuses (see `errors`).",
    "401": "No token where one is needed, or an unknown, revoked or expired token.",
    "403": "The token lacks the scope, or the site's rules refuse the member (suspended, not the asker…).",
    "404": "Not there, or not visible to this member.",
    "405": "Method not allowed.",
    "406": "Only JSON is served.",
    "409": "Refused in the current state (kudos given already, answer accepted already…).",
    "413": "The body is larger than API_MAX_BODY_BYTES.",
    "415": "Send JSON (Content-Type: application/json).",
    "429": "Rate limited: wait `Retry-After` seconds.",
}
READ_ONLY_ERRORS = {"401", "403", "404", "405", "406", "429", "400"}


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "config.integrations.api.authentication.BearerTokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "An API token from Settings → API tokens (`fls_…`)."}


def only_our_api(endpoints):
    """Preprocessing hook: document /api/v1/ only (Wagtail's admin API is DRF too, and not ours)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def add_problem_responses(result, generator, request, public):
    """Postprocessing hook: the Problem component, and each error response on each operation."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            codes = ERRORS if method in ("post", "put", "patch", "delete") else {
                code: text for code, text in ERRORS.items() if code in READ_ONLY_ERRORS}
            responses = operation.setdefault("responses", {})
            for code, text in codes.items():
                responses.setdefault(code, {"description": text,
                                            "content": {"application/problem+json": {"schema": reference}}})
    return result
