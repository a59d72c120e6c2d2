import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "ratelimit_cache": settings.RATE_LIMIT_CACHE,
    "cache_ignores_errors": settings.CACHES["default"].get("OPTIONS", {}).get("IGNORE_EXCEPTIONS", False),
    "proxies": settings.TRUSTED_PROXY_COUNT,
    "tasks": settings.TASKS["default"]["BACKEND"],
    "search": settings.SEARCH_BACKEND,
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "providers": sorted(settings.SOCIALACCOUNT_PROVIDERS),
    "hosts": settings.ALLOWED_HOSTS,
    "staff_2fa": settings.STAFF_REQUIRE_2FA,
    "debug": settings.DEBUG,
    "static_storage": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""

OUR_VARIABLES = {
    "DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "SEARCH_BACKEND", "EMAIL_URL", "ALLOWED_HOSTS",
    "GOOGLE_CLIENT_ID", "MICROSOFT_CLIENT_ID", "OIDC_CLIENT_ID", "DATA_DIR", "SECRET_KEY",
    "STAFF_REQUIRE_2FA", "DEBUG", "DJANGO_SETTINGS_MODULE", "TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; never in a deployment
}


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "Zq8-production-secret-for-the-deploy-check-7hG2kLm9PxR4tVw1",
    "ALLOWED_HOSTS": "community.example.com",
}


def clean_environment(tmp_path, **variables) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in OUR_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATA_DIR=str(tmp_path))
    env.update(variables)
    return env


def settings_with(tmp_path, **variables) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean_environment(tmp_path, **variables),
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_with_no_variables_the_site_runs_on_the_embedded_defaults(tmp_path):
    found = settings_with(tmp_path)
    assert found["db"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "flawsome.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert found["search"] == "whoosh"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["providers"] == []
    assert found["proxies"] == 0  # X-Forwarded-For ignored unless proxies are configured


def test_the_number_of_trusted_proxies_comes_from_the_environment(tmp_path):
    assert settings_with(tmp_path, TRUSTED_PROXY_COUNT="2")["proxies"] == 2


def test_environment_variables_switch_to_postgresql_redis_and_a_task_queue(tmp_path):
    found = settings_with(
        tmp_path,
        DATABASE_URL="postgres://app@db.internal:5432/flawsome",
        REDIS_URL="redis://cache.internal:6379/0",
        TASKS_BACKEND="database",
        EMAIL_URL="smtp://mailer:secret@smtp.internal:587",
        ALLOWED_HOSTS="community.example.com",
    )
    assert found["db"] == "django.db.backends.postgresql"
    assert found["db_name"] == "flawsome"
    assert found["cache"] == "django_redis.cache.RedisCache"
    # Sessions survive a Redis outage: they live in the database with the cache in front.
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert found["ratelimit_cache"] == "ratelimit"  # an alias that raises, so limits can fall back
    assert found["cache_ignores_errors"] is True  # a dead Redis is a cache miss, not a 500
    assert found["tasks"] == "django_tasks_db.DatabaseBackend"
    assert found["search"] == "postgres"
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["email_host"] == "smtp.internal"
    assert found["hosts"] == ["community.example.com"]


def test_social_providers_switch_on_when_their_client_id_is_set(tmp_path):
    found = settings_with(
        tmp_path, GOOGLE_CLIENT_ID="g", MICROSOFT_CLIENT_ID="m", OIDC_CLIENT_ID="o",
    )
    assert found["providers"] == ["google", "microsoft", "openid_connect"]


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_environment(tmp_path, **PRODUCTION), capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = clean_environment(tmp_path, **{**PRODUCTION, "SECRET_KEY": ""})
    out = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert out.returncode != 0
    assert "Set SECRET_KEY for production." in out.stderr


def test_production_asks_staff_for_two_factor_and_development_does_not(tmp_path):
    production = settings_with(tmp_path, **PRODUCTION)
    assert production["staff_2fa"] is True
    assert production["debug"] is False
    assert production["static_storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings_with(tmp_path)["staff_2fa"] is False
    assert settings_with(tmp_path, STAFF_REQUIRE_2FA="1")["staff_2fa"] is True
    assert settings_with(tmp_path, **PRODUCTION, STAFF_REQUIRE_2FA="0")["staff_2fa"] is False
