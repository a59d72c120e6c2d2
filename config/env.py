"""Every setting that differs between one machine and many is read here, and only here.

With no variable set the site runs on its embedded defaults: SQLite, a Whoosh index, media
on disk, a local-memory cache, tasks run in-process and email printed to the console.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def words(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in text(name, default).split(",") if part.strip()]


DATA_DIR = Path(text("DATA_DIR") or BASE_DIR / "var").resolve()
DATABASE_URL = text("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'flawsome.sqlite3'}"
REDIS_URL = text("REDIS_URL")
TASKS_BACKEND = text("TASKS_BACKEND", "immediate")  # immediate | database
SEARCH_BACKEND = text("SEARCH_BACKEND") or (
    "postgres" if DATABASE_URL.startswith(("postgres://", "postgresql://")) else "whoosh"
)
EMAIL_URL = text("EMAIL_URL")  # smtp://user:password@host:587?tls=1 ; empty: console
SECRET_KEY = text("SECRET_KEY")
DEBUG = flag("DEBUG")
ALLOWED_HOSTS = words("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = words("CSRF_TRUSTED_ORIGINS")
SITE_URL = text("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = text("SITE_NAME", "Flawsome")
DEFAULT_FROM_EMAIL = text("DEFAULT_FROM_EMAIL", "Flawsome <community@example.com>")
MEDIA_ROOT = Path(text("MEDIA_ROOT") or DATA_DIR / "media")
SECURE_SSL_REDIRECT = flag("SECURE_SSL_REDIRECT", True)
LOG_LEVEL = text("LOG_LEVEL", "INFO")
# Staff must set up an authenticator app before using /admin/, /cms/ and /moderation/.
# On by default; config.settings.dev turns it off unless the variable says otherwise.
STAFF_REQUIRE_2FA = flag("STAFF_REQUIRE_2FA", True)

# Social sign-in: a provider is switched on when its client id is set.
GOOGLE_CLIENT_ID = text("GOOGLE_CLIENT_ID")
GOOGLE_CLIENT_SECRET = text("GOOGLE_CLIENT_SECRET")
MICROSOFT_CLIENT_ID = text("MICROSOFT_CLIENT_ID")
MICROSOFT_CLIENT_SECRET = text("MICROSOFT_CLIENT_SECRET")
MICROSOFT_TENANT = text("MICROSOFT_TENANT", "common")
OIDC_CLIENT_ID = text("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = text("OIDC_CLIENT_SECRET")
OIDC_SERVER_URL = text("OIDC_SERVER_URL")
OIDC_NAME = text("OIDC_NAME", "Company SSO")


def email_settings(url: str) -> dict:
    """Translate EMAIL_URL into Django's EMAIL_* settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlparse(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_ssl = parts.scheme == "smtps" or options.get("ssl") in {"1", "true"}
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": not use_ssl and options.get("tls", "1") in {"1", "true"},
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 10,
    }
