"""Settings for the MLOps Decision Portal: one file, driven by the environment.

Values come from the environment, then from a `.env` file in the project root (`make run`
writes a development one); a variable set in the environment wins over the file.
Production (DEBUG not True) refuses to start without SECRET_KEY and SITE_URL.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# ENV_FILE names another file, or none when empty (the test settings read none).
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    load_dotenv(ENV_FILE, override=False)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, str(default))
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be 'True' or 'False', got {value!r}")
    return value == "True"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_site_url(name: str, *, required: bool) -> str:
    """An origin such as https://portal.example.com, without a trailing slash or a path."""
    value = os.environ.get(name, "").strip().rstrip("/")
    if not value:
        if required:
            raise ImproperlyConfigured(
                f"{name} must be set when DEBUG is not True, e.g. https://portal.example.com"
            )
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        raise ImproperlyConfigured(
            f"{name} must be a scheme and host such as https://portal.example.com, got {value!r}"
        )
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is not True")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-True"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Where absolute links (canonical, OpenGraph, sitemap, exports, invite links) point. In
# development it may stay empty: links then follow the request's own scheme, host and port
# (portal/links.py), so `make run PORT=8140` links to 8140.
SITE_URL = env_site_url("SITE_URL", required=not DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "axes",
    "simple_history",
    # Site-wide: every form's text check (portal/forms.py), the cache table's migration.
    "portal",
    "comparisons",
    "teams",
    "decisions",
]

MIDDLEWARE = [
    # First, so its line covers every request, static files and errors included.
    "portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above whitenoise, so static files get Cross-Origin-Resource-Policy too.
    "portal.middleware.SecurityHeadersMiddleware",
    # HTML compressed here; Django's GZip pads each response with random bytes against BREACH.
    # Static files come precompressed from whitenoise and are left alone.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below the headers and whitenoise, above everything else: a repeat anonymous request for a
    # public page is answered here, with no database query, session, CSRF or view.
    "comparisons.caching.PageCacheMiddleware",
    # Before any view reads the query or the form: a NUL byte answers 400, never a 500.
    "portal.middleware.RejectNulMiddleware",
    # HEAD of an API read answers as its GET (django-ninja would refuse it with 405).
    "api.http.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a spent rate limit into a 429 page with Retry-After (also on axes' lock-out page).
    "portal.middleware.RateLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so a locked-out login is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                # csp_nonce is available for an inline script that cannot be avoided; pages
                # that are cached must not use it (see base.html and DESIGN.md).
                "django.template.context_processors.csp",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
            # {% script %} and {% htmx_scripts %}: our scripts with Subresource Integrity.
            "libraries": {"sri": "portal.sri"},
        },
    },
]

# Databases: SQLite by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
        # timeout instead of failing with "database is locked" mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# `make backup` writes people's data and the history with this format (portal/backup_format.py).
SERIALIZATION_MODULES = {"json-exact": "portal.backup_format"}

# Cache: Django's built-in Redis backend when REDIS_URL is set (shared by every worker and
# host: pages, sessions, login throttling), process-local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_CACHE_TABLE = "portal_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif DEBUG:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Production on one host without Redis: the database is what every worker shares, so the
    # rate limits (portal/ratelimit.py) hold across workers. `migrate` creates the table
    # (portal/migrations/0001_database_cache_table.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "comparisons:home"
LOGOUT_REDIRECT_URL = "comparisons:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # reset links sent by email work for one day

# The number of reverse proxies in front of the app, each appending to X-Forwarded-For; the
# client address is read from the right of that header (portal/clients.py). 0: no proxy.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
# Requests per client address to /api/ (e.g. "300/m"); empty: the default in portal/ratelimit.py.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "")

# Login throttling (django-axes): 5 failures for one username from one address lock that
# pair out for 15 minutes. The database handler works across worker processes and hosts.
# A higher limit per address alone (any usernames) stops password spraying: "login-address"
# in portal/ratelimit.py, enforced by the log-in view.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests, rendered with the template above
# The page promises a retry after 15 minutes; further tries must not quietly extend that.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_ip"
# axes stores the username in a varchar(255); what it records is cut to Django's 150.
AXES_USERNAME_CALLABLE = "portal.clients.attempted_username"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email (Django 6.1 MAILERS): the console in development, SMTP from the environment otherwise.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")

# Security. A strict Content-Security-Policy from day one: no inline script or style.
# Nothing is allowed unless listed: scripts, styles, fetches (htmx) and forms from this origin;
# images only from this origin too (the favicon is static/favicon.svg).
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # __Host-: browsers accept these only over HTTPS, for this exact host and path /, so a
    # sibling subdomain or a plain-HTTP response cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Idle timeout (portal/middleware.py SessionIdleMiddleware): two weeks without a visit for
# members, 12 hours for staff, who can change the catalog everyone reads.
SESSION_IDLE_SECONDS = 14 * 24 * 60 * 60
SESSION_IDLE_SECONDS_STAFF = 12 * 60 * 60
SESSION_IDLE_REFRESH_SECONDS = 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    # Invite, share and reset tokens in a path become [redacted] (portal/logs.py): on the
    # loggers that print paths, so every handler gets the redacted line, and on our handlers.
    "filters": {"redact_secrets": {"()": "portal.logs.RedactSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        # Request lines go to stdout (gunicorn, containers), the rest to stderr.
        "requests": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        },
        # runserver's access log, as Django configures it, with the tokens redacted.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["redact_secrets"]},
        "django.security.csrf": {"filters": ["redact_secrets"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_secrets"],
        },
        "portal.requests": {
            "handlers": ["requests"],
            "propagate": False,
            "filters": ["redact_secrets"],
        },
    },
}
