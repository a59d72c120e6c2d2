"""Settings shared by every environment. Values that differ come from config.env."""

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = env.BASE_DIR
DATA_DIR = env.DATA_DIR
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the embedded defaults keep everything here
(DATA_DIR / "static").mkdir(exist_ok=True)

SECRET_KEY = env.SECRET_KEY or "insecure-development-key-change-me-in-production"
DEBUG = env.DEBUG
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS
SITE_URL = env.SITE_URL
SITE_NAME = env.SITE_NAME
SITE_ID = 1

INSTALLED_APPS = [
    # Our apps first so their templates override allauth's and Wagtail's.
    "config.apps.SiteConfig",
    "config.ops",  # scheduled jobs and the task worker (every app may import it)
    "forum",
    "badges",
    "moderation",
    "moderation.recovery",
    "blog",
    "config.integrations",  # the JSON API, API tokens, webhooks (it may import every app; none imports it)
    # English and Dutch columns for company-written text (each app's translation.py); before the
    # admin, so that the admin sees the translated fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",  # "Translate" a page into the other language in the CMS
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files (no CDN)
]

MIDDLEWARE = [
    # Outermost: sees every response, so a read that met a database outage is tried once more.
    "config.web.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.StaffTwoFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.middleware.MemberLanguageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                # Last: a page rendered for the anonymous page cache gets a CSRF placeholder (config/web/pagecache.py).
                "config.web.pagecache.context",
            ],
        },
    },
]

# Database: SQLite in DATA_DIR unless DATABASE_URL says otherwise.
# Health checks: a connection kept from before a PostgreSQL restart is tested and replaced at the
# start of the next request instead of failing it (make faults counted 13 such 500s without).
DATABASES = {"default": dj_database_url.parse(env.DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL and a busy timeout let several workers share the file without "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, sessions and rate limits: Redis when REDIS_URL is set, else in-process memory.
# Redis is a cache, not a single point of failure: the default cache logs and ignores
# connection errors (a read is a miss, pages come from the database), sessions live in the
# database with the cache in front, and rate limits count in process memory while Redis is down
# (their own alias raises, so config.web.ratelimit notices). redis-py reconnects by itself.
if env.REDIS_URL:
    CACHES = env.redis_caches(env.REDIS_URL)
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "flawsome.cache"
    RATE_LIMIT_CACHE = "ratelimit"
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    RATE_LIMIT_CACHE = "default"
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Every rate limit of the site (config.web.ratelimit): action -> {"ip" | "user": (hits, seconds)}.
# "ip" is the client address (config.web.client, TRUSTED_PROXY_COUNT); "user" the signed-in member.
RATE_LIMITS = {
    "post": {"ip": (10, 60), "user": (10, 60)},  # threads and answers
    "kudo": {"ip": (30, 60), "user": (30, 60)},
    "upload": {"ip": (10, 60), "user": (10, 60)},
    "preview": {"ip": (20, 60), "user": (20, 60)},  # the editor's Markdown preview (a pause in typing asks)
    "search": {"ip": (20, 60)},  # the search page
    "similar": {"ip": (60, 60)},  # similar questions while typing a title
    "flag": {"ip": (30, 3600), "user": (10, 3600)},  # reports
    "feedback": {"ip": (5, 600)},  # the feedback form and the 404 page's form
    "article_feedback": {"ip": (20, 3600)},  # "did this help?"
    "api_read": {"ip": (120, 60), "user": (240, 60)},  # JSON API reads (config/integrations/api)
    "api_write": {"ip": (60, 60), "user": (30, 60)},  # JSON API changes, on top of "post" and "kudo"
}
TRUSTED_PROXY_COUNT = env.TRUSTED_PROXY_COUNT

# Background work: in-process by default, a database queue (`manage.py db_worker`) at scale.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.TASKS_BACKEND]}}

# Search: one module, two backends (forum/search).
SEARCH_BACKEND = env.SEARCH_BACKEND
SEARCH_INDEX_DIR = DATA_DIR / "search"
SEARCH_TIME_LIMIT_MS = 2000  # PostgreSQL: a search statement is stopped after this (the page asks to narrow it)
SEARCH_REFRESH_SECONDS = 1.0  # Whoosh: how stale a worker's searcher may get (a new one is slow at first)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: loads the member with their profile and permissions in one query each (config/web/auth.py).
    "config.web.auth.MemberBackend",
    # Kept for sessions signed in before MemberBackend existed (a session names its backend).
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth)
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{env.SITE_NAME}] "
ACCOUNT_ADAPTER = "forum.accounts.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_email": "1/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
STAFF_REQUIRE_2FA = env.STAFF_REQUIRE_2FA  # see config.middleware.StaffTwoFactorMiddleware
# Who counts as staff for that rule besides is_staff: holders of these permissions (forum/roles.py:
# moderators, and editors through the CMS's access permission).
STAFF_PERMISSIONS = ["forum.moderate", "wagtailadmin.access_admin"]
MFA_TOTP_ISSUER = env.SITE_NAME
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_PROVIDERS = {}
if env.GOOGLE_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env.GOOGLE_CLIENT_ID, "secret": env.GOOGLE_CLIENT_SECRET}],
        "SCOPE": ["profile", "email"],
    }
if env.MICROSOFT_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [
            {
                "client_id": env.MICROSOFT_CLIENT_ID,
                "secret": env.MICROSOFT_CLIENT_SECRET,
                "settings": {"tenant": env.MICROSOFT_TENANT},
            }
        ]
    }
if env.OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "company",
                "name": env.OIDC_NAME,
                "client_id": env.OIDC_CLIENT_ID,
                "secret": env.OIDC_CLIENT_SECRET,
                "settings": {"server_url": env.OIDC_SERVER_URL},
            }
        ]
    }

# Internationalisation: English and Dutch, language chosen by cookie or profile.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
# Site templates, and sub-packages whose strings are kept apart from their app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "forum/search/locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Company-written text in the database (category, team, badge and rank names and descriptions) has
# an English and a Dutch column (each app's translation.py); `obj.name` is the active language's.
# Either language falls back to the other, so a name is never blank (README, dependency notes).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",), "en": ("nl",)}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.MEDIA_ROOT
if env.MEDIA_S3_BUCKET:  # several app servers share one bucket (README, Configuration)
    STORAGES["default"], MEDIA_URL = env.s3_media_settings(
        bucket=env.MEDIA_S3_BUCKET, endpoint_url=env.MEDIA_S3_ENDPOINT_URL, region=env.MEDIA_S3_REGION,
        public_url=env.MEDIA_S3_PUBLIC_URL, access_key=env.AWS_ACCESS_KEY_ID, secret_key=env.AWS_SECRET_ACCESS_KEY,
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

for _key, _value in env.email_settings(env.EMAIL_URL).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = env.DEFAULT_FROM_EMAIL
SERVER_EMAIL = env.DEFAULT_FROM_EMAIL

MESSAGE_TAGS = {40: "error", 30: "warning", 25: "success", 20: "info", 10: "debug"}

WAGTAIL_SITE_NAME = env.SITE_NAME
# No avatars from an outside service in the CMS: staff email hashes must not leave the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env.SITE_URL
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents never run script on the site's origin (config/media.py): always through the view that
# adds the headers (never a redirect to the storage), always as a download, only these types.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods",
                          "odp", "zip"]
# Blog pages exist per language (a Dutch and an English tree, pages linked as translations); the
# visitor's language (LocaleMiddleware) picks the tree at the same URL, no language prefix.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("nl", "Nederlands")]

X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"once_a_minute": {"()": "config.web.logfilters.OncePerInterval", "seconds": 60}},
    "root": {"handlers": ["console"], "level": env.LOG_LEVEL},
    "loggers": {
        "flawsome.cache": {"filters": ["once_a_minute"]},  # Redis down: one line a minute, not one a call
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}

# Product rules an administrator may tune without code (forum).
# Anonymous pages from the cache (config/web/pagecache.py): a saved or deleted row of these apps
# makes every cached page stale at once (except the models listed, which no anonymous page shows).
PAGE_CACHE = env.flag("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = 300
# Each process keeps copies of the current content version's pages and pieces, up to this many bytes
# (config/web/pagecache.py, _ProcessCache); 0 turns the copies off.
PAGE_CACHE_PROCESS_BYTES = 64 * 1024 * 1024
PAGE_CACHE_APPS = ["forum", "badges", "moderation", "recovery", "blog", "wagtailcore", "taggit"]
PAGE_CACHE_IGNORED_MODELS = ["forum.SearchLog", "forum.Notification", "forum.Attachment"]

FORUM = {
    "ACCEPT_REMINDER_DAYS": 7,
    "NEW_MEMBER_THREADS_PER_HOUR": 3,
    "NEW_MEMBER_MAX_LINKS": 2,
    "PAGE_SIZE": 20,
    # Lists stop at this page (config/web/pagination.py): deeper offsets and whole-list counts are slow.
    "LIST_MAX_PAGES": 50,
    # Answers per page of a thread (the accepted answer first on every page).
    "ANSWERS_PER_PAGE": 30,
    "MAX_TITLE_LENGTH": 150,
    "MIN_TITLE_LENGTH": 10,
    "MAX_BODY_LENGTH": 20000,
    "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    "UPLOAD_MAX_PIXELS": 40_000_000,
    "UPLOAD_MAX_DIMENSION": 1600,
}

# Search engines (config/seo): how long /sitemap.xml and its sections are served from the cache,
# and how many public threads a tag needs before its page is listed in the sitemap.
SITEMAP_CACHE_SECONDS = 3600
SITEMAP_TAG_MIN_THREADS = 3

# The JSON API (config/integrations/api). Its authentication, scopes, limits, parsers, pagination and
# problem+json errors are set on its own base view (config/integrations/api/base.py), not here, so
# Wagtail's admin API keeps DRF's defaults.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{env.SITE_NAME} API",
    "DESCRIPTION": "Read the community and act in it as a member, with the site's own rules. "
                   "Errors are application/problem+json.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["config.integrations.api.schema.only_our_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.integrations.api.schema.add_problem_responses",
    ],
}
API_MAX_BODY_BYTES = 64 * 1024  # a thread's body is at most FORUM["MAX_BODY_LENGTH"] characters
# Outgoing webhooks (config/integrations/webhooks.py). Retries follow TASK_WORKER's attempts and back-off.
# ALLOW_PRIVATE_TARGETS: also send to private and loopback addresses (tests; an all-internal network).
WEBHOOKS = {"TIMEOUT_SECONDS": 5, "DISABLE_AFTER_FAILURES": 10, "ALLOW_PRIVATE_TARGETS": False}
