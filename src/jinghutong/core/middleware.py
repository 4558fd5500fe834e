"""ASGI middleware: request ids, access logs and metrics; the request body size limit."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

import structlog
from fastapi import routing as fastapi_routing
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jinghutong.core.errors import PayloadTooLarge
from jinghutong.core.logging import get_logger
from jinghutong.core.metrics import HTTP_LATENCY, HTTP_REQUESTS

log = get_logger("jinghutong.http")


# FastAPI ≥ 0.12x includes routers lazily: scope["route"] is the router-relative route and the
# full template sits in FastAPI's own scope entry. Fall back to the route for older versions.
_EFFECTIVE_KEY = getattr(fastapi_routing, "_FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY", None)


def _route_template(scope: Scope) -> str:
    effective = (scope.get("fastapi") or {}).get(_EFFECTIVE_KEY) if _EFFECTIVE_KEY else None
    route = effective or scope.get("route")
    return getattr(route, "path_format", None) or getattr(route, "path", None) or "unmatched"


class RequestContextMiddleware:
    """Gives each request an id (kept from `X-Request-ID` when sane), logs it, counts it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if 8 <= len(incoming) <= 64 and incoming.isascii() else None
        request_id = request_id or secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_LATENCY.labels(method, route).observe(elapsed)
            if not scope["path"].startswith(("/healthz", "/metrics")):
                log.info(
                    "request",
                    method=method,
                    path=scope["path"],
                    status=status,
                    ms=round(elapsed * 1000, 1),
                )
            structlog.contextvars.unbind_contextvars("request_id")


class BodySizeLimitMiddleware:
    """Answers 413 before reading a body that announces (or turns out) larger than the limit."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        skip_prefixes: tuple[str, ...] = (),
        overrides: dict[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.skip_prefixes = skip_prefixes
        # Path prefix → its own limit (the household register import takes files up to 20 MB).
        self.overrides = sorted((overrides or {}).items(), key=lambda kv: -len(kv[0]))

    def _limit_for(self, path: str) -> int:
        for prefix, limit in self.overrides:
            if path.startswith(prefix):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return
        max_bytes = self._limit_for(scope["path"])
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > max_bytes:
            await _send_413(send, max_bytes)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await _send_413(send, max_bytes)


class _TooLarge(HTTPException):
    """An HTTPException so that FastAPI's body parsing re-raises it instead of answering 400."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


async def _send_413(send: Send, max_bytes: int) -> None:
    err = PayloadTooLarge(f"上传的内容太大了（最多 {max_bytes // (1024 * 1024)} MB），请缩小后再试")
    body: dict[str, Any] = err.body()
    raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(raw)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": raw})


class MethodOverrideMiddleware:
    """`wx.request` cannot send PATCH: a POST with `X-HTTP-Method-Override: PATCH` is treated as
    the PATCH it stands for. Only PATCH is honoured (never a way to turn POST into DELETE)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "POST":
            for name, value in scope.get("headers") or []:
                if name == b"x-http-method-override" and value.strip().upper() == b"PATCH":
                    scope = {**scope, "method": "PATCH"}
                    break
        await self.app(scope, receive, send)
