"""WeChat-shaped answers: HTTP 200 with `{"errcode", "errmsg"}` even for errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from jinghutong.integrations.wechat.emulator.state import EmulatorState


def ok(**fields: Any) -> JSONResponse:
    return JSONResponse({"errcode": 0, "errmsg": "ok", **fields})


def fail(errcode: int, errmsg: str) -> JSONResponse:
    # WeChat answers 200 with the errcode in the body, not an HTTP error status.
    return JSONResponse({"errcode": errcode, "errmsg": errmsg})


def state_of(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


async def json_body(request: Request) -> dict[str, Any] | None:
    """The body as a JSON object, whatever the Content-Type (wechatpy sends none); None if bad."""
    try:
        body = json.loads(await request.body())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


DATA_FORMAT_ERROR = (47001, "data format error")


def token_failure(request: Request, state: EmulatorState) -> JSONResponse | None:
    """None when the `access_token` query parameter is valid, else WeChat's answer."""
    error = state.token_error(request.query_params.get("access_token"))
    return fail(*error) if error else None
