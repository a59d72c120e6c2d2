"""One machine, a developer at the keyboard: `make run`."""

from config import env

from .base import *  # noqa: F403

DEBUG = env.flag("DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The demo's staff accounts open the admin without an authenticator app; set
# STAFF_REQUIRE_2FA=1 to try the production behaviour.
STAFF_REQUIRE_2FA = env.flag("STAFF_REQUIRE_2FA", False)
# `make run` serves CSS and JavaScript with DEBUG off too: whitenoise (its middleware is in
# base) reads them straight from the apps' static folders, as runserver would, without a
# collectstatic step. Both default to DEBUG, which left every /static/ URL a 404 with DEBUG=0.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
