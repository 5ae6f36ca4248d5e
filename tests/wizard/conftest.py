from urllib.parse import urlencode

import pytest

from tests.wizard_rules import (
    JUST_STARTING,
    KUBERNETES_MATURE_AND_AUTOMATED,
    TRACKING_AND_ORCHESTRATION,
)

PATHS = {
    "mlflow": JUST_STARTING,
    "kubeflow": KUBERNETES_MATURE_AND_AUTOMATED,
    "hybrid": TRACKING_AND_ORCHESTRATION,
}


def query(answers: dict[str, str], **extra: str) -> str:
    return urlencode({**answers, **extra})


@pytest.fixture
def htmx_client(client):
    client.defaults["HTTP_HX_REQUEST"] = "true"
    return client
