import pytest

# Saving a decision goes through the real wizard view, as in tests/decisions.
from tests.decisions.conftest import save_decision  # noqa: F401

PASSWORD = "correct horse battery staple"


@pytest.fixture
def proxied(settings):
    """The app behind one reverse proxy that appends the client's address to X-Forwarded-For."""
    settings.PROXY_COUNT = 1
    return settings


# Every URL with a sample, as in the site-wide no-server-error guard.
from tests.test_no_server_errors import world  # noqa: E402, F401
