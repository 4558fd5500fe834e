"""`GET /wechat/push` (the console's URL check) and `POST /wechat/push` (events)."""

from __future__ import annotations

from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import errors
from jinghutong.integrations.wechat.service import credentials
from jinghutong.wechat_push import service, signing

router = APIRouter(prefix="/wechat", tags=["wechat"])
_Text = Annotated[str, Query(max_length=128)]


@router.get(
    "/push",
    response_class=PlainTextResponse,
    responses=errors(signing.PushSignatureInvalid),
)
async def verify_push_url(
    settings: AppSettings, signature: _Text, timestamp: _Text, nonce: _Text, echostr: _Text
) -> str:
    """WeChat's URL verification: echo `echostr` when the signature is ours."""
    signing.verify_signature(settings, signature, timestamp, nonce)
    return echostr


@router.post(
    "/push",
    response_class=PlainTextResponse,
    responses=errors(signing.PushSignatureInvalid, signing.PushMalformed),
)
async def receive_push(
    request: Request,
    session: Session,
    settings: AppSettings,
    signature: _Text,
    timestamp: _Text,
    nonce: _Text,
    encrypt_type: Annotated[str | None, Query(max_length=16)] = None,
    msg_signature: Annotated[str | None, Query(max_length=128)] = None,
) -> str:
    """An event from WeChat (media-check verdicts); answers "success"."""
    signing.verify_signature(settings, signature, timestamp, nonce)
    signing.require_fresh(timestamp)
    body = (await request.body()).decode("utf-8", errors="replace")
    if encrypt_type == "aes":
        event = await anyio.to_thread.run_sync(
            signing.open_secure, settings, body, msg_signature or "", timestamp, nonce
        )
    elif settings.wechat.push_aes_key.get_secret_value():
        raise signing.PushSignatureInvalid("已启用安全模式，不接受明文推送")
    else:
        event = signing.parse(body)
    appid = event.get("appid")
    if appid is not None and appid != credentials(settings)[0]:
        raise signing.PushSignatureInvalid()
    await service.handle(session, event)
    return "success"
