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
# Proxies in front that append to X-Forwarded-For (0: trust only REMOTE_ADDR); see config/web/client.py.
TRUSTED_PROXY_COUNT = number("TRUSTED_PROXY_COUNT", 0)
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

# Media on S3-compatible object storage, for several app servers: on when MEDIA_S3_BUCKET is set.
MEDIA_S3_BUCKET = text("MEDIA_S3_BUCKET")
MEDIA_S3_ENDPOINT_URL = text("MEDIA_S3_ENDPOINT_URL")  # empty: AWS itself; e.g. MinIO, Ceph, R2
MEDIA_S3_REGION = text("MEDIA_S3_REGION", "us-east-1")
MEDIA_S3_PUBLIC_URL = text("MEDIA_S3_PUBLIC_URL")  # where browsers fetch objects (a CDN); default: the bucket
AWS_ACCESS_KEY_ID = text("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = text("AWS_SECRET_ACCESS_KEY")

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


def s3_media_settings(*, bucket: str, endpoint_url: str = "", region: str = "us-east-1", public_url: str = "",
                      access_key: str = "", secret_key: str = "") -> tuple[dict, str]:
    """The default storage and MEDIA_URL for a bucket. Links are plain public URLs (no expiring
    signatures: they are written into posts), so the bucket must allow anonymous reads of objects."""
    if not public_url:
        public_url = (f"{endpoint_url.rstrip('/')}/{bucket}" if endpoint_url
                      else f"https://{bucket}.s3.{region}.amazonaws.com")
    public = urlparse(public_url.rstrip("/"))
    storage = {
        "BACKEND": "config.s3storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "custom_domain": public.netloc + public.path,  # how url() builds links: no signing call
            "url_protocol": f"{public.scheme}:",
            "querystring_auth": False,
            "file_overwrite": False,  # two documents called report.pdf must not overwrite each other
        },
    }
    return storage, f"{public.scheme}://{public.netloc}{public.path}/"


def redis_caches(url: str) -> dict:
    """CACHES for Redis at `url`. "default" logs and ignores connection errors (a read is a miss, so
    pages come from the database); "ratelimit" raises them, so config.web.ratelimit can count in
    process memory while Redis is down. Short timeouts: a dead Redis must cost a page little."""
    options = {"CLIENT_CLASS": "django_redis.client.DefaultClient", "SOCKET_CONNECT_TIMEOUT": 0.5,
               "SOCKET_TIMEOUT": 0.5}
    return {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": "flawsome",
                    "OPTIONS": {**options, "IGNORE_EXCEPTIONS": True}},
        "ratelimit": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": "flawsome",
                      "OPTIONS": options},
    }


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
