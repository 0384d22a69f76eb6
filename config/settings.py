"""Settings for Cơ Sở, read from environment variables.

One module for every environment: development defaults are safe to run on a laptop
(SQLite under var/, DEBUG on), production flips them with env vars (see README).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COSO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Or read from a file only its owner can read: `make run` generates var/secret_key once (mode 600) and
# points DJANGO_SECRET_KEY_FILE at it, so the demo runs with DEBUG off without a key in any file of the
# repository, and sessions survive a restart.
if not SECRET_KEY and os.environ.get("DJANGO_SECRET_KEY_FILE"):
    SECRET_KEY = Path(os.environ["DJANGO_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# A refused form (no CSRF token, or one from an ended session) gets our page in the user's language.
CSRF_FAILURE_VIEW = "coso.common.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "coso.common",
    "coso.audit",
    "coso.accounts",
    "coso.organizations",
    "coso.members",
    "coso.rulesets",
    "coso.admission",
    "coso.targets",
    "coso.badges",
    "coso.transfers",
    "coso.meetings",
    "coso.evaluation",
    "coso.cadres",
    "coso.training",
    "coso.imports",
    "coso.reports",
    "coso.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "coso.common.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "coso.common.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'coso.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    DATABASES["default"]["OPTIONS"]["timeout"] = 30
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after a working day of inactivity, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("COSO_SESSION_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login rate limiting (django-axes, coso.accounts.lockout): 5 failures per user name and address, 20 per
# address whatever the user names; 15 minutes cool-off. The address is REMOTE_ADDR only: forwarded
# headers are not trusted (a proxy in front must set REMOTE_ADDR, e.g. gunicorn --forwarded-allow-ips).
AXES_FAILURE_LIMIT = int(os.environ.get("COSO_LOGIN_FAILURE_LIMIT", "5"))
COSO_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("COSO_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "coso.accounts.lockout.UserAndAddressHandler"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The demo loader (coso/demo) is a package, not an app: its catalogue is named here.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "coso" / "demo" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["coso.common.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    ("vendor/datepicker", BASE_DIR / "node_modules" / "vanillajs-datepicker" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Background jobs: django-tasks with its database worker by default (no extra service);
# production may point COSO_TASKS_BACKEND at an RQ/Redis backend (see README).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("COSO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    # Production queue on Redis (requirements-prod.txt): workers run `manage.py rqworker --job-class django_tasks_rq.Job`.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

# The dates every input may carry (coso.common.dates): from COSO_DATE_MIN to 31/12 of the current year
# plus COSO_DATE_YEARS_AHEAD; a period (meetings, reports) at most COSO_PERIOD_MAX_YEARS long.
COSO_DATE_MIN = os.environ.get("COSO_DATE_MIN", "1930-01-01")
COSO_DATE_YEARS_AHEAD = int(os.environ.get("COSO_DATE_YEARS_AHEAD", "5"))
COSO_PERIOD_MAX_YEARS = int(os.environ.get("COSO_PERIOD_MAX_YEARS", "50"))
# The API's paging: at most this many rows per page, and no offset beyond this.
COSO_API_MAX_LIMIT = 500
COSO_API_MAX_OFFSET = int(os.environ.get("COSO_API_MAX_OFFSET", "10000000"))

# Imports up to this many rows run inside the request; larger ones go to the job queue.
COSO_IMPORT_INLINE_MAX_ROWS = int(os.environ.get("COSO_IMPORT_INLINE_MAX_ROWS", "300"))
# A campaign over at most this many members creates its records inside the request; a larger one on the job queue.
COSO_EVALUATION_INLINE_MAX = int(os.environ.get("COSO_EVALUATION_INLINE_MAX", "3000"))
# Bounds of one import (coso/imports): upload size, data rows per file, file checks per user and
# hour (they answer whether citizen IDs are on the register), minutes without progress after which
# a job's worker is taken for dead, and days an uploaded workbook (personal data) is kept.
COSO_IMPORT_MAX_UPLOAD_MB = int(os.environ.get("COSO_IMPORT_MAX_UPLOAD_MB", "20"))
COSO_IMPORT_MAX_ROWS = int(os.environ.get("COSO_IMPORT_MAX_ROWS", "100000"))
COSO_IMPORT_CHECKS_PER_HOUR = int(os.environ.get("COSO_IMPORT_CHECKS_PER_HOUR", "20"))
COSO_IMPORT_STALE_MINUTES = int(os.environ.get("COSO_IMPORT_STALE_MINUTES", "30"))
COSO_IMPORT_RETENTION_DAYS = int(os.environ.get("COSO_IMPORT_RETENTION_DAYS", "30"))

# Content-Security-Policy (django-csp), in every environment so the browser tests run under it: scripts,
# styles, fonts, images and requests only from this site; no inline script or event handler (page
# behaviour lives in static files: common/static/coso/app.js and the apps' static scripts).
# Style *attributes* stay allowed (`style-src-attr`): they cannot run script, and the import progress
# bar sets its width with one; <style> elements and foreign style sheets stay refused. Bootstrap's
# CSS draws its icons (select arrow, close button) as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", env_bool("DJANGO_HTTPS", True))
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", env_bool("DJANGO_HTTPS", True))
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    # HTTPS: redirect plain HTTP and tell browsers to insist on HTTPS for a year (HSTS).
    # DJANGO_HTTPS=0 turns both off for a deployment without TLS (e.g. a closed intranet on plain
    # HTTP). Behind a TLS-terminating proxy set DJANGO_TLS_PROXY=1 so its X-Forwarded-Proto is believed
    # (only if the proxy always sets it: a client could otherwise claim HTTPS).
    if env_bool("DJANGO_HTTPS", True):
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
        SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
        SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
        if env_bool("DJANGO_TLS_PROXY", False):
            SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        if not SECURE_HSTS_PRELOAD:
            # The browsers' preload list is for public domains; an intranet host name has no place in it.
            SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
