"""Settings for xuehui, read from the environment (see README)."""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from config.memory import max_memory_per_child_kib, worker_memory_mb

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XUEHUI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The test suite runs with DEBUG off but needs no collected static files.
TESTING = "pytest" in sys.modules
# The fallback key is public: with DEBUG off the web application refuses to start on it
# (config/startup.py, called by config.wsgi and config.asgi, which runserver and gunicorn load);
# management commands such as migrate and collectstatic still run without a key.
DEVELOPMENT_SECRET_KEY = "django-insecure-xuehui-development-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

XUEHUI_APPS = [
    "xuehui.audit",
    "xuehui.ops",
    "xuehui.core",
    "xuehui.accounts",
    "xuehui.societies",
    "xuehui.governance",
    "xuehui.imports",
    "xuehui.submissions",
    "xuehui.files",
    "xuehui.members",
    "xuehui.secretariat",
    "xuehui.party",
    "xuehui.branches",
    "xuehui.regulations",
    "xuehui.meetings",
    "xuehui.activities",
    "xuehui.finances",
    "xuehui.workbook",
    "xuehui.rules",
    "xuehui.pilots",
    "xuehui.evaluation",
    "xuehui.subsidies",
    "xuehui.consortia",
    "xuehui.credit",
    "xuehui.reports",
    "xuehui.stats",
    "xuehui.campaigns",
    "xuehui.workplans",
    "xuehui.notifications",
    "xuehui.todos",
    "xuehui.jobs",
    "xuehui.dashboard",
    "xuehui.guide",
    "xuehui.portal",
    "xuehui.demo",
    "xuehui.api",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver, too, serves static files through WhiteNoise
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI from the installed package, no CDN
    *XUEHUI_APPS,
]

MIDDLEWARE = [
    "config.requestid.RequestIdMiddleware",  # first: every response and log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "xuehui.audit.context.AuditAddressMiddleware",  # the client address of audited writes
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "config.middleware.SessionMiddleware",  # Django's; the public portal's pages untouched
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xuehui.accounts.sessions.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "xuehui.accounts.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xuehui.accounts.context_processors.user_roles",
                "xuehui.notifications.context_processors.unread_notifications",
                "xuehui.core.navigation.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xuehui.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        # A kept connection is tested before a request reuses it: after a PostgreSQL restart
        # (or a dropped connection) the next request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE: a transaction takes the write lock when it begins, so two writers wait for
    # each other (up to the timeout) instead of one failing with "database is locked" when it
    # upgrades a read to a write (two requests computing the same stored results at once).
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: a bare domain means https
AUTH_USER_MODEL = "accounts.User"

# Shared cache in Redis when several app servers run (sessions and sign-in throttling live in the
# database, so they are shared either way).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long the main pages keep what they computed from many rows (xuehui/core/page_cache.py:
# the 工作台's figures and to-dos, the 合规总览, a campaign's progress) for a scope and a
# version of the data; any audited write makes the next request compute again. 0: never kept.
# Off in the test suite, whose factories write without audit entries (tests of the cache
# switch it on).
XUEHUI_PAGE_CACHE_SECONDS = int(
    os.environ.get("XUEHUI_PAGE_CACHE_SECONDS", "0" if TESTING else "600")
)

# Long work (imports over XUEHUI_IMPORT_INLINE_BYTES, and the clean-up) runs as Celery tasks on
# workers fed through Redis; with no REDIS_URL (the demo, the tests) tasks run in-process at
# once, so nothing else needs to be running. A task is acknowledged only when it has finished:
# a worker killed mid-task leaves the task queued for another worker (tasks are idempotent).
CELERY_BROKER_URL = os.environ.get("REDIS_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("REDIS_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # results are kept on the Job row
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Each worker process's memory cap in MB (0: none), applied to gunicorn's workers and Celery's
# pool processes (config/memory.py); a pool process is also replaced after a task when its
# resident memory passed half of it.
XUEHUI_WORKER_MEMORY_MB = worker_memory_mb()
CELERY_WORKER_MAX_MEMORY_PER_CHILD = max_memory_per_child_kib(XUEHUI_WORKER_MEMORY_MB)
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-jobs": {  # a job whose whole worker was lost (jobs.services)
        "task": "xuehui.jobs.tasks.requeue_stalled",
        "schedule": 120.0,
    },
    "cleanup-uploads": {
        "task": "xuehui.imports.tasks.cleanup_uploads",
        "schedule": 3600.0,
    },
    "send-reminders": {
        "task": "xuehui.workplans.tasks.send_reminders",
        "schedule": 3600.0,
    },
    "roll-results": {  # the stored compliance results computed for the new day
        "task": "xuehui.rules.tasks.roll_results",
        "schedule": crontab(hour=0, minute=10),
    },
    "archive-audit": {  # audit entries past XUEHUI_AUDIT_RETENTION_DAYS to a file (audit.archive)
        "task": "xuehui.audit.tasks.archive_audit",
        "schedule": crontab(hour=2, minute=30),
    },
    "sweep-listings": {  # the 活动异常名录 against the annual reports' deadlines
        "task": "xuehui.credit.tasks.sweep_listings",
        "schedule": crontab(hour=1, minute=30),
    },
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# At least 10 characters of three classes, not like the user's name, not a common password
# (Django's list of 20,000) nor a local word dressed up (xuehui2026): 等保 8.1.4.1.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "xuehui.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "xuehui.accounts.passwords.PlaceWordValidator"},
    {"NAME": "xuehui.accounts.passwords.PasswordHistoryValidator"},
]
# Not one of the user's last XUEHUI_PASSWORD_HISTORY passwords (their hashes are kept).
XUEHUI_PASSWORD_HISTORY = int(os.environ.get("XUEHUI_PASSWORD_HISTORY", "5"))
# A password older than this many days must be changed at the next sign-in (0: never). The
# stricter of the two applies to system and 科协 administrators.
XUEHUI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("XUEHUI_PASSWORD_MAX_AGE_DAYS", "0"))
XUEHUI_ADMIN_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("XUEHUI_ADMIN_PASSWORD_MAX_AGE_DAYS", "90"))
# Second factor (TOTP through django-otp): optional for everyone; with this on, a system or 科协
# administrator without an authenticator is sent to set one up after signing in.
XUEHUI_ADMIN_OTP_REQUIRED = env_bool("XUEHUI_ADMIN_OTP_REQUIRED")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "学会改革管理平台")
XUEHUI_RECOVERY_CODES = 10
# Axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling (xuehui/accounts/lockout.py): ten failures lock a user name from that
# address only, for XUEHUI_LOCKOUT_MINUTES, doubling with each further lock; one address
# failing XUEHUI_LOGIN_ADDRESS_LIMIT times in an hour across all names waits out the hour.
AXES_FAILURE_LIMIT = 10
XUEHUI_LOCKOUT_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
XUEHUI_LOGIN_ADDRESS_LIMIT = int(os.environ.get("XUEHUI_LOGIN_ADDRESS_LIMIT", "100"))
AXES_COOLOFF_TIME = "xuehui.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "xuehui.accounts.views.lockout_response"
AXES_VERBOSE = False
# The client's address (xuehui/lib/addresses.py): REMOTE_ADDR, unless XUEHUI_PROXY_COUNT says how
# many trusted proxies (the documented nginx: 1) append to X-Forwarded-For; a forged header is
# never trusted. The lockout, the audit log and the portal's throttle all count this address.
XUEHUI_PROXY_COUNT = int(os.environ.get("XUEHUI_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "xuehui.lib.addresses.client_address"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
# The age counts from the last activity (expiry on inactivity), refreshed at most once a minute
# so a page view does not write the session (xuehui.accounts.sessions); a sign-in ends after
# SESSION_ABSOLUTE_AGE whatever the activity.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_AGE = int(os.environ.get("SESSION_ABSOLUTE_AGE", str(12 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True

# HTTPS. By default the platform expects to be reached over HTTPS behind the documented reverse
# proxy (nginx terminating TLS and setting X-Forwarded-Proto): cookies are sent only over HTTPS,
# browsers are told to keep to HTTPS (HSTS). XUEHUI_INSECURE_HTTP=1 relaxes this for a plain-HTTP
# intranet or the demo; DEBUG=1 (development, the demo) and the test suite imply it.
XUEHUI_INSECURE_HTTP = env_bool("XUEHUI_INSECURE_HTTP", DEBUG or TESTING)
_HTTPS = not XUEHUI_INSECURE_HTTP
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _HTTPS and env_bool("XUEHUI_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("XUEHUI_HSTS_SECONDS", "31536000")) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS and env_bool("XUEHUI_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _HTTPS and env_bool("XUEHUI_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Permissions-Policy: the platform uses none of these browser features.
XUEHUI_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

# Content Security Policy (django-csp): scripts only from the platform itself, no inline
# script, no eval (htmx runs with allowEval off); inline style attributes stay allowed (progress
# bars set their width). Evidence PDFs and images are previewed in frames of the same origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]  # every screen in Chinese, whatever the browser asks
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The files of the npm packages the pages load (xuehui/lib/staticfinders.py).
XUEHUI_VENDOR_STATIC = [
    (
        "vendor/bootstrap",
        NODE_MODULES / "bootstrap" / "dist",
        ["css/bootstrap.min.css", "css/bootstrap.min.css.map", "js/bootstrap.bundle.min.js*"],
    ),
    (
        "vendor/bootstrap-icons",
        NODE_MODULES / "bootstrap-icons" / "font",
        ["bootstrap-icons.min.css", "fonts/*"],
    ),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist", ["echarts.min.js"]),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "xuehui.lib.staticfinders.VendorFinder",
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: files go through access-checked views
# Uploaded files in object storage (any S3-compatible service: MinIO, 阿里云 OSS, 腾讯云 COS, AWS)
# through django-storages when XUEHUI_S3_BUCKET is set, else on the filesystem under MEDIA_ROOT.
# The bucket stays private: files are read by the app and served only through access-checked
# views (xuehui.files.views), never by a link to the bucket.
XUEHUI_S3_BUCKET = os.environ.get("XUEHUI_S3_BUCKET", "")
DEFAULT_FILE_STORAGE_BACKEND: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if XUEHUI_S3_BUCKET:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": XUEHUI_S3_BUCKET,
            "endpoint_url": os.environ.get("XUEHUI_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("XUEHUI_S3_REGION") or None,
            "access_key": os.environ.get("XUEHUI_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("XUEHUI_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("XUEHUI_S3_PREFIX", ""),
            "addressing_style": os.environ.get("XUEHUI_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,  # a name already taken gets a new one, as on a filesystem
        },
    }
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    # With DEBUG off WhiteNoise serves the files `collectstatic` gathered into STATIC_ROOT
    # (`scripts/dev setup` runs it), compressed and under content-hashed names.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# DEBUG runs and the tests serve straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploads: the largest file a user may attach (bytes), and the largest request Django reads.
XUEHUI_MAX_UPLOAD_BYTES = int(os.environ.get("XUEHUI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# All files one user has stored (evidence, record files, member registers), in bytes.
XUEHUI_USER_UPLOAD_QUOTA_BYTES = int(
    os.environ.get("XUEHUI_USER_UPLOAD_QUOTA_BYTES", str(2 * 1024 * 1024 * 1024))
)
# Spreadsheets are measured against these before they are parsed (xuehui/lib/bounds.py).
XUEHUI_SHEET_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("XUEHUI_SHEET_MAX_UNCOMPRESSED_BYTES", str(200 * 1024 * 1024))
)
XUEHUI_SHEET_MAX_RATIO = int(os.environ.get("XUEHUI_SHEET_MAX_RATIO", "200"))
XUEHUI_SHEET_MAX_ROWS = int(os.environ.get("XUEHUI_SHEET_MAX_ROWS", "200000"))
XUEHUI_SHEET_MAX_COLUMNS = int(os.environ.get("XUEHUI_SHEET_MAX_COLUMNS", "500"))
XUEHUI_SHEET_MAX_CELLS = int(os.environ.get("XUEHUI_SHEET_MAX_CELLS", "5000000"))
XUEHUI_SHEET_MAX_SHEETS = int(os.environ.get("XUEHUI_SHEET_MAX_SHEETS", "100"))
# The public portal (/public/, xuehui/portal): pages are cached by browsers and proxies for
# XUEHUI_PORTAL_MAX_AGE seconds; a 留言 is at most XUEHUI_FEEDBACK_MAX_CHARS characters; one
# address may send XUEHUI_FEEDBACK_PER_ADDRESS and one browser session XUEHUI_FEEDBACK_PER_SESSION
# in XUEHUI_FEEDBACK_WINDOW_SECONDS, and not sooner than XUEHUI_FEEDBACK_MIN_SECONDS after the
# form was shown.
XUEHUI_PORTAL_MAX_AGE = int(os.environ.get("XUEHUI_PORTAL_MAX_AGE", "300"))
XUEHUI_FEEDBACK_MAX_CHARS = int(os.environ.get("XUEHUI_FEEDBACK_MAX_CHARS", "1000"))
XUEHUI_FEEDBACK_PER_ADDRESS = int(os.environ.get("XUEHUI_FEEDBACK_PER_ADDRESS", "20"))
XUEHUI_FEEDBACK_PER_SESSION = int(os.environ.get("XUEHUI_FEEDBACK_PER_SESSION", "5"))
XUEHUI_FEEDBACK_WINDOW_SECONDS = int(os.environ.get("XUEHUI_FEEDBACK_WINDOW_SECONDS", "3600"))
XUEHUI_FEEDBACK_MIN_SECONDS = int(os.environ.get("XUEHUI_FEEDBACK_MIN_SECONDS", "5"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "xuehui@localhost")
# The address users reach the platform at, for links in e-mails.
XUEHUI_SITE_URL = os.environ.get("XUEHUI_SITE_URL", "http://127.0.0.1:8000")

# The age up to which a person counts as 中青年 on pages; frameworks state their own.
XUEHUI_YOUNG_AGE = 45

# Logs go to standard error (journald under systemd), each line with the id of the request that
# wrote it (config/requestid.py); XUEHUI_LOG_FORMAT=json writes one JSON object a line for a
# log collector, anything else plain text.
XUEHUI_LOG_FORMAT = "json" if os.environ.get("XUEHUI_LOG_FORMAT", "text") == "json" else "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": XUEHUI_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# Workers log through LOGGING too (same format, the queuing request's id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A confirm's claim on an upload older than this is a killed import's and no longer blocks it.
XUEHUI_IMPORT_CLAIM_STALE_SECONDS = int(os.environ.get("XUEHUI_IMPORT_CLAIM_STALE_SECONDS", "3600"))
# Uploads waiting for a confirm: at most this many per user; the clean-up deletes those (and
# unfinished member-register uploads) older than XUEHUI_UPLOAD_RETENTION_HOURS.
XUEHUI_PENDING_IMPORTS_PER_USER = int(os.environ.get("XUEHUI_PENDING_IMPORTS_PER_USER", "5"))
# Audit entries stay in the table at least this many days (等保 8.1.4.3: six months; a smaller
# value counts as 180), then the nightly archive writes them to gzip JSON-lines files here.
XUEHUI_AUDIT_RETENTION_DAYS = int(os.environ.get("XUEHUI_AUDIT_RETENTION_DAYS", "180"))
XUEHUI_AUDIT_ARCHIVE_DIR = Path(
    os.environ.get("XUEHUI_AUDIT_ARCHIVE_DIR", str(VAR_DIR / "audit-archive"))
)
XUEHUI_UPLOAD_RETENTION_HOURS = int(os.environ.get("XUEHUI_UPLOAD_RETENTION_HOURS", "24"))
# An import file larger than this is checked and written by a background task (a worker when
# REDIS_URL is set) with a progress page, so no request waits on a long import.
XUEHUI_IMPORT_INLINE_BYTES = int(os.environ.get("XUEHUI_IMPORT_INLINE_BYTES", str(256 * 1024)))
# A campaign export of more item rows than this (1,000: about two seconds of work) is built by
# a job and downloaded from the job's page (xuehui.jobs.exports).
XUEHUI_EXPORT_INLINE_ROWS = int(os.environ.get("XUEHUI_EXPORT_INLINE_ROWS", "1000"))
# A campaign launch of more items (societies × requirements) than this (20,000: under a second
# of work) runs as a job with a progress page (xuehui.campaigns.background).
XUEHUI_LAUNCH_INLINE_ITEMS = int(os.environ.get("XUEHUI_LAUNCH_INLINE_ITEMS", "20000"))

# The REST API (/api/, docs/api.md): `Authorization: Token …` (xuehui.api) or the signed-in
# session for the documentation page; every list paginated. Tokens last XUEHUI_API_TOKEN_DAYS
# days unless `xuehui api-token --days N` says otherwise.
XUEHUI_API_TOKEN_DAYS = int(os.environ.get("XUEHUI_API_TOKEN_DAYS", "90"))
# Rate limits (xuehui.api.throttling), counted in the cache (Redis when REDIS_URL is set, so
# shared by every worker): per account, and per client address for requests without a valid
# token. "N/second|minute|hour|day"; empty: no limit.
XUEHUI_API_RATE_USER = os.environ.get("XUEHUI_API_RATE_USER", "120/minute")
XUEHUI_API_RATE_ANON = os.environ.get("XUEHUI_API_RATE_ANON", "30/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "xuehui.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "xuehui.api.permissions.AccountInGoodStanding",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "xuehui.api.throttling.UserRateThrottle",
        "xuehui.api.throttling.AddressRateThrottle",
    ],
    "EXCEPTION_HANDLER": "xuehui.api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "xuehui.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "学会改革管理平台 数据接口",
    "DESCRIPTION": "供科协其他系统读取学会名录、届次与理事会、会议活动财务、核验结果、评估检查与考评结果，并按两步（上传检查 → 确认）导入名册。说明见 docs/api.md。",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"JobStatusEnum": "xuehui.jobs.choices.JobStatus"},
    # The groups of the documentation page: the path's English name, described in Chinese.
    "TAGS": [
        {"name": "federations", "description": "科协"},
        {"name": "societies", "description": "学会名录、届次与理事会、会议、活动、财务与核验结果"},
        {"name": "campaigns", "description": "评估检查工作及各学会的进度"},
        {"name": "evaluations", "description": "年度考评及其结果"},
        {"name": "imports", "description": "两步导入：上传检查 → 确认写入"},
        {"name": "jobs", "description": "后台任务（大文件导入）的进度与结果"},
    ],
}
