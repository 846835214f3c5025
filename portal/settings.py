"""Gongjian settings: one file, configured through environment variables.

A fresh clone runs with no configuration at all (DEBUG on, SQLite). Production
sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab as crontab_schedule
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Set by the test configuration (pyproject.toml), never in a deployment: fast hashing, no DEBUG, no caches.
TESTING = envbool("GONGJIAN_TESTING")
# A deployment names its hosts and its key; once either is set, DEBUG is off unless
# asked for, so forgetting DEBUG=0 in production is harmless. A bare checkout has
# neither and runs in development mode, reachable from this machine only.
CONFIGURED = bool(env("SECRET_KEY") or env("ALLOWED_HOSTS"))
DEBUG = envbool("DEBUG", default=not CONFIGURED) and not TESTING

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "portal",
    "notices",
    "members",
    "meetings",
    "services",
    "households",
]
# Demo data, the benchmark and the fault drill (devtools/) are loaded in development, or where asked for.
DEVTOOLS = envbool("DEVTOOLS", default=DEBUG)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RefuseNulMiddleware",
    "portal.middleware.HeadLikeGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages (static files come compressed from WhiteNoise). Django pads each compressed
    # response with random bytes (Heal The Breach), and CSRF tokens are masked per response, so BREACH
    # has nothing stable to measure.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.pagecache.PublicPageCacheMiddleware",
    "portal.middleware.StaffIdleTimeoutMiddleware",
    "portal.middleware.PasswordChangeRequiredMiddleware",
    "portal.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "households.middleware.WipeVisitDataAtLogout",
    # Axes goes last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

if envbool("WORKER_HEADER"):  # set only by the multi-process tests
    MIDDLEWARE.insert(0, "portal.middleware.WorkerHeaderMiddleware")

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "portal.views.pages.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
# Select boxes fill from .iterator(), which on PostgreSQL opens a server-side cursor (DECLARE, FETCH,
# CLOSE: three round trips for a dozen options); client-side fetching is one. Off also suits poolers.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_SERVER_SIDE_CURSORS_OFF", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a request writes. A writer waits up to 20 s for another instead
    # of failing at once ("database is locked"), and every transaction takes the write lock when it begins
    # (IMMEDIATE): a transaction that read under a shared lock could not be let write later without a
    # deadlock, so SQLite would fail it rather than wait. Row locks (select_for_update) are no-ops on
    # SQLite; beginning immediately serialises the writers instead, so the same checks hold.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;",
        timeout=envint("SQLITE_BUSY_TIMEOUT", 20),
        transaction_mode="IMMEDIATE",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "portal.backends.PortalBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login lockout (django-axes): 5 failures lock the phone number from that
# address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "portal.views.accounts.lockout"
AXES_VERBOSE = False
AXES_ENABLED = envbool("AXES_ENABLED", True)
# Public tracking lookups allowed per address in ten minutes (the benchmark lifts it, as it turns axes off).
TRACK_ATTEMPTS = envint("TRACK_ATTEMPTS", 10)
# Open311 API limits (0 turns one off): reads per address a minute, filings per key and per address an hour.
OPEN311_READS_PER_MINUTE = envint("OPEN311_READS_PER_MINUTE", 120)
OPEN311_POSTS_PER_KEY_HOUR = envint("OPEN311_POSTS_PER_KEY_HOUR", 100)
OPEN311_POSTS_PER_ADDRESS_HOUR = envint("OPEN311_POSTS_PER_ADDRESS_HOUR", 30)
OPEN311_CONTACT = env("OPEN311_CONTACT")  # who client developers write to, shown in the API's discovery
# Behind N reverse proxies, the client's address is the N-th from the right in X-Forwarded-For.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Axes reads the client address the same way as the audit log (django-ipware's proxy count differs).
AXES_CLIENT_IP_CALLABLE = "portal.middleware.axes_client_ip"
# Hashed, compressed static files in production; the multi-process tests serve them from the finders
# (STATIC_MANIFEST=0) rather than wait minutes for collectstatic on every run.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", not (DEBUG or TESTING))
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# Staff and admin sessions end after this many idle seconds.
STAFF_IDLE_TIMEOUT = envint("STAFF_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 14 * 24 * 3600)
# Sessions live in the database only: logging out deletes the row, and no worker's cache can revive it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Counters that security depends on (SMS sends, code checks, registration, tracking) are kept where every
# process sees them: the database, or Redis when LIMITS_REDIS_URL is set (portal/limits.py).
LIMITS_REDIS_URL = env("LIMITS_REDIS_URL")

# Text messages (portal/sms.py), chosen like EMAIL_BACKEND. Providers approve the sign name and each
# template (and the domain of any link in it, which must be ICP-filed) before the first message goes out.
SMS_BACKEND = env(
    "SMS_BACKEND",
    "portal.sms.LocmemBackend" if TESTING else "portal.sms.ConsoleBackend",
)
SMS_SIGN_NAME = env("SMS_SIGN_NAME", "共建社区")
SMS_TEMPLATES = {
    "code": env("SMS_TEMPLATE_CODE", "SMS_CODE"),  # 您的验证码为${code}，10分钟内有效。
    "notice": env("SMS_TEMPLATE_NOTICE", "SMS_NOTICE"),  # 您的账号提醒：${text}
    "update": env("SMS_TEMPLATE_UPDATE", "SMS_UPDATE"),  # 您的诉求${ref}有新进展：${status}，详情${link}
}
SMS_ACCESS_KEY_ID = env("SMS_ACCESS_KEY_ID")
SMS_ACCESS_KEY_SECRET = env("SMS_ACCESS_KEY_SECRET")
SMS_ENDPOINT = env("SMS_ENDPOINT")  # empty: the provider's default endpoint
SMS_REGION = env("SMS_REGION", "ap-guangzhou")
SMS_APP_ID = env("SMS_APP_ID")  # Tencent Cloud's SmsSdkAppId
# The address put in SMS links (the receipt's QR code uses the page's own address).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# Staff and admins signing in from a browser not seen for 30 days also type an SMS code.
STAFF_SECOND_FACTOR = envbool("STAFF_SECOND_FACTOR", True)
# SMS codes asked for from one client address per hour, and codes checked from one address per hour.
SMS_SENDS_PER_ADDRESS = envint("SMS_SENDS_PER_ADDRESS", 20)
CODE_CHECKS_PER_ADDRESS = envint("CODE_CHECKS_PER_ADDRESS", 30)
# Outbox delivery: attempts before a message is marked failed.
OUTBOX_MAX_ATTEMPTS = envint("OUTBOX_MAX_ATTEMPTS", 5)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads are stored under random names (portal/storage.py) and reach a browser only through a view
# that checks who may see them (portal/media.py); nothing serves /media/ publicly.
MEDIA_STORAGE = {"BACKEND": "portal.storage.MediaStorage"}
if env("MEDIA_S3_BUCKET"):
    # S3-compatible object storage (AWS, MinIO, Ceph, OSS/COS in S3 mode): private objects, signed links.
    MEDIA_STORAGE = {
        "BACKEND": "portal.storage.S3MediaStorage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env("MEDIA_S3_REGION") or None,
            "access_key": env("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": env("MEDIA_S3_ADDRESSING_STYLE", "path"),
            "signature_version": "s3v4",
        },
    }
# How a checked file travels: "django" (the worker streams it), "nginx" (X-Accel-Redirect to the internal
# location MEDIA_ACCEL_PREFIX) or "sendfile" (X-Sendfile); S3 storage always answers with a signed link.
MEDIA_SERVE = env("MEDIA_SERVE", "django")
MEDIA_ACCEL_PREFIX = env("MEDIA_ACCEL_PREFIX", "/protected-media/")
MEDIA_LINK_SECONDS = envint("MEDIA_LINK_SECONDS", 60)
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongjian",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
if env("CACHE_URL").startswith(("redis://", "rediss://")):
    # Shared by every server. Short timeouts, and an outage reads as a miss and a write that did not
    # happen, never as an error: nothing correctness depends on lives in the cache (sessions and rate
    # limits are in the database).
    CACHES["default"] = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("CACHE_URL"),
        "KEY_PREFIX": "gj",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": float(env("CACHE_CONNECT_TIMEOUT", "0.2")),
            "SOCKET_TIMEOUT": float(env("CACHE_TIMEOUT", "0.2")),
            "IGNORE_EXCEPTIONS": True,
        },
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif env("CACHE_URL") == "dummy://":
    # Every cache off (`manage.py bench` measures pages rendered afresh this way).
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Public pages are served to visitors who are not logged in from the cache for this many seconds
# (portal/pagecache.py); off in development and tests, where a change must show at once.
PUBLIC_PAGE_CACHE_SECONDS = envint("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG or TESTING else 30)

# Background work (portal/celery.py, portal/tasks.py). With no broker the tasks run in-process after
# commit (portal/background.py), so development and tests need nothing more; RabbitMQ works by URL too.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "gongjian"
# A task is acknowledged when it is done, so a worker killed mid-task leaves it for another one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600, "socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TIMEZONE = "Asia/Shanghai"
# Exports of more rows than this are built in the background and handed over by a link valid this long.
EXPORT_INLINE_ROWS = envint("EXPORT_INLINE_ROWS", 5000)
EXPORT_LINK_SECONDS = envint("EXPORT_LINK_SECONDS", 2 * 24 * 3600)
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {"task": "portal.sweep_outbox", "schedule": float(envint("OUTBOX_SWEEP_SECONDS", 30))},
    "remind-overdue": {
        "task": "portal.run_command",
        "schedule": crontab_schedule(hour=8, minute=30),
        "args": ("remind_overdue",),
    },
    "prune-audit": {
        "task": "portal.run_command",
        "schedule": crontab_schedule(hour=3, minute=15),
        "args": ("prune_audit",),
    },
    "calendar-warning": {
        "task": "portal.run_command",
        "schedule": crontab_schedule(hour=9, minute=0),
        "args": ("warn_calendar",),
    },
    "anonymise-expired": {
        "task": "portal.run_command",
        "schedule": crontab_schedule(hour=3, minute=45),
        "args": ("anonymise_expired",),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "gongjian@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production assumes HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load-balancer probes speak plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Personal information is kept only as long as needed (个人信息保护法): days after a record ends, per kind of
# record, before the scheduled `anonymise_expired` command removes it (keeping the figures).
RETENTION_DAYS = {
    "requests": envint("RETAIN_REQUESTS_DAYS", 3 * 365),  # after a request is closed or rejected
    "notifications": envint("RETAIN_NOTIFICATIONS_DAYS", 365),  # after a notification was sent
}

# Audit entries are kept at least this many days (the prune command refuses less).
AUDIT_RETENTION_DAYS = max(envint("AUDIT_RETENTION_DAYS", 180), 180)

# The community a visitor sees when none is chosen (its short code).
DEFAULT_COMMUNITY_CODE = env("DEFAULT_COMMUNITY_CODE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

PORTAL_NAME = _("Gongjian")
# The ICP filing number (ICP备案号) a site hosted in mainland China must show in its footer, e.g. "京ICP备12345678号-1".
ICP_FILING_NUMBER = env("ICP_FILING_NUMBER")
