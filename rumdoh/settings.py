"""One environment-driven settings module.

Every setting that differs between a laptop demo, CI and a government deployment is read from the
environment. A value ``X`` may also be given as a file path in ``X_FILE`` (for container secrets).
``RUMDOH_PRODUCTION=1`` switches on the hardened mode, in which ``check --deploy`` is clean.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


PRODUCTION = env_bool("RUMDOH_PRODUCTION", False)
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

_DEV_SECRET = "rumdoh-development-only-secret-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise RuntimeError("RUMDOH_PRODUCTION needs DJANGO_SECRET_KEY of at least 50 characters")

# Keys for personal data at rest: comma-separated, base64url 32-byte keys, newest first.
# The first encrypts; all decrypt (rotation). A separate key derives the blind search indexes.
RUMDOH_ENCRYPTION_KEYS = [k for k in env("RUMDOH_ENCRYPTION_KEYS", "").split(",") if k]
RUMDOH_INDEX_KEY = env("RUMDOH_INDEX_KEY", "")
if PRODUCTION and (not RUMDOH_ENCRYPTION_KEYS or not RUMDOH_INDEX_KEY):
    raise RuntimeError("RUMDOH_PRODUCTION needs RUMDOH_ENCRYPTION_KEYS and RUMDOH_INDEX_KEY")

ALLOWED_HOSTS = [h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_FAILURE_VIEW = "rumdoh.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [o for o in env("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "rumdoh.core.tasks_app.BackgroundTasksConfig",  # django_tasks_db, its name translated
    "rumdoh.core",
    "rumdoh.accounts",
    "rumdoh.people",
    "rumdoh.linkage",
    "rumdoh.screening",
    "rumdoh.protection",
    "rumdoh.statistics",
    "rumdoh.notices",
    "rumdoh.justice",
    "rumdoh.attachments",
    "rumdoh.operations",
    "rumdoh.intake",
    "rumdoh.labour",
    "rumdoh.crossborder",
    "rumdoh.portal",
    "rumdoh.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rumdoh.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rumdoh.core.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rumdoh.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rumdoh.justice.middleware.DueAlertsMiddleware",
    "rumdoh.intake.middleware.TipAlertsMiddleware",
    "rumdoh.labour.middleware.LabourAlertsMiddleware",
    "rumdoh.core.errors.DomainErrorMiddleware",
]
# Check justice deadlines (custody clocks, check-ins, orders) during requests, once a minute.
RUMDOH_ALERTS_ON_REQUEST = env_bool("RUMDOH_ALERTS_ON_REQUEST", True)

# Tips: days a tip may wait for an outcome before its agency's supervisor is alerted (urgent
# tips sooner), and the agency (id or exact name) the public report form's reports go to.
RUMDOH_TIP_OUTCOME_DAYS = int(env("RUMDOH_TIP_OUTCOME_DAYS", "14"))
RUMDOH_TIP_URGENT_OUTCOME_DAYS = int(env("RUMDOH_TIP_URGENT_OUTCOME_DAYS", "3"))
RUMDOH_PUBLIC_REPORT_AGENCY = env(
    "RUMDOH_PUBLIC_REPORT_AGENCY", "Anti-Human Trafficking and Juvenile Protection Department"
)
# Cross-border exchange: the file holding this system's Ed25519 signing key (made by
# `manage.py crossborder_signing_key`, never kept in git), the sender code its messages carry, and
# how far a counterpart's signed fetch may be from our clock.
RUMDOH_EXCHANGE_KEY_FILE = Path(
    env("RUMDOH_EXCHANGE_KEY_FILE", str(BASE_DIR / "var" / "exchange-signing-key.pem"))
)
RUMDOH_EXCHANGE_SENDER = env("RUMDOH_EXCHANGE_SENDER", "kh-rumdoh")
RUMDOH_EXCHANGE_FETCH_WINDOW_SECONDS = int(env("RUMDOH_EXCHANGE_FETCH_WINDOW_SECONDS", "300"))
# Record linkage: the engine's backend, "duckdb" (embedded, in memory, one machine) or "spark"
# (Splink's Spark backend, for a register that outgrows one machine), and for Spark the master
# URL (local[*]: this machine's cores; spark://host:7077: a cluster) and the driver's memory.
RUMDOH_LINKAGE_BACKEND = env("RUMDOH_LINKAGE_BACKEND", "duckdb")
if RUMDOH_LINKAGE_BACKEND not in ("duckdb", "spark"):
    raise RuntimeError("RUMDOH_LINKAGE_BACKEND is duckdb or spark")
RUMDOH_SPARK_MASTER = env("RUMDOH_SPARK_MASTER", "local[*]")
RUMDOH_SPARK_MEMORY = env("RUMDOH_SPARK_MEMORY", "4g")
# Days a pair withdrawn from the review queue (a later run no longer found it uncertain) is kept,
# undecided, for a steward who has it open; then it is deleted.
RUMDOH_LINKAGE_WITHDRAWN_DAYS = int(env("RUMDOH_LINKAGE_WITHDRAWN_DAYS", "30"))
# Reports the public form accepts from one address in an hour, and the least time to fill it.
RUMDOH_REPORTS_PER_HOUR = int(env("RUMDOH_REPORTS_PER_HOUR", "5"))
RUMDOH_REPORT_MIN_SECONDS = int(env("RUMDOH_REPORT_MIN_SECONDS", "4"))

ROOT_URLCONF = "rumdoh.urls"
WSGI_APPLICATION = "rumdoh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rumdoh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rumdoh.portal.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'rumdoh.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # The search index's covering columns (INCLUDE) serve PostgreSQL; SQLite, which has no such
    # columns, uses the key columns alone, as it should.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Short interactive queries: compiling them just in time costs more than it saves.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (linkage runs after imports): kept in the database, taken by
# `manage.py db_worker`, which `make demo` starts next to the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Login failures must be counted across all workers: a per-process cache would give an attacker
# the limit once per worker, and forget it at every restart.
if PRODUCTION and not REDIS_URL:
    raise RuntimeError("RUMDOH_PRODUCTION needs REDIS_URL: login throttling is shared in Redis")

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every password check goes through the login throttle (rumdoh/accounts/throttle.py).
AUTHENTICATION_BACKENDS = ["rumdoh.accounts.throttle.ThrottledBackend"]
# Failed logins allowed per username, and per client address (higher: an office shares one),
# before a lock-out, and its length. The counts live in the default cache (Redis in production).
LOGIN_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_LOCKOUT_SECONDS = int(env("LOGIN_LOCKOUT_SECONDS", "900"))
# Wrong API tokens allowed per client address, counted apart from passwords and two-step codes.
API_TOKEN_FAILURE_LIMIT = int(env("API_TOKEN_FAILURE_LIMIT", "20"))
# Behind a reverse proxy: the header it puts the client's address in (e.g. X-Forwarded-For) and
# the proxies' own addresses or networks, comma-separated. The header is believed only on
# requests that come from one of those proxies.
RUMDOH_TRUSTED_PROXY_HEADER = env("RUMDOH_TRUSTED_PROXY_HEADER", "")
# Parsed once, here: a mistyped proxy stops the start, loudly.
RUMDOH_TRUSTED_PROXIES = [
    ipaddress.ip_network(p.strip(), strict=False)
    for p in env("RUMDOH_TRUSTED_PROXIES", "").split(",")
    if p.strip()
]
OTP_TOTP_ISSUER = "Rumdoh"

LANGUAGE_CODE = "km"
# Staff pages speak Khmer and English. The public pages (those under PUBLIC_PATH_PREFIXES: the
# report form, the recruiter check, the rights pages) also speak the languages of the foreign
# victims the reports name; elsewhere a visitor who chose one of those is answered in Khmer.
LANGUAGES = [
    ("km", _("Khmer")),
    ("en", _("English")),
    ("zh-hans", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("th", _("Thai")),
    ("id", _("Indonesian")),
]
STAFF_LANGUAGES = ("km", "en")
PUBLIC_PATH_PREFIXES = ("/report/", "/recruiters/", "/rights/")
LOCALE_PATHS = [BASE_DIR / "rumdoh" / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "rumdoh" / "static"]
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# API tokens stand in for the two-step login; they expire (manage.py create_api_token --rotate).
RUMDOH_API_TOKEN_DAYS = int(env("RUMDOH_API_TOKEN_DAYS", "30"))

# Attachments (scans, signed forms, photos): the largest file accepted, sealed in the database.
# Uploads stay in memory up to that size and are never written to a temporary file in clear.
RUMDOH_ATTACHMENT_MAX_BYTES = int(env("RUMDOH_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = ["rumdoh.attachments.uploads.BoundedMemoryUploadHandler"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rumdoh.accounts.authentication.ExpiringTokenAuthentication",
        "rumdoh.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rumdoh.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rumdoh.accounts.permissions.IsVerifiedUser"],
    "DEFAULT_PAGINATION_CLASS": "rumdoh.core.api_pagination.LookaheadPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "rumdoh.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "rumdoh.core.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rumdoh API",
    "DESCRIPTION": "Counter-trafficking case management: persons, screenings, identifications, "
    "referrals, cases, service providers and national statistics.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name for each choice set that fields of the same name in several apps would
    # otherwise share under a generated name.
    "ENUM_NAME_OVERRIDES": {
        "ScreeningDeterminationEnum": "rumdoh.screening.models.DeterminationChoice",
        "ScreeningFormEnum": [("short", "short"), ("detailed", "detailed")],
        "ScreeningResultEnum": [
            (code, code)
            for code in (
                "trafficking-indicated",
                "forced-labour-indicated",
                "further-assessment",
                "not-indicated",
            )
        ],
        "AttachmentKindEnum": "rumdoh.attachments.models.Kind",
        "HomeProvinceEnum": "rumdoh.people.models.HOME_PROVINCE_CHOICES",
        "NationalityEnum": "rumdoh.people.models.NATIONALITY_CHOICES",
        "LanguageEnum": "rumdoh.operations.models.LANGUAGE_CHOICES",
        "CounterpartRequestDirectionEnum": "rumdoh.crossborder.models.RequestDirection",
        "CounterpartRequestKindEnum": "rumdoh.crossborder.models.REQUEST_KIND_CHOICES",
        "RepatriationStageEnum": "rumdoh.crossborder.serializers.STAGE_CHOICES",
        "WorksiteKindEnum": "rumdoh.labour.choices.WorksiteKind",
        "InspectionStatusEnum": "rumdoh.labour.choices.InspectionStatus",
        "PreventionKindEnum": "rumdoh.labour.choices.PreventionKind",
        "SanctionKindEnum": "rumdoh.labour.choices.SanctionKind",
        "WorksiteRiskLevelEnum": [("low", "low"), ("medium", "medium"), ("high", "high")],
    },
}

# Small-cell suppression threshold for every statistical table (cells below it are hidden).
RUMDOH_SUPPRESSION_THRESHOLD = int(env("RUMDOH_SUPPRESSION_THRESHOLD", "10"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
# The session ends after that long without activity, not that long after signing in.
SESSION_SAVE_EVERY_REQUEST = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response (rumdoh.core.middleware). Scripts only from the site or with the
# response's nonce, which script-src receives. Inline style stays allowed: the pages use style
# attributes and <style> blocks, and style cannot run code.
CONTENT_SECURITY_POLICY = {
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
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
