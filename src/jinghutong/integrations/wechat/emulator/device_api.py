"""The phone side (what wx.login, wx.requestSubscribeMessage and getPhoneNumber produce on a
user's phone, and the messages it receives) and fault injection. Not WeChat paths: our own."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from jinghutong.integrations.wechat.emulator.responses import state_of
from jinghutong.integrations.wechat.emulator.state import Faults, User

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


class MediaVerdictIn(BaseModel):
    suggest: Literal["pass", "review", "risky"]
    label: int = Field(100, ge=0, le=99_999)  # 100 normal; 20002 pornography, 20006 crime …


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


class BulkSubscribeIn(BaseModel):
    """Benchmarks: `count` users `{prefix}{n}` (n from 0), each granted the templates."""

    prefix: str = Field(min_length=1, max_length=40)
    count: int = Field(ge=1, le=2_000_000)
    template_ids: list[str] = Field(min_length=1, max_length=5)
    mode: Literal["once", "long"] = "once"


@router.post("/device/bulk-subscribe")
async def device_bulk_subscribe(body: BulkSubscribeIn, request: Request) -> dict[str, int]:
    """Create many users at once, each with one quota (or long-term) per template."""
    state = state_of(request)
    for n in range(body.count):
        openid = f"{body.prefix}{n}"
        if openid not in state.users:
            state.users[openid] = User(openid, None)
        state.subscribe(openid, body.template_ids, body.mode)
    return {"users": body.count}


@router.get("/device/stats")
async def device_stats(request: Request) -> dict[str, int]:
    """Inbox totals: messages, phones that received any, and phones that received one
    template's message more than once (a double send)."""
    state = state_of(request)
    twice = 0
    for messages in state.inboxes.values():
        templates = [m["template_id"] for m in messages]
        twice += len(templates) != len(set(templates))
    return {
        "users": len(state.users),
        "messages": sum(len(m) for m in state.inboxes.values()),
        "inboxes": len(state.inboxes),
        "received_twice": twice,
    }


@router.delete("/device/inboxes")
async def device_clear_inboxes(request: Request) -> dict[str, int]:
    """Empty every inbox (between benchmark runs)."""
    state = state_of(request)
    cleared = sum(len(m) for m in state.inboxes.values())
    state.inboxes.clear()
    return {"cleared": cleared}


@router.get("/device/media-checks")
async def device_media_checks(request: Request) -> dict[str, Any]:
    """The media checks WeChat has not decided yet (media_check_async), oldest first: what a
    test needs to play WeChat's reviewer (the media's id is in `media_url`)."""
    pending = sorted(state_of(request).pending_media_checks(), key=lambda c: c.created_at)
    return {
        "pending": [
            {
                "trace_id": c.trace_id,
                "media_url": c.media_url,
                "media_type": c.media_type,
                "openid": c.openid,
            }
            for c in pending
        ]
    }


@router.post("/device/media-checks/{trace_id}")
async def device_decide_media_check(
    trace_id: str, body: MediaVerdictIn, request: Request
) -> dict[str, Any]:
    """Decide a pending check and answer with the `wxa_media_check` event WeChat would push
    to the server's message push URL (the caller signs and posts it, as WeChat does)."""
    state = state_of(request)
    check = state.media_checks.get(trace_id)
    if check is None:
        raise HTTPException(404, "no such media check")
    if check.suggest is not None:
        raise HTTPException(409, "this media check was decided already")
    return state.resolve_media_check(trace_id, body.suggest, body.label)


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
        # stable_token calls with force_refresh (each revokes the token every process holds)
        "force_refreshes": sum(state.force_refreshes.values()),
    }
