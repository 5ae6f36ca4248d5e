"""schemathesis drives every operation of the live OpenAPI document through the WSGI app (no
network): generated input, fitting the schema and not, never gets a server error, and every
answer has a status, content type, headers and body that the document declares.

The operations are walked here rather than through schemathesis' pytest loader, whose fixture
support does not run under pytest 9.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.v1 import operation_summaries

# Kept small: the suite runs this on SQLite and on PostgreSQL in every CI run, on two cores.
EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def wsgi_app():
    """The deployed WSGI application, kept off the connection-closing signals as Django's test
    client is: closing the connection would end the test's transaction (on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(catalog, settings, wsgi_app):
    settings.API_RATE_LIMIT = "1000000/m"  # the fuzzer is one address sending many requests
    return schemathesis.openapi.from_wsgi(reverse("api:api-v1:openapi-json"), wsgi_app)


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_fuzzer_sees_every_operation(api_schema):
    seen = {(op.method.upper(), op.path) for op in operations(api_schema)}
    assert ("POST", reverse("api:api-v1:evaluate")) in seen
    assert ("GET", reverse("api:api-v1:list_tools") + "/{slug}") in seen
    assert ("GET", reverse("api:api-v1:list_updates")) in seen
    # Every operation the API serves, none the fuzzer could not read.
    assert seen == {(op["method"], op["path"]) for op in operation_summaries()}


def takes_input(operation) -> bool:
    return any(len(getattr(operation, part)) for part in ("path_parameters", "query", "body"))


def excluded(operation) -> list:
    """Answers to the wizard are data (the questions are edited in the admin), so the document
    cannot say which answers are valid: schema-valid random answers rightly get 422."""
    return [positive_data_acceptance] if operation.method.upper() == "POST" else []


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says(api_schema, mode):
    for operation in operations(api_schema):
        if mode is GenerationMode.NEGATIVE and not takes_input(operation):
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,  # the same cases every run: a failure can be replayed
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            # The WSGI transport would not decompress what GZipMiddleware compresses.
            case.call_and_validate(
                headers={"Accept-Encoding": "identity"}, excluded_checks=excluded(case.operation)
            )

        answers_as_documented()
