"""WeChat's message push: URL verification, plain and secure (encrypted) media-check verdicts,
signed here with wechatpy's own crypto, carrying the emulator's `wxa_media_check` events."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from datetime import timedelta

import pytest
import xmltodict
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import select
from wechatpy.crypto import WeChatCrypto

from jinghutong.core import clock
from jinghutong.integrations.wechat.emulator.state import EMULATOR_APP_ID
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Job, Media
from support.auth import bearer, wechat_login

TOKEN = "push-token-for-tests"
AES_KEY = base64.b64encode(os.urandom(32)).decode("ascii").rstrip("=")


def signature(timestamp: str, nonce: str, token: str = TOKEN) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def push_settings(app, *, aes_key: str = "") -> None:
    """The app reads settings per request from app.state.settings."""
    settings = app.state.settings
    wechat = settings.wechat.model_copy(
        update={"push_token": SecretStr(TOKEN), "push_aes_key": SecretStr(aes_key)}
    )
    app.state.settings = settings.model_copy(update={"wechat": wechat})


@pytest.fixture
async def submitted(client, device, app, database, session):
    """A villager's photo, submitted to the emulator's media check: (media_id, trace_id)."""
    login = await wechat_login(client, device, "o-push-villager")
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(out, format="JPEG")
    response = await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("a.jpg", out.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    media_id = response.json()["id"]
    await run_due_jobs(
        JobContext(database, {"wechat": app.state.wechat, "settings": app.state.settings})
    )
    media = await session.get(Media, media_id)
    await session.refresh(media)
    assert media.check_trace_id
    return media_id, media.check_trace_id


async def status_of(session, media_id: str) -> str:
    media = await session.get(Media, media_id)
    await session.refresh(media)
    return media.check_status


def query(timestamp: str, nonce: str, **extra: str) -> dict[str, str]:
    return {
        "signature": signature(timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        **extra,
    }


def now_ts() -> str:
    return str(int(clock.now().timestamp()))


async def test_the_console_url_check_echoes_only_a_signed_echostr(client, app):
    push_settings(app)
    ts = now_ts()

    ok = await client.get("/wechat/push", params={**query(ts, "n1"), "echostr": "e-123"})
    bad = await client.get(
        "/wechat/push",
        params={"signature": "0" * 40, "timestamp": ts, "nonce": "n1", "echostr": "e-123"},
    )

    assert (ok.status_code, ok.text) == (200, "e-123")
    assert bad.status_code == 403


async def test_a_non_ascii_signature_is_refused_not_a_server_error(client, app):
    push_settings(app, aes_key=AES_KEY)
    ts = now_ts()
    for params in (
        {"signature": "签名", "timestamp": ts, "nonce": "n1", "echostr": "e"},
        {**query(ts, "n1"), "encrypt_type": "aes", "msg_signature": "签名"},
    ):
        answer = await client.request(
            "GET" if "echostr" in params else "POST",
            "/wechat/push",
            params=params,
            json=None if "echostr" in params else {"Encrypt": "AAAA"},
        )
        assert answer.status_code == 403, answer.text
        assert answer.json()["error"] == "PushSignatureInvalid"


async def test_a_plain_pass_verdict_is_recorded(client, app, emulator, session, submitted):
    media_id, trace_id = submitted
    push_settings(app)
    event = emulator.state.resolve_media_check(trace_id, "pass", 100)
    ts = now_ts()

    response = await client.post("/wechat/push", params=query(ts, "n2"), json=event)

    assert (response.status_code, response.text) == (200, "success")
    assert await status_of(session, media_id) == "pass"


@pytest.mark.parametrize("body_format", ["json", "xml"])
async def test_a_secure_mode_risky_verdict_puts_the_media_under_review(
    client, app, emulator, session, submitted, body_format
):
    media_id, trace_id = submitted
    push_settings(app, aes_key=AES_KEY)
    event = emulator.state.resolve_media_check(trace_id, "risky", 20002)
    ts, nonce = now_ts(), "n3"
    sealed = WeChatCrypto(TOKEN, AES_KEY, EMULATOR_APP_ID).encrypt_message(
        json.dumps(event), nonce, ts
    )
    envelope = xmltodict.parse(sealed)["xml"]
    params = query(ts, nonce, encrypt_type="aes", msg_signature=envelope["MsgSignature"])
    if body_format == "json":
        response = await client.post(
            "/wechat/push",
            params=params,
            json={"ToUserName": "gh_jinghutong_emu", "Encrypt": envelope["Encrypt"]},
        )
    else:
        response = await client.post("/wechat/push", params=params, content=sealed)

    assert (response.status_code, response.text) == (200, "success")
    media = await session.get(Media, media_id)
    await session.refresh(media)
    assert (media.check_status, media.check_label) == ("risky", 20002)
    job = await session.scalar(select(Job).where(Job.kind == "content.media_verdict"))
    assert job is not None


async def test_forged_tampered_stale_and_plain_when_secure_are_refused(
    client, app, emulator, session, submitted
):
    media_id, trace_id = submitted
    push_settings(app, aes_key=AES_KEY)
    event = emulator.state.resolve_media_check(trace_id, "pass", 100)
    ts, nonce = now_ts(), "n4"
    sealed = xmltodict.parse(
        WeChatCrypto(TOKEN, AES_KEY, EMULATOR_APP_ID).encrypt_message(json.dumps(event), nonce, ts)
    )["xml"]
    other_key = base64.b64encode(os.urandom(32)).decode("ascii").rstrip("=")
    wrong_app = xmltodict.parse(
        WeChatCrypto(TOKEN, other_key, "wx-someone-else").encrypt_message(
            json.dumps(event), nonce, ts
        )
    )["xml"]

    async def post(params, body):
        return (await client.post("/wechat/push", params=params, json=body)).status_code

    secure = query(ts, nonce, encrypt_type="aes", msg_signature=sealed["MsgSignature"])
    tampered = {"Encrypt": sealed["Encrypt"][:-8] + "AAAAAAA="}
    assert await post({**secure, "signature": "f" * 40}, {"Encrypt": sealed["Encrypt"]}) == 403
    assert await post(secure, tampered) == 403
    assert (
        await post(
            query(ts, nonce, encrypt_type="aes", msg_signature=wrong_app["MsgSignature"]),
            {"Encrypt": wrong_app["Encrypt"]},
        )
        == 403
    )
    assert await post(query(ts, nonce), event) == 403  # plain while secure mode is on
    clock.advance(timedelta(minutes=10))
    assert await post(secure, {"Encrypt": sealed["Encrypt"]}) == 403  # stale
    assert await status_of(session, media_id) == "pending"


async def test_the_first_verdict_stands_and_unknown_traces_are_acknowledged(
    client, app, emulator, session, submitted
):
    media_id, trace_id = submitted
    push_settings(app)
    risky = emulator.state.resolve_media_check(trace_id, "risky", 20001)
    ts = now_ts()
    assert (await client.post("/wechat/push", params=query(ts, "a"), json=risky)).text == "success"

    calm = {**risky, "result": {"suggest": "pass", "label": 100}}
    again = await client.post("/wechat/push", params=query(ts, "b"), json=calm)
    unknown = await client.post(
        "/wechat/push", params=query(ts, "c"), json={**risky, "trace_id": "not-ours"}
    )

    assert (again.status_code, unknown.status_code) == (200, 200)
    assert await status_of(session, media_id) == "risky"
