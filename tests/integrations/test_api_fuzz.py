"""schemathesis fuzzes the API against its own OpenAPI schema (issue #14, "Proof"): for every
operation, generated requests (valid and not) never get a 500, and every response matches the
schema (status code documented, body shape, content type). Bounded: MAX_EXAMPLES per operation,
no shrinking, so the run takes about a minute."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests import factories

MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))  # more for a longer hunt


# Loaded at collection (pytest-django has set Django up by then); generating it reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI application itself, so Django's request_started/finished close
    "old" connections — on PostgreSQL that is the test's own, inside its transaction (Django's test
    client unhooks the same receivers for the same reason)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def cast(db, member, other_member, category, token_for, settings):
    """Something to read and act on, and a write token (the fuzzer posts as a member)."""
    settings.RATE_LIMITS = {name: {kind: (10_000, 60) for kind in limits} for name, limits in
                            settings.RATE_LIMITS.items()}
    factories.grant(other_member, "bypass_new_member_limits")
    thread = factories.make_thread(author=member, category=category, tags=["delivery"])
    factories.make_answer(thread=thread, author=other_member)
    return token_for(other_member, "read", "write")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_no_request_makes_a_500_and_every_response_matches_the_schema(case, cast):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {cast}"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    case.validate_response(response, checks=[status_code_conformance, content_type_conformance,
                                             response_schema_conformance])

