"""Many machines behind a TLS proxy: gunicorn, whitenoise, secure cookies, HSTS."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

DEBUG = False
if not env.SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY for production.")
SECRET_KEY = env.SECRET_KEY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.SECURE_SSL_REDIRECT
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Wagtail's live preview shows our own pages in a frame, so frames stay allowed from this origin.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
