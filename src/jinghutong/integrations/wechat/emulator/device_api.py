"""The phone side (what wx.login, wx.requestSubscribeMessage and getPhoneNumber produce on a
user's phone, and the messages it receives) and fault injection. Not WeChat paths: our own."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from jinghutong.integrations.wechat.emulator.responses import state_of
from jinghutong.integrations.wechat.emulator.state import Faults

router = APIRouter(tags=["wechat-emulator"])


class LoginIn(BaseModel):
    openid: str | None = Field(None, description="omit to create a new user")
    unionid: str | None = None


class SubscribeIn(BaseModel):
    openid: str
    template_ids: list[str] = Field(min_length=1, max_length=5)
    mode: Literal["once", "long"] = "once"


class PhoneCodeIn(BaseModel):
    openid: str
    phone: str = Field(min_length=3, max_length=20)


class FaultsIn(BaseModel):
    latency_ms: float = Field(0, ge=0, le=60_000)
    error_rate: float = Field(0, ge=0, le=1)
    error_code: int = -1
    errmsg: str | None = None
    rate_limit_per_second: int | None = Field(None, ge=1)
    paths: list[str] | None = None
    http_status: int | None = Field(None, ge=400, le=599)


def new_openid() -> str:
    return "o" + secrets.token_urlsafe(21)[:27]


@router.post("/device/login")
async def device_login(body: LoginIn, request: Request) -> dict[str, str]:
    """What `wx.login()` returns on this user's phone: a single-use code valid 5 minutes."""
    openid = body.openid or new_openid()
    return {"code": state_of(request).login(openid, body.unionid), "openid": openid}


@router.post("/device/subscribe")
async def device_subscribe(body: SubscribeIn, request: Request) -> dict[str, str]:
    """The user taps "allow" in `wx.requestSubscribeMessage`; the answer has one key per id."""
    state = state_of(request)
    if body.openid not in state.users:
        raise HTTPException(404, "this openid has never logged in (POST /device/login first)")
    result = state.subscribe(body.openid, body.template_ids, body.mode)
    return {"errMsg": "requestSubscribeMessage:ok", **result}


@router.get("/device/inbox/{openid}")
async def device_inbox(openid: str, request: Request) -> dict[str, Any]:
    """Subscribe messages this phone received, oldest first."""
    return {"openid": openid, "messages": state_of(request).inbox(openid)}


@router.post("/device/phone-code")
async def device_phone_code(body: PhoneCodeIn, request: Request) -> dict[str, str]:
    """The code the `getPhoneNumber` button hands the mini-program for this phone number."""
    state = state_of(request)
    if body.openid not in state.users:
        raise HTTPException(404, "this openid has never logged in (POST /device/login first)")
    return {"code": state.phone_code(body.openid, body.phone)}


@router.get("/faults")
async def get_faults(request: Request) -> dict[str, Any]:
    return asdict(state_of(request).faults)


@router.post("/faults")
async def set_faults(body: FaultsIn, request: Request) -> dict[str, Any]:
    """Inject latency, errors and rate limits into the WeChat server paths."""
    state = state_of(request)
    state.faults = Faults(**body.model_dump())
    return asdict(state.faults)


@router.delete("/faults")
async def clear_faults(request: Request) -> dict[str, Any]:
    state = state_of(request)
    state.faults = Faults()
    return asdict(state.faults)


@router.get("/")
async def index(request: Request) -> dict[str, Any]:
    """A summary of the emulated world."""
    state = state_of(request)
    return {
        "app_id": state.app_id,
        "users": len(state.users),
        "inboxes": {openid: len(msgs) for openid, msgs in state.inboxes.items()},
        "templates": sorted(state.templates),
        "pending_media_checks": len(state.pending_media_checks()),
        "faults": asdict(state.faults),
        "calls": dict(state.calls),
    }
