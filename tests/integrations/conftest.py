import pytest

from config.integrations import tokens


@pytest.fixture
def token_for(db):
    """token_for(user, "read", "write") -> the raw bearer token (what the member copies once)."""

    def make(user, *scopes, **options):
        return tokens.token_create(user=user, name="Test integration", scopes=list(scopes or ["read"]),
                                   **options).secret

    return make


@pytest.fixture
def api(client):
    """api(method, path, token=None, json=None, **extra) -> response; JSON in, JSON out."""
    import json as jsonlib

    def call(method, path, token=None, json=None, data=None, content_type="application/json", **extra):
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        body = data if data is not None else (jsonlib.dumps(json) if json is not None else None)
        kwargs = {"content_type": content_type} if body is not None else {}
        return getattr(client, method.lower())(path, body, **kwargs, **extra) if body is not None else \
            getattr(client, method.lower())(path, **extra)

    return call
