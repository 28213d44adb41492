"""chartweek settings: one file, every deploy-time value read from the environment.

See README.md ("Configuration") for the variables. Unset, DATABASE_URL means a
SQLite file beside manage.py, so a fresh checkout runs with no database server.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from chartweek.env import (
    envbool,
    envemail,
    envint,
    envlist,
    envrate,
    envstr,
    envtimezone,
    envurl,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", default=False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1")
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
    "django_tasks_db",
    "axes",
    "chartweek",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "datasets",
    "charts",
    "articles",
    "api",
]

MIDDLEWARE = [
    "chartweek.logs.RequestLogMiddleware",
    "chartweek.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "chartweek.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Brotli or gzip for text answers, never for the admin or signed-in users (BREACH).
    "chartweek.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every full response, and 304 for If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "chartweek.params.RefuseNulMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# Password guessing: django-axes locks out a username and address pair after
# AXES_FAILURE_LIMIT failed logins, for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# How many proxies of ours stand in front of the app (a TLS terminator, a load
# balancer): 0 means clients connect directly. chartweek.clients.client_address
# reads the client's address accordingly, for axes here and the API's throttle.
NUM_PROXIES = envint("NUM_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "chartweek.clients.client_address"

ROOT_URLCONF = "chartweek.urls"
WSGI_APPLICATION = "chartweek.wsgi.application"

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
                "django.template.context_processors.csp",
                "chartweek.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL picks it (postgres://user@host:5432/name in production);
# unset, a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent connections buy nothing on SQLite; WAL lets readers and a writer overlap.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envtimezone("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Static files: our own static/ plus Chart.js and its plugins straight from their
# npm packages (package.json): the annotation plugin and the date adapter (with
# date-fns bundled) for time axes.
STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
node_modules = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/chartjs", node_modules / "chart.js" / "dist"),
    ("vendor/chartjs-plugin-annotation", node_modules / "chartjs-plugin-annotation" / "dist"),
    ("vendor/chartjs-adapter-date-fns", node_modules / "chartjs-adapter-date-fns" / "dist"),
]
# Single files from npm packages (chartweek/finders.py): maps' extension and the
# boundary files they draw (charts/geo.py, charts/assets.py), not the packages' rest.
geo_build = node_modules / "chartjs-chart-geo" / "build"
NODE_STATIC_FILES = {
    "vendor/chartjs-chart-geo/index.umd.min.js": geo_build / "index.umd.min.js",
    # The script names its source map, and the hashing storage insists on finding it.
    "vendor/chartjs-chart-geo/index.umd.min.js.map": geo_build / "index.umd.min.js.map",
    "vendor/world-atlas/countries-110m.json": node_modules / "world-atlas/countries-110m.json",
    "vendor/us-atlas/states-10m.json": node_modules / "us-atlas/states-10m.json",
    "vendor/us-atlas/counties-10m.json": node_modules / "us-atlas/counties-10m.json",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "chartweek.finders.NodeFileFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))

# Media (uploaded data files): the local disk, or S3-compatible object storage
# when S3_BUCKET is set, so that several app servers share one store.
S3_BUCKET = envstr("S3_BUCKET")
if S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
            "location": envstr("S3_PREFIX", "media"),
            # Uploads are private: readers get data through views that check publication.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "chartweek.storage.AtomicFileSystemStorage"}

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "chartweek.storage.StaticFilesStorage"
        )
    },
}

# Uploads: a dataset file larger than this is refused before it is parsed.
DATASET_MAX_UPLOAD_BYTES = envint("DATASET_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1)
DATASET_MAX_ROWS = envint("DATASET_MAX_ROWS", 2_000_000, minimum=1)
DATASET_MAX_COLUMNS = envint("DATASET_MAX_COLUMNS", 200, minimum=1)
# An .xlsx is a zip: refuse one that would unpack past this (a "zip bomb").
DATASET_MAX_XLSX_UNPACKED_BYTES = envint(
    "DATASET_MAX_XLSX_UNPACKED_BYTES", 400 * 1024 * 1024, minimum=1
)
# Opening a workbook costs time for each of its sheets.
DATASET_MAX_XLSX_SHEETS = envint("DATASET_MAX_XLSX_SHEETS", 1000, minimum=1)
# openpyxl holds a workbook's shared strings (its text cells) in memory at once.
DATASET_MAX_XLSX_STRINGS_BYTES = envint(
    "DATASET_MAX_XLSX_STRINGS_BYTES", 64 * 1024 * 1024, minimum=1
)
# Uploads whose parser would read more than this (the file, or a workbook once
# unzipped) are imported in the background by the task worker (`manage.py
# db_worker`), the editor watching a progress page.
DATASET_BACKGROUND_BYTES = envint("DATASET_BACKGROUND_BYTES", 2 * 1024 * 1024, minimum=0)
# Time budgets (seconds): an import running longer is stopped, nothing saved.
# A web request reads and stores within IMPORT_REQUEST_SECONDS each (keep the pair
# under gunicorn's --timeout); the task worker's whole import within IMPORT_TASK_SECONDS.
DATASET_IMPORT_REQUEST_SECONDS = envint("DATASET_IMPORT_REQUEST_SECONDS", 10, minimum=1)
# Memory for building a version's indexes (PostgreSQL's maintenance_work_mem, for
# the ingest's transaction only): 256 MB built 1M rows' six indexes ~10% faster than
# the server's default 64 MB, and lets it use two parallel workers (bench/row_queries.py).
DATASET_INDEX_MEMORY_MB = envint("DATASET_INDEX_MEMORY_MB", 256, minimum=1)
DATASET_IMPORT_TASK_SECONDS = envint("DATASET_IMPORT_TASK_SECONDS", 15 * 60, minimum=1)
# The cells (rows x columns) an Excel download may write while a request waits (openpyxl
# writes ~80,000 a second). A whole version past it is written once by the task worker
# and kept (datasets/exports.py); filtered rows past it are refused with a 400.
DATASET_XLSX_REQUEST_CELLS = envint("DATASET_XLSX_REQUEST_CELLS", 500_000, minimum=1)
# Likewise for a whole version as Parquet (~3 million cells a second through COPY).
DATASET_PARQUET_REQUEST_CELLS = envint("DATASET_PARQUET_REQUEST_CELLS", 20_000_000, minimum=1)

# Background work: Django's tasks framework with the database backend
# (django-tasks-db), so a deploy needs no broker beyond its database.
TASKS = {"default": {"BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Django keeps request bodies above this on disk rather than in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Cache and sessions: Redis when REDIS_URL is set (shared by every app server),
# else this process's memory. Sessions live in the database, cached. Redis away
# or slow is a cache miss, not an error (chartweek/cache.py): the site serves
# uncached, each call to Redis bounded by REDIS_TIMEOUT_MS, and Redis is left
# alone for REDIS_RETRY_SECONDS after a failure.
REDIS_URL = envstr("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "chartweek.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "chartweek"),
            "TIMEOUT": envint("CACHE_TIMEOUT", 300, minimum=1),
            "OPTIONS": {
                "socket_timeout": envint("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
                "socket_connect_timeout": envint("REDIS_TIMEOUT_MS", 500, minimum=1) / 1000,
                "retry_seconds": envint("REDIS_RETRY_SECONDS", 5, minimum=0),
            },
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Readers' pages: kept this long in the cache (a change starts a new generation
# at once, see chartweek/pagecache.py), and this long by CDNs (s-maxage).
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 3600, minimum=0)
PAGE_MAX_AGE = envint("PAGE_MAX_AGE", 60, minimum=0)

SITE_NAME = envstr("SITE_NAME", "chartweek")
# The public origin for canonical links, feeds, the sitemap and share cards;
# unset, each request's own scheme and host.
SITE_URL = envurl("SITE_URL")
ARTICLES_PER_PAGE = envint("ARTICLES_PER_PAGE", 10, minimum=1)
# Where questions about the data go: each dataset's contact point in the DCAT-AP
# catalogue (api/catalog.py); unset, the contact point is the site's home page.
DATA_CONTACT_EMAIL = envemail("DATA_CONTACT_EMAIL")

# Security. Every response carries a Content Security Policy with no inline
# scripts or styles: data reaches JavaScript through json_script and data-
# attributes only.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True

# The dataset API (api/, README "API"): reads for everyone, writes for
# staff with the model permissions through a token or their admin session.
API_ANON_RATE = envrate("API_ANON_RATE", "120/minute")  # per client address; "off": none
API_CACHE_SECONDS = envint("API_CACHE_SECONDS", 60, minimum=0)  # max-age of anonymous reads
API_COUNT_LIMIT = envint("API_COUNT_LIMIT", 10_000, minimum=1)  # filtered rows counted exactly
# The longest a rows or groups query may run (PostgreSQL), in milliseconds; then a 400.
API_QUERY_MILLISECONDS = envint("API_QUERY_MILLISECONDS", 5000, minimum=1)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.access.ReadOrStaffWrite"],
    "DEFAULT_THROTTLE_CLASSES": ["api.access.AnonymousThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.ExactJSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # leaves ?format= free to filter a column called "format"
    # The throttle asks chartweek.clients.client_address; DRF's own reading agrees.
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chartweek API",
    "DESCRIPTION": "The published datasets behind chartweek's charts, their rows and downloads.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # Swagger UI from our static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The same choices reach the schema from the transforms' and the groups' models:
    # one name each.
    "ENUM_NAME_OVERRIDES": {
        "AggregateEnum": ["count", "sum", "mean", "median", "min", "max"],
        "SortDirectionEnum": ["ascending", "descending"],
    },
}
# Browsers on any origin may read the API; writes come from scripts, not pages.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

# Logs go to stderr; LOG_FORMAT=json gives one JSON object per line (request
# logs included) for a log collector. Either way control characters are escaped
# and secrets (preview tokens, credentials) redacted.
LOG_FORMAT = envstr("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "chartweek.logs.JsonFormatter"},
    },
    # Every line escaped (one record, one line) and stripped of secrets: chartweek/logs.py.
    "filters": {"scrub": {"()": "chartweek.logs.ScrubFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["scrub"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
