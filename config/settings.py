"""Houqin settings: one module, driven by environment variables.

Development defaults just work (SQLite and Celery's filesystem broker under ``var/``);
production sets ``DEBUG=0``, ``SECRET_KEY``, ``DATABASE_URL`` and ``REDIS_URL``.
A bad value stops the process at start with a message that names the variable.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HOUQIN_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_url(url: str) -> dict:
    """Turn ``sqlite:///path``, ``postgres://user:pw@host:port/name`` into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not path:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no file; use sqlite:///var/db.sqlite3.")
        name = Path(path) if Path(path).is_absolute() else BASE_DIR / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": {"timeout": 20}}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r}: the scheme {parts.scheme!r} is not supported; use sqlite:/// or postgres://."
    )


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-houqin-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "import_export",
    "csp",
    "simple_history",
    "axes",
    # The project (config/apps.py: makes the broker's folders at start). No models, no templates.
    "config",
    # Houqin's own apps. The order is the order of the navigation and of the dashboard.
    "campus",
    "checklists",
    "kitchen",
    "health",
    "logistics",
    "assets",
    "finance",
    "safety",
]
HOUQIN_APPS = ["campus", "checklists", "kitchen", "health", "logistics", "assets", "finance", "safety"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "campus.middleware.QueryStringMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "campus.login.LoginGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "campus.login.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "campus.middleware.LoginRequiredMiddleware",
    "campus.middleware.CurrentCampusMiddleware",
    "axes.middleware.AxesMiddleware",
    "campus.pages.NotAllowedPageMiddleware",
]
CSRF_FAILURE_VIEW = "campus.pages.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campus.context_processors.houqin",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'houqin.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery: the filesystem broker runs a real worker and beat with no server; Redis in production.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if not CELERY_BROKER_URL.startswith(("filesystem://", "redis://", "rediss://", "memory://")):
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL!r}: use redis://host:6379/0 or filesystem:// (the embedded default)."
    )
CELERY_BROKER_DIR = Path(os.environ.get("CELERY_BROKER_DIR", VAR_DIR / "broker"))
# A finance job (month close, statements print) whose heartbeat is older than this is stalled: resumable from its page.
FINANCE_JOB_STALL_MINUTES = envint("FINANCE_JOB_STALL_MINUTES", 5)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    # Redis gives an unacknowledged job to another worker after this: longer than the longest job
    # (finance.tasks.JOB_LIMITS stops any finance job after 1 h), so a running job is never doubled.
    # CELERY_REDIS_KEY_PREFIX keeps workers that share one Redis database apart (tests/worker.py
    # gives each test's worker its own, so one test's worker never takes another test's job).
    else {"visibility_timeout": 3 * 60 * 60, "global_keyprefix": os.environ.get("CELERY_REDIS_KEY_PREFIX", "")}
)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL or None) or None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A running worker touches this file every 30 s (campus/workers.py): the web pages read its age to
# say "the worker is not running" (in docker-compose, web and worker share /app/var).
CELERY_WORKER_HEARTBEAT_FILE = VAR_DIR / "celery-worker-alive"

# Checklist generation runs every 15 minutes (checklists/schedule.py); a number of seconds here
# replaces that with a plain interval (the integration test uses 2 so that beat fires at once).
CHECKLISTS_GENERATE_EVERY = None
if os.environ.get("CHECKLISTS_GENERATE_EVERY", "").strip():
    _raw = os.environ["CHECKLISTS_GENERATE_EVERY"]
    try:
        CHECKLISTS_GENERATE_EVERY = float(_raw)
    except ValueError:
        raise ImproperlyConfigured(f"CHECKLISTS_GENERATE_EVERY={_raw!r} is not a number of seconds.") from None
    if not 0 < CHECKLISTS_GENERATE_EVERY < float("inf"):
        raise ImproperlyConfigured(f"CHECKLISTS_GENERATE_EVERY={_raw!r} must be a positive number of seconds.")
# Processes that render the month-close PDFs (finance/pdfs.py).
FINANCE_PDF_WORKERS = envint("FINANCE_PDF_WORKERS", 2)
if FINANCE_PDF_WORKERS < 1:
    raise ImproperlyConfigured(f"FINANCE_PDF_WORKERS={FINANCE_PDF_WORKERS!r} must be at least 1.")
# The beat schedule is collected from each app's ``schedule.py`` (config/celery.py).

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "houqin"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Logins and sessions (campus/login.py). Failed logins are counted by django-axes in the database,
# so logging in works with Redis down. Within LOGIN_FAILURE_WINDOW seconds: LOGIN_FAILURE_LIMIT
# failures for one username from one address, LOGIN_FAILURE_LIMIT_PER_USERNAME from anywhere,
# LOGIN_FAILURE_LIMIT_PER_ADDRESS for any usernames from one address, and the login pauses.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_USERNAME = envint("LOGIN_FAILURE_LIMIT_PER_USERNAME", 2 * LOGIN_FAILURE_LIMIT)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = envint("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 4 * LOGIN_FAILURE_LIMIT)
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60)
# How many proxies of ours stand in front of the site (docker-compose.yml: 1). Only then is the
# client address read from X-Forwarded-For; with 0 (direct exposure) the header is ignored.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT!r} must be 0 or more.")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "campus.login.LockoutHandler"
AXES_FAILURE_LIMIT = "campus.login.failure_limit"  # LOGIN_FAILURE_LIMIT, read on each attempt
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]  # limits: campus.login
AXES_COOLOFF_TIME = "campus.login.cool_off"  # LOGIN_FAILURE_WINDOW
AXES_RESET_ON_SUCCESS = False  # LockoutHandler forgives the username's own address only
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused attempts check no password
AXES_CLIENT_IP_CALLABLE = "campus.login.client_ip"
AXES_LOCKOUT_CALLABLE = "campus.login.locked_out"
AXES_VERBOSE = False
# Staff sessions end after this many idle minutes (shared phones); parents stay logged in longer.
STAFF_SESSION_IDLE_MINUTES = envint("STAFF_SESSION_IDLE_MINUTES", 60)
PARENT_SESSION_DAYS = envint("PARENT_SESSION_DAYS", 30)
for _name in ("LOGIN_FAILURE_LIMIT", "LOGIN_FAILURE_LIMIT_PER_USERNAME", "LOGIN_FAILURE_LIMIT_PER_ADDRESS",
              "LOGIN_FAILURE_WINDOW", "STAFF_SESSION_IDLE_MINUTES", "PARENT_SESSION_DAYS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name}={globals()[_name]!r} must be at least 1.")
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # never only in Redis: logins outlive it

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Uploaded files, imported spreadsheets and the Content-Security-Policy (campus.uploads,
# campus.spreadsheets, README "Production"). ---------------------------------------------------------
UPLOAD_IMAGE_MAX_MB = envint("UPLOAD_IMAGE_MAX_MB", 10)  # a photo (JPEG, PNG, GIF, WebP), decoded to check it
UPLOAD_PDF_MAX_MB = envint("UPLOAD_PDF_MAX_MB", 20)
UPLOAD_IMAGE_MAX_PIXELS = envint("UPLOAD_IMAGE_MAX_PIXELS", 64_000_000)  # a 50-megapixel phone photo passes
UPLOAD_SHEET_MAX_MB = envint("UPLOAD_SHEET_MAX_MB", 5)  # an imported .xlsx/.csv, as uploaded
XLSX_MAX_INFLATED_MB = envint("XLSX_MAX_INFLATED_MB", 100)  # all parts of the zip, unpacked
XLSX_MAX_MEMBER_MB = envint("XLSX_MAX_MEMBER_MB", 64)  # one part (a sheet), unpacked
XLSX_MAX_RATIO = envint("XLSX_MAX_RATIO", 200)  # unpacked / packed size of a part
XLSX_MAX_MEMBERS = envint("XLSX_MAX_MEMBERS", 500)
XLSX_MAX_ROWS = envint("XLSX_MAX_ROWS", 60_000)
XLSX_MAX_COLUMNS = envint("XLSX_MAX_COLUMNS", 200)
XLSX_PARSE_MEMORY_MB = envint("XLSX_PARSE_MEMORY_MB", 1024)  # address space a parse may add (0: no subprocess)
XLSX_PARSE_SECONDS = envint("XLSX_PARSE_SECONDS", 60)
for _name in ("UPLOAD_IMAGE_MAX_MB", "UPLOAD_PDF_MAX_MB", "UPLOAD_SHEET_MAX_MB", "XLSX_MAX_INFLATED_MB",
              "XLSX_MAX_MEMBER_MB", "XLSX_MAX_RATIO", "XLSX_MAX_MEMBERS", "XLSX_MAX_ROWS", "XLSX_MAX_COLUMNS",
              "XLSX_PARSE_SECONDS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1.")

# Everything the pages load is served from this site; no inline script (static/houqin/*.js), no
# plugins, no framing. Inline style attributes stay allowed (templates and htmx's indicator use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Production hardening (checked by ``manage.py check --deploy`` in CI).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SILENCED_SYSTEM_CHECKS = envlist(
    # Behind a TLS-terminating proxy the redirect is the proxy's job (docker-compose.yml says so).
    "SILENCED_SYSTEM_CHECKS",
    ["security.W008", "security.W021"],
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "houqin@localhost")
# The address of the site, for the links in notification e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r}: use the site's address, e.g. https://houqin.example.cn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step of every page at INFO: thousands of lines per month close.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every login at INFO otherwise; failures and lockouts stay
    },
}

SITE_NAME = _("Houqin kindergarten back office")
