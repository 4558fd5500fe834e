"""The error half of the OpenAPI description, made true to what the app answers.

FastAPI documents every 422 with its own `HTTPValidationError` (`detail` an array) and knows
nothing of the statuses our middleware and handlers answer for every route. Clients generated
from `openapi.yaml` then break on every error. This pass, run once over the generated
document, describes the one error body (`ErrorBody`: `{"error", "detail", "fields"}`) and
points every error status of every operation at it:

- the statuses an endpoint declares with `errors(...)` (already `ErrorBody`);
- 422 (`ValidationFailed`) wherever FastAPI validates something;
- 400 (`BadRequest`, a body that cannot be parsed) and 413 (`PayloadTooLarge`, the body size
  limit) for every operation with a request body;
- 401 (`NotAuthenticated`, `TokenInvalid`) for every operation behind a bearer token;
- 503 (`ServiceUnavailable`, with `Retry-After`) for every API operation: the database or
  another service we depend on may be unreachable for a moment (core.handlers).
"""

from __future__ import annotations

from typing import Any

from jinghutong.core.errors import ErrorBody

ERROR_SCHEMA = "#/components/schemas/ErrorBody"
_FASTAPI_ERROR_SCHEMAS = ("HTTPValidationError", "ValidationError")
_RETRY_AFTER = {
    "Retry-After": {
        "description": "几秒后再试",
        "schema": {"type": "integer", "minimum": 1},
    }
}
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# status → the error codes every operation of that sort may answer with it
_FOR_BODY = {400: "BadRequest", 413: "PayloadTooLarge", 422: "ValidationFailed"}
_FOR_BEARER = {401: "NotAuthenticated, TokenInvalid"}
_FOR_EVERY_API_CALL = {503: "ServiceUnavailable"}


def _json_error(entry: dict[str, Any]) -> None:
    # An endpoint answering text (/wechat/push) still fails in JSON (core.handlers).
    entry["content"] = {"application/json": {"schema": {"$ref": ERROR_SCHEMA}}}


def _add(responses: dict[str, Any], status: int, codes: str) -> None:
    entry = responses.setdefault(str(status), {"description": ""})
    _json_error(entry)
    names = [n for n in entry["description"].split(", ") if n]
    names += [code for code in codes.split(", ") if code not in names]
    entry["description"] = ", ".join(names)


def _document_operation(operation: dict[str, Any], api: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if responses.get("422", {}).get("description") == "Validation Error":
        responses["422"]["description"] = ""  # FastAPI's own entry: words and schema go
    added = {422: "ValidationFailed"} if "422" in responses else {}
    if "requestBody" in operation:
        added |= _FOR_BODY
    if operation.get("security"):
        added |= _FOR_BEARER
    if api:
        added |= _FOR_EVERY_API_CALL
    for status, codes in added.items():
        _add(responses, status, codes)
    for code, entry in responses.items():
        if code in ("429", "503"):
            entry["headers"] = _RETRY_AFTER
        if int(code) >= 400 and any(
            media.get("schema") == {"$ref": ERROR_SCHEMA}
            for media in entry.get("content", {}).values()
        ):
            _json_error(entry)


def document_errors(document: dict[str, Any], api_prefixes: tuple[str, ...]) -> dict[str, Any]:
    """Rewrite `document` in place (and return it) as described above. Operations under
    `api_prefixes` are those that reach the database (503)."""
    for path, item in document.get("paths", {}).items():
        api = path.startswith(api_prefixes)
        for method in _METHODS:
            if method in item:
                _document_operation(item[method], api)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for name in _FASTAPI_ERROR_SCHEMAS:
        schemas.pop(name, None)
    return document
