"""Test settings: only what the tests need to differ from production-like settings."""

import os

# The tests set what they need here, whatever a developer's shell or .env says: no .env is
# read, and absolute links follow the test request (tests of SITE_URL override it).
os.environ["ENV_FILE"] = ""
os.environ["DEBUG"] = "True"
os.environ["SITE_URL"] = ""

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

# Parallel test workers (pytest-xdist) must not share cache entries: a test that clears the
# cache would clear a neighbour's. Each worker gets its own Redis database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
if REDIS_URL:  # noqa: F405
    _base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{_base}/{1 + int(_worker or 0) % 15}"  # noqa: F405
else:
    CACHES["default"]["LOCATION"] = f"tests-{_worker}"  # noqa: F405

# Serve static files from the app folders, as `runserver` does, without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Live-server threads would otherwise keep persistent connections open past the test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
