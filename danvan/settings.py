"""Settings, all from the environment (12-factor). SQLite by default; DATABASE_URL for PostgreSQL."""
import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} phải là một số nguyên (đang là “{raw}”).") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the SQLite database, uploaded evidence and backups live unless told otherwise.
DATA_DIR = Path(os.environ.get("DANVAN_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("DANVAN_DEBUG", False)

# Demo mode: `danvan demo` (and the test suite) set DANVAN_DEMO=1. Only in demo mode may the site run with the
# public demo secret key, and only there do the demo accounts' published passwords (initiatives/demo.py) sign in.
DEMO_MODE = env_bool("DANVAN_DEMO", False)
DEMO_SECRET_KEY = "danvan-demo-secret-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("DANVAN_SECRET_KEY", "").strip()
if not SECRET_KEY or SECRET_KEY == DEMO_SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured(
            "Chưa đặt khoá bí mật riêng DANVAN_SECRET_KEY (hoặc đang dùng khoá công khai của bản trình diễn). "
            "Ngoài chế độ trình diễn (DANVAN_DEMO=1, như `danvan demo`) hệ thống không chạy với khoá đó. "
            "Tạo một khoá: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

# --- HTTPS and reverse proxies ---
# Addresses (or networks, CIDR) of the reverse proxies in front of the site. Only a request whose immediate
# peer (REMOTE_ADDR) is one of them may tell the client's address (X-Forwarded-For) and scheme
# (X-Forwarded-Proto); core.proxies.ProxyHeadersMiddleware removes these headers from every other request,
# so SECURE_PROXY_SSL_HEADER below can never be set by a client.
TRUSTED_PROXIES = env_list("DANVAN_TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DANVAN_TRUSTED_PROXIES: “{_proxy}” không phải địa chỉ IP hoặc mạng (CIDR) của máy chủ trung gian."
        ) from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DANVAN_SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # a load balancer's health check may speak plain HTTP
SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DANVAN_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DANVAN_HSTS_PRELOAD", False)
# The HSTS preload list takes registrable domains (sonla.gov.vn), whose owner decides; a province's danvan host
# cannot, so Django's reminder (security.W021) is silenced. DANVAN_HSTS_PRELOAD=1 still sends "preload".
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = env_bool("DANVAN_SECURE_COOKIES", False)
# A form posted from https://<one of our host names> is ours, whether or not the proxy says "https": the
# https origins of ALLOWED_HOSTS are trusted (".example.vn" → "https://*.example.vn"), plus any listed.
CSRF_TRUSTED_ORIGINS = [
    "https://" + ("*" + host if host.startswith(".") else host) for host in ALLOWED_HOSTS if host != "*"
] + env_list("DANVAN_CSRF_TRUSTED_ORIGINS")
# --- end HTTPS and reverse proxies ---

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
    "knox",  # API tokens: stored hashed, expiring (accounts/tokens.py)
    "axes",  # login lockout per account and per client address (accounts/lockout.py)
    "csp",  # Content-Security-Policy header (see CONTENT_SECURITY_POLICY)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    # The layers, bottom up (docs/architecture.md; project/tests/test_architecture.py enforces the direction).
    "danvan.core",
    "danvan.territory",
    "danvan.organizations",
    "danvan.accounts",
    "danvan.notifications",
    "danvan.audit",
    "danvan.initiatives",
    "danvan.stats",
    "danvan.documents",
    "danvan.reporting",
    "danvan.dashboards",
    "danvan.imports",
    "danvan.generators",
    "danvan.project",
    # Background tasks (imports): see the block at the end. Listed after danvan.imports, whose `db_worker`
    # (the same worker, also reaping import jobs whose process died) is then the one that runs.
    "django_tasks", "django_tasks_db",
]

MIDDLEWARE = [
    "danvan.core.proxies.ProxyHeadersMiddleware",  # first: drops forwarded headers not set by a trusted proxy
    "danvan.core.middleware.AccessLogMiddleware",  # one JSON line per request (DANVAN_ACCESS_LOG=1)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "danvan.core.replica.ReplicaReadsMiddleware",  # figures-only pages may read from a replica (if configured)
    # Before any view (and CSRF's process_view) reads the body; after auth, so the error page has its user.
    "danvan.core.middleware.RequestSizeLimitMiddleware",
    "danvan.accounts.sessions.SessionLimitsMiddleware",  # idle and absolute session limits
    "danvan.accounts.passwords.PasswordChangeRequiredMiddleware",  # a temporary password is changed first
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "danvan.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the lockout page
]

ROOT_URLCONF = "danvan.project.urls"
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
                "danvan.notifications.context_processors.notifications",
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
    # Transactions begin IMMEDIATE: a writer takes the write lock at BEGIN and waits up to `timeout` seconds for
    # another writer, instead of failing with "database is locked" when a transaction that read first tries to
    # write (WAL readers never block). See core/tests/test_sqlite_concurrency.py.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests run on a file (not Django's shared in-memory database, whose table locks fail at once instead of
    # waiting): concurrent writers in tests then behave as in production (WAL, IMMEDIATE, busy timeout).
    DATABASES["default"]["TEST"] = {"NAME": str(Path(os.environ.get("DANVAN_TEST_DB_DIR", "/tmp"))
                                                / f"danvan-test-{os.getpid()}.sqlite3")}
# A PostgreSQL read replica (streaming replication of the primary): dashboards, reports, documents, public unit
# pages and exports read from it, everything else and every write from the primary (core/replica.py).
# Tests run against the primary alone (TEST MIRROR).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["danvan.core.replica.ReplicaRouter"]
REPLICA_READ_NAMESPACES = ["dashboards", "reporting", "documents", "territory"]
# After a user's write, their reads stay on the primary this long (longer than the replica's usual lag).
REPLICA_PIN_SECONDS = env_int("DANVAN_REPLICA_PIN_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts: passwords, login lockout, sessions, API tokens ---
# Django's validators: at least 12 characters (DANVAN_PASSWORD_MIN_LENGTH), not one of the 20,000 common
# passwords, not only digits, not too close to the user's name. They apply wherever a password is chosen:
# the password change page, the admin, `danvan createsuperuser` / `changepassword`.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("DANVAN_PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address before any password check
    "danvan.accounts.backends.AccountBackend",  # ModelBackend; the demo passwords only in demo mode
]
# django-axes: failed sign-ins (web, admin, API token) are counted in the database, so every server process
# sees the same counts. An account is locked after DANVAN_LOGIN_FAILURE_LIMIT failures, a client address after
# DANVAN_LOGIN_ADDRESS_FAILURE_LIMIT (an office behind one NAT address shares it), for
# DANVAN_LOGIN_LOCKOUT_MINUTES after the last failure. Unlock: the admin (users → "Mở khoá đăng nhập",
# or delete the access attempts) or `danvan axes_reset_username NAME` / `danvan axes_reset_ip ADDRESS`.
LOGIN_FAILURE_LIMIT = env_int("DANVAN_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DANVAN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_LOCKOUT_MINUTES = env_int("DANVAN_LOGIN_LOCKOUT_MINUTES", 15)
AXES_HANDLER = "danvan.accounts.lockout.LockoutHandler"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = False  # a success must not wipe an address's failures on other accounts
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # "try again in N minutes" stays true
AXES_CLIENT_IP_CALLABLE = "danvan.core.proxies.client_ip"
AXES_LOCKOUT_CALLABLE = "danvan.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Sessions end after DANVAN_SESSION_IDLE_MINUTES without a request and DANVAN_SESSION_MAX_HOURS after sign-in,
# whichever comes first (accounts/sessions.py). The cookie lives no longer than the absolute limit.
SESSION_IDLE_MINUTES = env_int("DANVAN_SESSION_IDLE_MINUTES", 30)
SESSION_MAX_HOURS = env_int("DANVAN_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# API tokens (django-rest-knox): only a SHA-512 digest is stored, the token is shown once; each expires after
# DANVAN_API_TOKEN_DAYS; a user keeps at most DANVAN_API_TOKENS_PER_USER (the oldest goes first).
API_TOKEN_DAYS = env_int("DANVAN_API_TOKEN_DAYS", 30)
API_TOKENS_PER_USER = env_int("DANVAN_API_TOKENS_PER_USER", 10)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
# Shared state that every server process must see (the token endpoint's throttle counts, cached pages'
# figures): by default a table in the database (created by `migrate`, see core/apps.py), no extra service.
# With REDIS_URL (redis://127.0.0.1:6379/0) the cache is Redis through django-redis, and sessions are
# "cached_db": written to the database and to Redis, read from Redis. Redis down: the site keeps serving
# (IGNORE_EXCEPTIONS: a failed cache read is a miss, a failed write is skipped, each logged), sessions are read
# from the database, the sign-in lockout (django-axes) is counted in the database anyway; only the token
# endpoint's per-minute throttle counts nothing until Redis is back (see docs/decisions.md).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("DANVAN_CACHE_KEY_PREFIX", "danvan"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # A Redis that does not answer must cost a request half a second at most, not a hang.
            "SOCKET_CONNECT_TIMEOUT": env_int("DANVAN_REDIS_TIMEOUT_MS", 500) / 1000,
            "SOCKET_TIMEOUT": env_int("DANVAN_REDIS_TIMEOUT_MS", 500) / 1000,
            "IGNORE_EXCEPTIONS": True,
        },
    }}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "danvan_cache"},
    }
# --- end accounts ---
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first. Source strings are Vietnamese; locale/en translates them for the English switch.
LANGUAGE_CODE = "vi"
# Each language named in itself (the picker shows these, never translated).
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danvan.formats"]
# Grouping is applied explicitly with |intcomma and |vnd, so years and ids never read "2.025".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DANVAN_STATIC_ROOT", DATA_DIR / "staticfiles")).resolve()
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production (`danvan serve` turns DANVAN_STATIC_MANIFEST on): `danvan collectstatic` writes every file under a
# content-hashed name, gzip- and Brotli-compressed, into STATIC_ROOT, and WhiteNoise serves them from there with
# a one-year cache lifetime. The demo, the tests and `runserver` serve the source folders as they are.
STATIC_MANIFEST = env_bool("DANVAN_STATIC_MANIFEST", False)
# Uploaded and issued files (evidence, import originals, issued documents, audit originals): the local disk
# (MEDIA_ROOT; import originals under DATA_DIR/imports) by default; an S3-compatible object store through
# django-storages when DANVAN_S3_BUCKET is set (issue 11, item 5; docs/deploy.md lists the variables). Files are
# never public: the bucket is private, every download goes through a scope-checked view, which streams the file
# (DANVAN_S3_DOWNLOADS=stream, the default) or answers with a redirect to a signed URL valid
# DANVAN_S3_URL_SECONDS (DANVAN_S3_DOWNLOADS=redirect: the file does not pass through the web worker).
S3_BUCKET = os.environ.get("DANVAN_S3_BUCKET", "").strip()
S3_DOWNLOADS = os.environ.get("DANVAN_S3_DOWNLOADS", "stream").strip().lower()
if S3_DOWNLOADS not in ("stream", "redirect"):
    raise ImproperlyConfigured("DANVAN_S3_DOWNLOADS phải là stream hoặc redirect.")
if S3_BUCKET:
    _DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("DANVAN_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": os.environ.get("DANVAN_S3_REGION", "").strip() or None,
        "access_key": os.environ.get("DANVAN_S3_ACCESS_KEY_ID", "").strip() or None,
        "secret_key": os.environ.get("DANVAN_S3_SECRET_ACCESS_KEY", "").strip() or None,
        "addressing_style": os.environ.get("DANVAN_S3_ADDRESSING_STYLE", "path").strip() or None,
        "location": os.environ.get("DANVAN_S3_PREFIX", "media").strip(),
        "default_acl": None,            # objects inherit the bucket's (private) policy; never public-read
        "querystring_auth": True,       # a URL of a file is always signed …
        "querystring_expire": env_int("DANVAN_S3_URL_SECONDS", 60),   # … and short-lived
        "file_overwrite": False,
        "signature_version": "s3v4",
    }}
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": ("danvan.core.staticfiles.StaticFilesStorage" if STATIC_MANIFEST
                                else "django.contrib.staticfiles.storage.StaticFilesStorage")},
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
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
# One progress update carries at most this many files and bytes; one initiative at most this much evidence.
EVIDENCE_MAX_FILES = int(os.environ.get("DANVAN_EVIDENCE_MAX_FILES", 10))
EVIDENCE_MAX_UPDATE_BYTES = int(os.environ.get("DANVAN_EVIDENCE_MAX_UPDATE_BYTES", 30 * 1024 * 1024))
EVIDENCE_MAX_RECORD_BYTES = int(os.environ.get("DANVAN_EVIDENCE_MAX_RECORD_BYTES", 200 * 1024 * 1024))
# No request body may be larger than this (the largest accepted upload, an import file, plus the form around
# it): refused before it is read, with a Vietnamese 413.
MAX_REQUEST_BYTES = int(os.environ.get("DANVAN_MAX_REQUEST_BYTES", 101 * 1024 * 1024))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "core/table.html"  # django-tables2's Bootstrap 5 table, its pagination in Vietnamese
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",  # hashed, expiring tokens (accounts/tokens.py)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # A JSON API: a form-encoded body cannot say null, so it is refused (415) rather than half understood.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "danvan.core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "danvan.core.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    # Password-to-token attempts per client address, counted in the shared cache (all processes together).
    "DEFAULT_THROTTLE_RATES": {"api_token": os.environ.get("DANVAN_API_TOKEN_RATE", "10/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danvan API",
    "DESCRIPTION": "API của nền tảng Dân vận khéo",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "danvan.core.api.schema.require_version_on_updates",
        "danvan.core.api.schema.accept_numbers_for_decimals",
        "danvan.core.api.schema.empty_filters_mean_no_filter",
    ],
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
# The "before" of an update is read with the base manager: the default one hides soft-deleted records, so a
# restore was logged as "deleted_at: None → None" (the deleted row was not found).
AUDITLOG_USE_BASE_MANAGER = True
# The scope policy, the one reader of assignments (core.scoping asks it; core imports no app).
SCOPE_POLICY = "danvan.accounts.policy"
# Who counts what the registry writes in bulk (core.counting asks it).
COUNT_KEEPER = "danvan.stats.counts"

# Initiatives with no progress for this many days raise an alert (used by reporting).
STALE_INITIATIVE_DAYS = int(os.environ.get("DANVAN_STALE_DAYS", 90))

# Working days (core.calendar): official days off and swapped working Saturdays that python-holidays does not know
# yet, as comma-separated YYYY-MM-DD dates.
DANVAN_DAYS_OFF = [d for d in os.environ.get("DANVAN_DAYS_OFF", "").split(",") if d.strip()]
DANVAN_WORKING_DAYS = [d for d in os.environ.get("DANVAN_WORKING_DAYS", "").split(",") if d.strip()]

# DANVAN_LOG_FORMAT=json (what `danvan serve`, `worker` and `scheduler` set): one JSON object per line.
# DANVAN_ACCESS_LOG=1 (`danvan serve` sets it): one line per request on `danvan.access` (core.middleware).
LOG_FORMAT = os.environ.get("DANVAN_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "danvan.core.jsonlog.JsonFormatter"},
                   "text": {}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANVAN_LOG_LEVEL", "WARNING")},
    "loggers": {
        "danvan.access": {"handlers": ["console"], "propagate": False,
                          "level": "INFO" if env_bool("DANVAN_ACCESS_LOG") else "WARNING"},
        "danvan.scheduler": {"handlers": ["console"], "propagate": False, "level": "INFO"},
    },
}

if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Content-Security-Policy (django-csp) ---
# Everything from this site only; no inline script or style anywhere (scripts are static files, behaviour is
# bound from data- attributes by danvan/static/danvan/danvan.js); images may be data: URIs because Bootstrap's
# stylesheet draws its icons (select arrow, menu button) as data: SVG. /api/v1/docs/ keeps the same policy
# (Swagger UI is loaded as static files, its start-up script from a URL: core/api/routers.py).
from csp.constants import NONE, SELF  # noqa: E402

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
# --- end Content-Security-Policy ---

# --- background tasks (imports) ---
# Long jobs (Excel imports) run as background tasks: django-tasks (the backport of Django 6's tasks) with the
# django-tasks-db backend, which keeps the queue in this database, so no extra service is needed on SQLite or
# PostgreSQL. The worker is `danvan db_worker`. DANVAN_TASKS_IMMEDIATE=1 runs tasks inline instead (tests,
# a one-person installation without a worker).
# Production (issue 11, item 3): DANVAN_TASKS_BACKEND=rq puts the queue in Redis with RQ (django-tasks-rq, the
# same django-tasks API): several `danvan worker` processes on several machines take jobs from it; a worker
# killed mid-job is seen by RQ (its job moves to the failed registry, visible on /van-hanh/) and by the import
# leases (imports.leases: the import job is marked failed, nothing written). The broker's address is
# DANVAN_RQ_URL, else REDIS_URL. DANVAN_TASK_QUEUE names the queue (default "default"): two installations (or
# two test processes) sharing one Redis use two names and never take each other's jobs.
TASKS_BACKEND = os.environ.get("DANVAN_TASKS_BACKEND", "").strip().lower() or (
    "immediate" if env_bool("DANVAN_TASKS_IMMEDIATE") else "database")
TASK_QUEUE = os.environ.get("DANVAN_TASK_QUEUE", "").strip() or "default"
RQ_URL = os.environ.get("DANVAN_RQ_URL", "").strip() or REDIS_URL
# How long one job may run before RQ stops it (a 100,000-row import takes minutes, not hours).
RQ_JOB_TIMEOUT = env_int("DANVAN_RQ_JOB_TIMEOUT", 3600)
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend",
                  "immediate": "django_tasks.backends.immediate.ImmediateBackend"}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"DANVAN_TASKS_BACKEND phải là một trong {', '.join(_TASK_BACKENDS)} "
                               f"(đang là “{TASKS_BACKEND}”).")
if TASKS_BACKEND == "rq" and not RQ_URL:
    raise ImproperlyConfigured("DANVAN_TASKS_BACKEND=rq cần địa chỉ Redis: đặt REDIS_URL hoặc DANVAN_RQ_URL "
                               "(ví dụ redis://127.0.0.1:6379/1).")
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASKS_BACKEND],
        "QUEUES": sorted({"default", TASK_QUEUE}),
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
# django-rq's queues (read only when the RQ backend is on). A broker that does not answer costs a request a
# few seconds at most: starting an import then says so (imports.services) instead of hanging.
RQ_QUEUES = {name: {"URL": RQ_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": RQ_JOB_TIMEOUT,
                    "CONNECTION_KWARGS": {"socket_connect_timeout": env_int("DANVAN_RQ_TIMEOUT_MS", 2000) / 1000,
                                          "socket_timeout": 30}}
             for name in TASKS["default"]["QUEUES"]}
# /readyz reports the queue "degraded" when a job has waited longer than this (no worker is taking jobs).
QUEUE_STALE_SECONDS = env_int("DANVAN_QUEUE_STALE_SECONDS", 600)
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

# --- notifications and reminders (danvan/notifications, danvan/reporting/notices.py) ---
# E-mail copies of notifications go out (through the background queue) only when a mail server is configured
# and the user has an address. Without DANVAN_EMAIL_HOST notifications stay in the app.
EMAIL_HOST = os.environ.get("DANVAN_EMAIL_HOST", "")
EMAIL_PORT = env_int("DANVAN_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("DANVAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DANVAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DANVAN_EMAIL_FROM", "danvan@localhost")
# The site's address, for the links in e-mails (https://danvan.example.vn).
SITE_URL = os.environ.get("DANVAN_SITE_URL", "")
# `danvan remind`: days before a report's deadline when its writers are reminded (and on the day it is missed).
try:
    REPORT_REMINDER_DAYS = [int(d) for d in env_list("DANVAN_REMINDER_DAYS", "3,1")]
except ValueError:
    raise ImproperlyConfigured("DANVAN_REMINDER_DAYS phải là các số ngày, cách nhau bởi dấu phẩy (ví dụ 3,1).") from None
# --- end notifications ---
