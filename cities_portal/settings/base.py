"""Settings shared by every environment, read from the environment (SPEC "Settings")."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so translated fields show in its forms
    "security.apps.PortalAdminConfig",  # django.contrib.admin with the two-factor aware site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "imagekit",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "security",
    "core",
    "atlas",
    "clusters",
    "members",
    "news",
    "events",
    "pages",
    "solutions",
    "exchange",
    "submissions",
    "subscriptions",
    "partners",
    "search",
    "feeds",
    "api",
    "opendata",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.urls.RequestOriginMiddleware",  # absolute links on the request's own host when SITE_URL is unset
    "security.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.page_cache.PageCacheMiddleware",  # after the language is known; docs/architecture.md
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.StaffSessionTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "security.middleware.MethodGuardMiddleware",  # TRACE, DELETE, PUT… get 405 (with every header)
    "axes.middleware.AxesMiddleware",
    "security.middleware.DatabaseUnavailableMiddleware",  # last: a lost database becomes a branded 503
]

ROOT_URLCONF = "cities_portal.urls"
WSGI_APPLICATION = "cities_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# SQLite file by default; any DATABASE_URL (postgres://…) otherwise. Persistent
# connections with health checks, so a database restart heals without a restart.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # A runaway query is cut off instead of holding a worker.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '10000'))}"
    )
    # Parameters bound by the server, so that psycopg prepares a statement after five runs on a
    # connection and PostgreSQL parses and plans it once.
    # Off for a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    if env_bool("DB_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)  # Django's default is never
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",  # Django's, one client per pool (core/cache.py)
            "LOCATION": REDIS_URL,
            # Instances that share one Redis must share the prefix (and SECRET_KEY): rate
            # limits and the page cache's generation live under it.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ssc"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous GET pages, feeds, sitemaps and API answers are kept whole for at most this many seconds
# (less when a scheduled item is due sooner); any content change invalidates them at once, on every
# server sharing the cache. 0 turns the page cache off. docs/architecture.md, core/page_cache.py.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# The grouped counts over all published content (map, figures, facets, member counts) are kept under
# the same invalidation, for everyone, for at most this long; 0 counts afresh on every request.
# core/aggregates.py.
AGGREGATE_CACHE_SECONDS = int(os.environ.get("AGGREGATE_CACHE_SECONDS", "300"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The six official languages of the United Nations, plus Portuguese. English is unprefixed in URLs.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Content translations (django-modeltranslation, docs/languages.md): each
# translated field has one column per language on the same row (`name_en`, `name_es`…), registered
# in each app's translation.py. English is the source; a missing translation falls back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # slugs come from the English name or title
TIME_ZONE = "UTC"
USE_I18N = True
FORMAT_MODULE_PATH = ["cities_portal.formats"]  # English dates as 19 December 2022
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve uploads itself (development, tests, `make serve`); production puts them
# behind the web server or object storage instead.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media on S3-compatible object storage (AWS S3, MinIO, Ceph, R2…) when MEDIA_S3_BUCKET is set, so
# every application instance sees every upload and its resized variants (imagekit writes through the
# same default storage). The objects are read publicly by plain URL (no signature): give the bucket a
# public-read policy, or serve it through MEDIA_S3_CUSTOM_DOMAIN (a CDN). docs/operations.md.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
MEDIA_ORIGINS = []  # where media is served from when it is not this site ('self'); added to the CSP's img-src
if MEDIA_S3_BUCKET:
    _endpoint = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").rstrip("/")
    _region = os.environ.get("MEDIA_S3_REGION", "")
    _custom_domain = os.environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip("/")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": _endpoint or None,
            "region_name": _region or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": _custom_domain or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "").strip("/"),
            # Path-style addresses work with any S3-compatible server (and with an IP endpoint).
            "addressing_style": os.environ.get("MEDIA_S3_ADDRESSING_STYLE", "path" if _endpoint else "auto"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    if _custom_domain:
        MEDIA_ORIGINS = [f"https://{_custom_domain}"]
    elif _endpoint:
        MEDIA_ORIGINS = ["/".join(_endpoint.split("/")[:3])]  # scheme://host:port
    else:  # AWS itself: the global and the regional virtual-hosted names
        MEDIA_ORIGINS = [f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com"]
        if _region:
            MEDIA_ORIGINS.append(f"https://{MEDIA_S3_BUCKET}.s3.{_region}.amazonaws.com")

# Uploads larger than this are rejected before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Resized variants are written when first asked for, then served from storage.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_CACHEFILE_DIR = "variants"

# Console email by default, so `make run` shows every message; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # configured through MAILERS only (the EMAIL_* settings are deprecated in Django 6.1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "South-South Cities Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (email) through Django's tasks framework, stored in the database and run by
# `manage.py db_worker` (`make run` starts one beside the web server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Partner submissions: accepted per client address per hour, and how long an emailed update link works.
SUBMISSIONS_PER_HOUR = int(os.environ.get("SUBMISSIONS_PER_HOUR", "5"))
SUBMISSIONS_LINK_DAYS = 7

SITE_NAME = "South-South Cities Portal"
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")  # empty: each request's own scheme and host
# The programme's accounts elsewhere, linked from every page's footer: (name, address).
SOCIAL_LINKS = [
    ("YouTube", "https://www.youtube.com/@UNOSSC"),
    ("X", "https://x.com/UNOSSC"),
    ("LinkedIn", "https://www.linkedin.com/company/unossc/"),
]
# The licence of the open data downloads at /data/ (stated on the page, in datapackage.json and in each
# JSON file), as a Data Package licence: an SPDX `name`, a `path` to its text and a `title`.
OPEN_DATA_LICENSE = {
    "name": os.environ.get("OPEN_DATA_LICENSE_NAME", "CC-BY-4.0"),
    "path": os.environ.get("OPEN_DATA_LICENSE_PATH", "https://creativecommons.org/licenses/by/4.0/"),
    "title": os.environ.get("OPEN_DATA_LICENSE_TITLE", "Creative Commons Attribution 4.0 International"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Security (docs/operations.md) -------------------------------------------------------------
# Headers sent in every environment, so tests and `make run` see what production sends.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],  # inline <script> only with the request's nonce
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Path prefixes that other sites may load (the read-only JSON API is CORS-open).
SECURE_CROSS_ORIGIN_RESOURCE_POLICY_PATHS = {"/api/": "cross-origin"}
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=()"
ALLOWED_HTTP_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
# No JavaScript needs the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The client address used by rate limits, login throttling and the audit log: the socket address
# (REMOTE_ADDR) when 0, right when the portal faces the internet directly. Behind N reverse proxies
# that append to X-Forwarded-For, the address N entries from the right, the part a client cannot forge.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
SERVICE_UNAVAILABLE_RETRY_AFTER = 30
# Staff sign-ins, lockouts and admin actions: always logged, whatever LOG_LEVEL says.
LOGGING["loggers"]["cities_portal.audit"] = {"level": "INFO"}

# Staff sessions: signed out after 30 minutes idle and 12 hours after signing in.
STAFF_SESSION_IDLE_TIMEOUT = int(os.environ.get("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60))
STAFF_SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("STAFF_SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60))
SESSION_COOKIE_AGE = STAFF_SESSION_ABSOLUTE_TIMEOUT
# Where a sign-in goes when `next` is missing or refused as unsafe (//evil.example, javascript:…):
# the back office. Django's default, /accounts/profile/, does not exist here and would be a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes): 5 wrong passwords for one username from one address lock that pair
# out for 15 minutes; a correct sign-in resets the count. Attempts are kept in the database.
AUTHENTICATION_BACKENDS = [
    "security.auth.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "security.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "security.network.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]

# Two-factor authentication (django-otp, TOTP): required for superusers, opt-in for other staff.
OTP_TOTP_ISSUER = "South-South Cities Portal"

# History (django-simple-history): Editors need the historical models' own permissions to see and revert.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = False
