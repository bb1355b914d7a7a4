"""Settings, every one read from the environment (see README.md for the list).

The defaults are for a developer's machine: SQLite in the project folder,
Celery tasks run eagerly, an in-process cache.  Production sets
DJANGO_DEBUG=false, DJANGO_SECRET_KEY, FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY, DATABASE_URL, CELERY_BROKER_URL and
CACHE_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from core.crypto import settings_keys

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false "
            "(生产环境必须设置 DJANGO_SECRET_KEY)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "stations",
    "veterans",
    "benefits",
    "petitions",
    "placement",
    "honors",
    "support_army",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.otp.SecondFactorMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

# Widgets render through the project's templates too (templates/includes/area_input.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The cache is an optimisation: Redis out of reach answers as a miss within a second (core.cache).
    CACHES["default"]["BACKEND"] = "core.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", env.float("CACHE_TIMEOUT_SECONDS", default=0.5))
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", env.float("CACHE_TIMEOUT_SECONDS", default=0.5))

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.AreaModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "core.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: five failures lock the account for thirty minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Lock an account from one source address: a township's clerks share one NAT address on the
# government intranet, so one mistyping colleague must not lock out the whole station (hence not by
# address alone); and five wrong passwords typed from elsewhere must not lock anyone out of their
# own account (hence not by name alone: anyone could lock any account).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# A second factor (TOTP, core/otp.py): required for these roles, optional for the others.  In
# production every role but the station clerk's by default; with DJANGO_DEBUG (make run, the demo)
# none unless set.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[] if DEBUG else ["admin", "security", "auditor", "leader", "staff"])
OTP_TOTP_ISSUER = "退役军人事务管理系统"

# Always Chinese, whatever the browser asks for: the users are Chinese clerks.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# ISO 8601 first among the input formats: what <input type="date"> can hold (config/formats/zh_Hans).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# Celery: with no broker configured, tasks run in the calling process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 1.5  # the page says the queue is down within 3 s (3.03-3.10 s at 3; 2.45-2.89 s at 2 on a loaded machine)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How long a summary takes at most (a province's annual summary: about 3 s at a million veterans).
# A task is stopped past 4 times this; a message of a worker that died is delivered again once the
# broker's visibility timeout (5 times it) has passed, not after Redis's default hour; and a run
# whose progress has not moved for SUMMARY_STALE_MINUTES is marked failed and may be asked again.
# 立功喜报: the working days within which a notice received must be delivered to the family.
HONORS_NOTICE_WORKING_DAYS = env.int("HONORS_NOTICE_WORKING_DAYS", default=2)
# 抚恤关系转移: when the new county starts paying a beneficiary who moved in from another county.
# "next_january" (《伤残抚恤管理办法》: the old county pays the move's year, the new one from next January)
# or "next_month"; the rule applied is kept on each transfer, so a change does not rewrite old ones.
BENEFITS_TRANSFER_RULE = env.str("BENEFITS_TRANSFER_RULE", default="next_january")
SUMMARY_EXPECTED_SECONDS = env.int("SUMMARY_EXPECTED_SECONDS", default=120)
SUMMARY_STALE_MINUTES = env.int("SUMMARY_STALE_MINUTES", default=5)
CELERY_TASK_SOFT_TIME_LIMIT = 3 * SUMMARY_EXPECTED_SECONDS
CELERY_TASK_TIME_LIMIT = 4 * SUMMARY_EXPECTED_SECONDS
# Bounded socket waits, so a broker that stops answering fails a request instead of hanging it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10,
                                   "visibility_timeout": 5 * SUMMARY_EXPECTED_SECONDS}
# The dashboards' roll-ups (reports.dashboard) are renewed this often: a figure on a tile is never older
# than this and one run of the job; a system check refuses more than ROLLUP_MAX_INTERVAL_SECONDS.
ROLLUP_INTERVAL_SECONDS = env.int("ROLLUP_INTERVAL_SECONDS", default=300)
ROLLUP_MAX_INTERVAL_SECONDS = 600
CELERY_BEAT_SCHEDULE = {
    "refresh-dashboard-rollups": {"task": "reports.tasks.rollup_refresh_task", "schedule": float(ROLLUP_INTERVAL_SECONDS)},
    "purge-import-error-files": {"task": "core.tasks.purge_expired_files", "schedule": 6 * 3600.0},
    "recover-stale-summaries": {"task": "reports.tasks.recover_stale_runs_task", "schedule": 60.0},
    # Drafts of the work summaries for every county-level area: half-year on 1 July, annual on 1 January.
    "half-year-summaries": {"task": "reports.tasks.scheduled_summaries_task", "args": ("half",),
                            "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year=7)},
    "annual-summaries": {"task": "reports.tasks.scheduled_summaries_task", "args": ("annual",),
                         "schedule": crontab(minute=0, hour=2, day_of_month=1, month_of_year=1)},
    # 优抚 annual confirmation: past their deadline, the unconfirmed are suspended (not paid).
    "close-due-confirmation-campaigns": {"task": "benefits.tasks_batches.close_due_campaigns_task",
                                         "schedule": crontab(minute=30, hour=1)},
}

# Ledgers (Excel import).
LEDGER_MAX_UPLOAD_BYTES = env.int("LEDGER_MAX_UPLOAD_MB", default=20) * 1024 * 1024
LEDGER_MAX_UNCOMPRESSED_BYTES = env.int("LEDGER_MAX_UNCOMPRESSED_MB", default=300) * 1024 * 1024
LEDGER_MAX_ROWS = env.int("LEDGER_MAX_ROWS", default=200_000)
LEDGER_MAX_COLUMNS = env.int("LEDGER_MAX_COLUMNS", default=200)
# Bigger exports and imports run as background jobs (core.ledgerjobs) with a page showing their progress.
LEDGER_ASYNC_EXPORT_ROWS = env.int("LEDGER_ASYNC_EXPORT_ROWS", default=50_000)
LEDGER_ASYNC_IMPORT_ROWS = env.int("LEDGER_ASYNC_IMPORT_ROWS", default=2_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Roles allowed to see full ID numbers and phones (by the 显示 action and in exports).
REVEAL_ROLES = env.list("REVEAL_ROLES", default=["leader", "staff"])
# Searches by a whole ID number or phone a role outside REVEAL_ROLES may make in an hour (core/search.py):
# the masked number, with the birth date and the area shown, leaves some hundreds of candidates to try.
NUMBER_SEARCH_LIMIT_PER_HOUR = env.int("NUMBER_SEARCH_LIMIT_PER_HOUR", default=30)

# ID numbers and phones encrypted at rest (core/crypto.py): `id:base64key,...`, the first encrypts,
# all decrypt; the keyed index of exact and tail searches.  Required when DEBUG is false.
FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY = settings_keys(env, DEBUG)

# Security.  In production (DEBUG false) HTTPS settings default on; an intranet
# served over plain HTTP can turn them off explicitly.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
