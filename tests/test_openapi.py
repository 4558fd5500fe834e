"""openapi.yaml at the root is generated from the app: this fails when it drifts."""

from __future__ import annotations

from pathlib import Path

import yaml

from jinghutong.openapi import openapi_document, openapi_yaml

ROOT = Path(__file__).resolve().parents[1]


def test_openapi_yaml_matches_the_app():
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == openapi_yaml(), "openapi.yaml is out of date: run `jinghutong openapi`"


def test_the_contract_paths_are_documented():
    text = openapi_yaml()
    for path in (
        "/api/v1/auth/wechat:",
        "/api/v1/auth/password:",
        "/api/v1/auth/logout:",
        "/api/v1/me:",
        "/healthz:",
        "/readyz:",
    ):
        assert path in text


def _operations(document: dict) -> list[tuple[str, str, dict]]:
    methods = ("get", "put", "post", "delete", "patch")
    return [
        (path, method, item[method])
        for path, item in document["paths"].items()
        for method in methods
        if method in item
    ]


def test_every_error_is_described_with_the_body_the_app_answers():
    """Clients generated from openapi.yaml branch on `error` and show `detail`: FastAPI's own
    `HTTPValidationError` (`detail` an array) must not be promised anywhere."""
    document = openapi_document()
    assert "HTTPValidationError" not in yaml.safe_dump(document)
    error_body = document["components"]["schemas"]["ErrorBody"]
    assert set(error_body["required"]) == {"error", "detail"}
    for path, method, operation in _operations(document):
        statuses = operation["responses"]
        for status, response in statuses.items():
            if int(status) >= 400 and path.startswith(("/api/v1", "/wechat")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, status)
        if path.startswith("/api/v1"):
            assert "503" in statuses and "Retry-After" in statuses["503"]["headers"], path
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(statuses), (method, path)
        if operation.get("security"):
            assert "401" in statuses, (method, path)


def test_the_push_endpoint_documents_its_refusals():
    push = openapi_document()["paths"]["/wechat/push"]
    assert {"403", "422"} <= set(push["get"]["responses"])
    assert {"400", "403", "422"} <= set(push["post"]["responses"])
