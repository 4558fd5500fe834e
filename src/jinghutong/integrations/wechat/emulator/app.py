"""`create_emulator_app()`: the emulator as a FastAPI app, mounted under `EMULATOR_MOUNT` in
embedded mode or run on its own (tests, benchmarks)."""

from __future__ import annotations

import asyncio
import random
import time

from fastapi import FastAPI
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from jinghutong.integrations.wechat.emulator import device_api, server_api
from jinghutong.integrations.wechat.emulator.state import (
    EMULATOR_APP_ID,
    EMULATOR_APP_SECRET,
    EmulatorState,
    Faults,
)

# Paths that control the emulator itself: never slowed down or failed by injected faults.
CONTROL_PREFIXES = ("/faults", "/device/", "/docs", "/openapi.json")

_ERRMSG = {
    -1: "system error",
    45009: "reach max api daily quota limit",
    45011: "api minute-quota reach limit mustslower retry next minute",
}


class FaultMiddleware:
    """Latency, random errors and a per-second rate limit on the WeChat server paths."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state
        self._window = 0
        self._count = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        root: str = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        state = self.state
        state.calls[path] += 1
        faults = state.faults
        if faults.active and not path.startswith(CONTROL_PREFIXES) and faults.applies_to(path):
            response = await self._inject(faults)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _inject(self, faults: Faults) -> Response | None:
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.rate_limit_per_second:
            window = int(time.monotonic())
            if window != self._window:
                self._window, self._count = window, 0
            self._count += 1
            if self._count > faults.rate_limit_per_second:
                return JSONResponse({"errcode": 45009, "errmsg": _ERRMSG[45009]})
        if faults.error_rate and random.random() < faults.error_rate:  # noqa: S311
            if faults.http_status:
                return PlainTextResponse(
                    f"{faults.http_status} emulated gateway error", status_code=faults.http_status
                )
            errmsg = faults.errmsg or _ERRMSG.get(faults.error_code, "emulated error")
            return JSONResponse({"errcode": faults.error_code, "errmsg": errmsg})
        return None


def create_emulator_app(
    app_id: str = EMULATOR_APP_ID, app_secret: str = EMULATOR_APP_SECRET
) -> FastAPI:
    """A stand-in for api.weixin.qq.com plus the phone side; state at `app.state.emulator`."""
    state = EmulatorState(app_id, app_secret)
    app = FastAPI(
        title="警户通 WeChat emulator",
        description="api.weixin.qq.com at the same paths, plus /device/* and /faults.",
        version="1",
    )
    app.state.emulator = state
    app.include_router(server_api.router)
    app.include_router(device_api.router)
    app.add_middleware(FaultMiddleware, state=state)
    return app
