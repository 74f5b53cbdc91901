"""Django settings. Defaults run the product on an embedded SQLite database (WAL);
every deployment knob is an environment variable read by a typed helper."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiemdiem.safefiles.spreadsheet import Limits

from .env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_networks,
    env_str,
    secret_key_file,
)
from .logformat import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("KIEMDIEM_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Debug pages only when asked for: they show settings and every URL.
DEBUG = env_bool("KIEMDIEM_DEBUG", False)
SECRET_KEY = env_str("KIEMDIEM_SECRET_KEY", "") or secret_key_file(DATA_DIR / "secret-key")
ALLOWED_HOSTS = env_list("KIEMDIEM_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KIEMDIEM_CSRF_TRUSTED_ORIGINS", [])
# Signs the ledger's head (kiemdiem.apps.ledger.signing): never in the database nor in a
# backup. Keep a copy where the backups are not.
LEDGER_KEY = env_str("KIEMDIEM_LEDGER_KEY", "") or secret_key_file(DATA_DIR / "ledger-key")

# Served over HTTPS (by a reverse proxy that terminates TLS, or by the app server itself):
# cookies only over TLS, every http:// request redirected, browsers told to stay on https.
HTTPS = env_bool("KIEMDIEM_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]  # the health check may come over plain http
SECURE_HSTS_SECONDS = env_int("KIEMDIEM_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("KIEMDIEM_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("KIEMDIEM_HSTS_PRELOAD", True)
# Reverse proxies whose X-Forwarded-For/-Proto are believed (kiemdiem.web.proxy); from
# anyone else those headers are dropped. Empty: the app server faces the clients itself.
TRUSTED_PROXIES = env_networks("KIEMDIEM_TRUSTED_PROXIES")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "axes",
    # Installed so the API's docs page serves the Swagger UI files its pinned package ships
    # (static/ninja/) instead of loading them from a CDN without integrity.
    "ninja",
    "kiemdiem.apps.core",
    "kiemdiem.apps.accounts",
    "kiemdiem.apps.organizations",
    "kiemdiem.apps.members",
    "kiemdiem.apps.audit",
    "kiemdiem.apps.campaigns",
    "kiemdiem.apps.reviews",
    "kiemdiem.apps.evaluation",
    "kiemdiem.apps.ledger",
    "kiemdiem.apps.mail",
    "kiemdiem.apps.appraisals",
    "kiemdiem.apps.decisions",
    "kiemdiem.apps.complaints",
    "kiemdiem.apps.imports",
    "kiemdiem.apps.documents",
    "kiemdiem.apps.dossiers",
    "kiemdiem.apps.statistics",
    "kiemdiem.apps.demo",
    "kiemdiem.apps.backups",
    "kiemdiem.apps.portal",
]

MIDDLEWARE = [
    # First: the real client address and scheme, before anything reads them.
    "kiemdiem.web.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kiemdiem.apps.core.middleware.RejectMalformedMiddleware",
    "kiemdiem.apps.statistics.middleware.ExcelExportMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a locked-out login attempt into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Lock-out after repeated failures, per user name from one address, with a cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("KIEMDIEM_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KIEMDIEM_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/khoa-tai-khoan.html"

ROOT_URLCONF = "kiemdiem.web.urls"
WSGI_APPLICATION = "kiemdiem.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kiemdiem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": Path(env_str("KIEMDIEM_DB", str(DATA_DIR / "kiemdiem.sqlite3"))),
        "OPTIONS": {
            # WAL lets readers work while one writer commits; IMMEDIATE makes writers
            # wait for the lock instead of failing with "database is locked".
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("KIEMDIEM_DB_TIMEOUT", 20),
        },
    }
}
# PostgreSQL when KIEMDIEM_DATABASE_URL is set (scripts/install-postgres.sh prints one);
# SQLite, embedded, otherwise.
_postgres = env_database("KIEMDIEM_DATABASE_URL")
if _postgres is not None:
    DATABASES = {"default": _postgres}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: the hasher the guide asks for; the others only to read old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's validators, in Vietnamese (kiemdiem.apps.accounts.validators).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "kiemdiem.apps.accounts.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "kiemdiem.apps.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "kiemdiem.apps.accounts.validators.CommonPasswordValidator"},
    {"NAME": "kiemdiem.apps.accounts.validators.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("KIEMDIEM_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kiemdiem.web.formats"]

LOGIN_URL = "/dang-nhap/"
LOGIN_REDIRECT_URL = "/"
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded files (complaint attachments) are never served as public media: a view checks
# who asks before streaming them.
MEDIA_ROOT = Path(env_str("KIEMDIEM_MEDIA_DIR", str(DATA_DIR / "media")))
# Background jobs (imports, …) are queued in the database and run by `manage.py
# jobs_worker` (kiemdiem.apps.core.jobs); inline, they run in the request that queues them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_INLINE = env_bool("KIEMDIEM_JOBS_INLINE", False)
# A running job touches a heartbeat file; quiet this long, its worker is taken for dead.
JOBS_STALE_SECONDS = env_int("KIEMDIEM_JOBS_STALE_SECONDS", 60)
# Mail leaves through the worker (kiemdiem.apps.mail). Without a server configured it is
# written to the log (the demo); with KIEMDIEM_EMAIL_HOST, over SMTP.
EMAIL_HOST = env_str("KIEMDIEM_EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "KIEMDIEM_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("KIEMDIEM_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("KIEMDIEM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("KIEMDIEM_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("KIEMDIEM_EMAIL_TLS", True)
EMAIL_TIMEOUT = env_int("KIEMDIEM_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("KIEMDIEM_EMAIL_FROM", "kiemdiem@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Rows an import writes per transaction (the longest another writer waits on it), and on
# SQLite a pause after each (ms): a waiting writer polls the lock every 100 ms at most
# and would otherwise find the next batch already holding it.
IMPORT_BATCH_ROWS = env_int("KIEMDIEM_IMPORT_BATCH_ROWS", 2000)
# (PostgreSQL: other writers never wait on the import's rows, so no pause.)
IMPORT_BATCH_PAUSE = (
    env_int("KIEMDIEM_IMPORT_BATCH_PAUSE_MS", 120) / 1000 if _postgres is None else 0.0
)
# Workbooks from outside are checked against these before any reader builds a grid
# (kiemdiem.safefiles.spreadsheet): the import of a province fits, a hostile file does not.
SPREADSHEET_IMPORT_LIMITS = Limits(
    max_bytes=env_int("KIEMDIEM_IMPORT_MAX_MB", 60) * 1024 * 1024,
    max_uncompressed=env_int("KIEMDIEM_IMPORT_MAX_UNCOMPRESSED_MB", 400) * 1024 * 1024,
    max_rows=env_int("KIEMDIEM_IMPORT_MAX_ROWS", 300_000),
    max_columns=64,
    max_cells=8_000_000,
)
# The scenario workbook posted to a campaign's page: one organization's subjects.
SPREADSHEET_SCENARIO_LIMITS = Limits(
    max_bytes=12 * 1024 * 1024,
    max_uncompressed=100 * 1024 * 1024,
    max_rows=50_000,
    max_columns=256,
    max_cells=2_000_000,
)
# DOCX → PDF (kiemdiem.apps.documents.pdf): one LibreOffice at a time per process, killed
# with its process group past the limit (seconds: a base for the start, then per document).
PDF_TIMEOUT = env_int("KIEMDIEM_PDF_TIMEOUT", 60)
PDF_TIMEOUT_PER_DOCUMENT = env_int("KIEMDIEM_PDF_TIMEOUT_PER_DOCUMENT", 5)
# A document longer than this (its body's XML, ~1.3 KB a listed row) stays DOCX only.
PDF_MAX_XML_MB = env_int("KIEMDIEM_PDF_MAX_XML_MB", 10)
PDF_QUEUE_WAIT = env_int("KIEMDIEM_PDF_QUEUE_WAIT", 120)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Front-end libraries ship with the project (htmx): nothing is fetched from the internet.
STATICFILES_DIRS = [BASE_DIR / "kiemdiem" / "static"]

# Static files served by the app itself (WhiteNoise): hashed names, cached for a year,
# compressed once by `collectstatic`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Content-Security-Policy: scripts and styles only from our own files, never inline (the
# pages hold no inline script, style or handler; htmx is configured not to add any).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs: one JSON object a line on stderr (for journald, Loki, …) unless asked for text.
LOG_FORMAT = env_str("KIEMDIEM_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": JSON_FORMATTER,
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["stderr"], "level": env_str("KIEMDIEM_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request log repeats what the server logs: warnings and errors only.
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
if LOG_FORMAT not in ("json", "text"):
    raise ValueError("KIEMDIEM_LOG_FORMAT must be json or text")

# Health (kiemdiem.web.health): a job queued longer than this means no worker takes work;
# less free space than this on the data or upload disk fails the check.
HEALTH_QUEUE_MINUTES = env_int("KIEMDIEM_HEALTH_QUEUE_MINUTES", 10)
HEALTH_MIN_FREE_MB = env_int("KIEMDIEM_HEALTH_MIN_FREE_MB", 1024)
