"""Settings, all from the environment (12-factor). SQLite by default; DATABASE_URL for PostgreSQL."""
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


# Where the SQLite database, uploaded evidence and backups live unless told otherwise.
DATA_DIR = Path(os.environ.get("DANVAN_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DANVAN_DEBUG", False)
SECRET_KEY = os.environ.get("DANVAN_SECRET_KEY", "danvan-demo-secret-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = [h for h in os.environ.get("DANVAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DANVAN_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "danvan.core",
    "danvan.territory",
    "danvan.organizations",
    "danvan.accounts",
    "danvan.initiatives",
    "danvan.reporting",
    "danvan.dashboards",
    "danvan.imports",
    # Background tasks (imports): see the block at the end. Listed after danvan.imports, whose `db_worker`
    # (the same worker, also reaping import jobs whose process died) is then the one that runs.
    "django_tasks", "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "danvan.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.core.context_processors.navigation",
                "danvan.dashboards.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'danvan.sqlite3'}", conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A 32 MB page cache per connection (SQLite's default is 2 MB), taken only as pages are read: a 100,000-row
    # import spends a third less time updating the registry's indexes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20,
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first. Source strings are Vietnamese; locale/en translates them for the English switch.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
# Grouping is applied explicitly with |intcomma and |vnd, so years and ids never read "2.025".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
try:  # WhiteNoise warns at every start if the folder is missing; collectstatic fills it in production
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DANVAN_MEDIA_ROOT", DATA_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EVIDENCE_MAX_BYTES = int(os.environ.get("DANVAN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "danvan.core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "danvan.core.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    # Password-to-token attempts per client address (per process: the default in-memory cache).
    "DEFAULT_THROTTLE_RATES": {"api_token": "10/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danvan API",
    "DESCRIPTION": "API của nền tảng Dân vận khéo",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets shared by several serializers get one stable name each (else "KindD7cEnum").
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "danvan.initiatives.models.Status",
        "FieldEnum": "danvan.initiatives.models.Field",
        "CollectiveOrIndividualEnum": "danvan.initiatives.models.ExemplarKind",
        "MeasureUnitEnum": "danvan.initiatives.models.MeasureUnit",
        "OrganizationKindEnum": "danvan.organizations.models.OrganizationKind",
        "UnitKindEnum": "danvan.territory.models.UnitKind",
        "UnitLevelEnum": "danvan.territory.models.UnitLevel",
    },
    # Swagger UI assets come from the drf-spectacular-sidecar package: nothing from the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# Initiatives with no progress for this many days raise an alert (used by reporting).
STALE_INITIATIVE_DAYS = int(os.environ.get("DANVAN_STALE_DAYS", 90))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANVAN_LOG_LEVEL", "WARNING")},
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- background tasks (imports) ---
# Long jobs (Excel imports) run as background tasks: django-tasks (the backport of Django 6's tasks) with the
# django-tasks-db backend, which keeps the queue in this database, so no extra service is needed on SQLite or
# PostgreSQL. The worker is `danvan db_worker`. DANVAN_TASKS_IMMEDIATE=1 runs tasks inline instead (tests,
# a one-person installation without a worker).
TASKS = {
    "default": {
        "BACKEND": ("django_tasks.backends.immediate.ImmediateBackend" if env_bool("DANVAN_TASKS_IMMEDIATE")
                    else "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# --- end background tasks (imports) ---

# --- import limits and leases (danvan/imports/limits.py, danvan/imports/leases.py; README's configuration table) ---
# Every bound on what an uploaded file may make the importer do: DANVAN_IMPORT_MAX_COLUMNS=512 sets
# IMPORT_MAX_COLUMNS, and so on; unset ones keep the defaults written in imports/limits.py.
from danvan.imports.limits import SETTING_NAMES as _IMPORT_LIMITS  # noqa: E402

for _setting in [*_IMPORT_LIMITS.values(), "IMPORT_HEARTBEAT_SECONDS", "IMPORT_STALE_SECONDS", "IMPORT_REAP_INTERVAL"]:
    if os.environ.get(f"DANVAN_{_setting}"):
        globals()[_setting] = float(os.environ[f"DANVAN_{_setting}"]) if "SECONDS" in _setting or "INTERVAL" in _setting \
            else int(os.environ[f"DANVAN_{_setting}"])
# --- end import limits ---
