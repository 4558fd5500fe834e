"""The WeChat server API (api.weixin.qq.com) at the same relative paths."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import segno
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from jinghutong.integrations.wechat.emulator import rules
from jinghutong.integrations.wechat.emulator.responses import (
    DATA_FORMAT_ERROR,
    fail,
    json_body,
    ok,
    state_of,
    token_failure,
)
from jinghutong.integrations.wechat.emulator.state import USER_ACTIVE_WINDOW, EmulatorState

router = APIRouter(tags=["wechat-server"])

TEXT_MAX = 2500


def _credentials_error(state: EmulatorState, appid: Any, secret: Any) -> JSONResponse | None:
    if appid != state.app_id:
        return fail(40013, "invalid appid")
    if secret != state.app_secret:
        return fail(40125, "invalid appsecret")
    return None


@router.get("/sns/jscode2session")
async def jscode2session(request: Request) -> Response:
    state, q = state_of(request), request.query_params
    if error := _credentials_error(state, q.get("appid"), q.get("secret")):
        return error
    if q.get("grant_type") != "authorization_code":
        return fail(40002, "invalid grant_type")
    user = state.redeem_login_code(q.get("js_code", ""))
    if user is None:
        return fail(40029, "invalid code")
    answer = {"openid": user.openid, "session_key": user.session_key}
    if user.unionid:
        answer["unionid"] = user.unionid
    return JSONResponse(answer)


@router.get("/cgi-bin/token")
async def classic_token(request: Request) -> Response:
    state, q = state_of(request), request.query_params
    if q.get("grant_type") != "client_credential":
        return fail(40002, "invalid grant_type")
    if error := _credentials_error(state, q.get("appid"), q.get("secret")):
        return error
    token = state.issue_classic_token()
    return JSONResponse({"access_token": token.value, "expires_in": int(state.token_ttl)})


@router.post("/cgi-bin/stable_token")
async def stable_token(request: Request) -> Response:
    state, body = state_of(request), await json_body(request)
    if body is None:
        return fail(*DATA_FORMAT_ERROR)
    if body.get("grant_type") != "client_credential":
        return fail(40002, "invalid grant_type")
    if error := _credentials_error(state, body.get("appid"), body.get("secret")):
        return error
    token = state.issue_stable_token(bool(body.get("force_refresh")))
    if token is None:
        return fail(45009, "reach max api daily quota limit")
    remaining = max(1, int(token.expires_at - state.clock()))
    return JSONResponse({"access_token": token.value, "expires_in": remaining})


def _page_error(state: EmulatorState, page: Any, check_path: bool = True) -> JSONResponse | None:
    if page in (None, ""):
        return None
    if not isinstance(page, str) or page.startswith("/"):
        return fail(41030, "invalid page")
    published = state.published_pages
    if check_path and published is not None and page.split("?", 1)[0] not in published:
        return fail(41030, "invalid page")
    return None


@router.post("/cgi-bin/message/subscribe/send")
async def subscribe_send(request: Request) -> Response:
    state = state_of(request)
    if error := token_failure(request, state):
        return error
    body = await json_body(request)
    if body is None or not isinstance(body.get("data"), dict):
        return fail(*DATA_FORMAT_ERROR)
    openid, template_id, data = body.get("touser"), body.get("template_id"), body["data"]
    if openid not in state.users:
        return fail(40003, "invalid openid")
    fields = state.templates.get(template_id) if isinstance(template_id, str) else None
    if fields is None or not isinstance(template_id, str):
        return fail(40037, "invalid template id")
    values: dict[str, str] = {}
    for key, kind in fields.items():
        item = data.get(key)
        value = item.get("value") if isinstance(item, dict) else None
        if problem := rules.check_field(kind, value):
            return fail(47003, f"argument invalid! data.{key}.value {problem}")
        values[key] = str(value)
    if error := _page_error(state, body.get("page")):
        return error
    if not state.take_quota(openid, template_id):
        return fail(43101, "user refuse to accept the msg")
    msgid = state.deliver(
        openid,
        {
            "template_id": template_id,
            "page": body.get("page"),
            "data": values,
            "miniprogram_state": body.get("miniprogram_state", "formal"),
            "lang": body.get("lang", "zh_CN"),
            "received_at": state.clock(),
        },
    )
    return ok(msgid=msgid)


@lru_cache(maxsize=2048)
def qr_png(scene: str, width: int) -> bytes:
    """A real QR code of `scene` standing in for the round mini-program code."""
    code = segno.make_qr(scene, error="m")
    modules = code.symbol_size(scale=1, border=4)[0]
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, width // modules), border=4)
    return out.getvalue()


@router.post("/wxa/getwxacodeunlimit")
async def get_unlimited_code(request: Request) -> Response:
    state = state_of(request)
    if error := token_failure(request, state):
        return error
    body = await json_body(request)
    if body is None:
        return fail(*DATA_FORMAT_ERROR)
    scene = body.get("scene")
    if not rules.scene_valid(scene):
        return fail(40169, "invalid length for scene, or the data is not json string")
    # check_path=false lets WeChat make codes for pages not (yet) published, in any env_version
    # (documented cap: 60,000 distinct pages). It must be a JSON boolean: WeChat answers 47001
    # "data format error" to "false" as a string.
    check_path = body.get("check_path", True)
    if not isinstance(check_path, bool):
        return fail(*DATA_FORMAT_ERROR)
    if error := _page_error(state, body.get("page"), check_path):
        return error
    try:
        width = min(1280, max(280, int(body.get("width", 430))))
    except (TypeError, ValueError):
        return fail(*DATA_FORMAT_ERROR)
    return Response(qr_png(str(scene), width), media_type="image/png")


@router.post("/wxa/msg_sec_check")
async def msg_sec_check(request: Request) -> Response:
    state = state_of(request)
    if error := token_failure(request, state):
        return error
    body = await json_body(request)
    if body is None or not isinstance(body.get("content"), str):
        return fail(*DATA_FORMAT_ERROR)
    content: str = body["content"]
    # The v2 page documents no code for over-long content; 45002 is the global
    # "content size out of limit" code, the closest documented meaning.
    if len(content) > TEXT_MAX:
        return fail(45002, "content size out of limit")
    suggest, label, keyword = state.judge_text(content)
    if body.get("version") != 2:
        # Version 1: errcode 87014 for risky content, nothing else.
        return fail(87014, "risky content") if suggest == "risky" else ok()
    user = state.users.get(body.get("openid"))  # type: ignore[arg-type]
    if user is None:
        return fail(40003, "invalid openid")
    if body.get("scene") not in (1, 2, 3, 4):
        return fail(40097, "invalid args")
    if state.clock() - user.last_login_at > USER_ACTIVE_WINDOW:
        # 61010: the user has not opened the mini-program within the last 2 hours.
        return fail(61010, "user access record expired")
    detail: list[dict[str, Any]] = [
        {"strategy": "content_model", "errcode": 0, "suggest": suggest, "label": label, "prob": 90}
    ]
    if keyword:
        detail.append(
            {
                "strategy": "keyword",
                "errcode": 0,
                "suggest": suggest,
                "label": label,
                "level": 20,
                "keyword": keyword,
            }
        )
    return ok(
        result={"suggest": suggest, "label": label},
        detail=detail,
        trace_id=f"emu-{state.calls['/wxa/msg_sec_check']}",
    )


@router.post("/wxa/media_check_async")
async def media_check_async(request: Request) -> Response:
    state = state_of(request)
    if error := token_failure(request, state):
        return error
    body = await json_body(request)
    if body is None or not isinstance(body.get("media_url"), str):
        return fail(*DATA_FORMAT_ERROR)
    media_type = body.get("media_type")
    if media_type not in (1, 2):
        return fail(40097, "invalid args")
    openid = body.get("openid")
    if body.get("version") == 2 and openid not in state.users:
        return fail(40003, "invalid openid")
    check = state.start_media_check(body["media_url"], media_type, openid, body.get("scene"))
    return ok(trace_id=check.trace_id)


@router.post("/wxa/business/getuserphonenumber")
async def get_user_phone_number(request: Request) -> Response:
    state = state_of(request)
    if error := token_failure(request, state):
        return error
    body = await json_body(request)
    if body is None:
        return fail(*DATA_FORMAT_ERROR)
    issued = state.redeem_phone_code(str(body.get("code", "")))
    if issued is None or issued.phone is None:
        return fail(40029, "invalid code")
    # "13800138000" (mainland) or "+852-61234567" (country code, dash, number)
    country, pure = "86", issued.phone
    if pure.startswith("+") and "-" in pure:
        country, pure = pure[1:].split("-", 1)
    return ok(
        phone_info={
            "phoneNumber": issued.phone if country == "86" else f"+{country}{pure}",
            "purePhoneNumber": pure,
            "countryCode": country,
            "watermark": {"timestamp": int(state.clock()), "appid": state.app_id},
        }
    )
