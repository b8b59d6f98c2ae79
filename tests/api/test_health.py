from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_is_503_naming_the_parts_that_do_not_answer(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["parts"]["database"]["status"] == "ok"
    assert set(body["failing"]) == {"rasa", "action_server"}
