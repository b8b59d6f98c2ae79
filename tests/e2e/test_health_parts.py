"""Kill one process of the running stack: /healthz names it, and it comes back."""

from __future__ import annotations

import httpx
import pytest

from scripts.stack import Stack

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("process", "part"), [("action server", "action_server"), ("Rasa server", "rasa")]
)
def test_killing_a_process_makes_health_name_it_until_it_is_back(
    stack: Stack, process: str, part: str
) -> None:
    stack.kill_one(process)
    try:
        response = httpx.get(f"{stack.config.api_url}/healthz", timeout=10)
        assert response.status_code == 503
        body = response.json()
        assert body["failing"] == [part]
        assert body["parts"][part]["status"] == "down"
        assert body["parts"]["database"]["status"] == "ok"
    finally:
        stack.start_one(process)
        stack.wait_ready(timeout=240)
    assert httpx.get(f"{stack.config.api_url}/healthz", timeout=10).status_code == 200
