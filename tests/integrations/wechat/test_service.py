"""WechatService against the emulator: typed results, typed errors, one shared stable token."""

from __future__ import annotations

import asyncio
import io
import socket
from datetime import timedelta

import httpx
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import inspect

from jinghutong.core.config import Settings
from jinghutong.integrations.wechat import (
    WechatBadRequest,
    WechatBusy,
    WechatCodeInvalid,
    WechatRefused,
    WechatService,
)
from jinghutong.integrations.wechat.errors import WechatError, error_from
from jinghutong.integrations.wechat.tokens import DatabaseTokenStore, MemoryTokenStore

CASE = "tmpl_case_progress"
CASE_DATA = {
    "thing1": "您反映的噪音问题已受理",
    "time2": "2026-11-28 15:01",
    "phrase3": "处理中",
    "thing4": "大市派出所",
    "character_string5": "JQ20261128001",
}


def login(phone: httpx.Client, openid: str = "oVillager") -> str:
    return str(phone.post("/device/login", json={"openid": openid}).json()["code"])


async def logged_in(phone: httpx.Client, wechat: WechatService, openid: str = "oVillager") -> str:
    return (await wechat.code_to_session(login(phone, openid))).openid


def subscribe(phone: httpx.Client, openid: str, mode: str = "once") -> None:
    phone.post("/device/subscribe", json={"openid": openid, "template_ids": [CASE], "mode": mode})


async def test_code_to_session_gives_the_openid_once(phone, wechat):
    code = login(phone, "oVillager")
    session = await wechat.code_to_session(code)
    assert (session.openid, session.unionid) == ("oVillager", None)
    assert session.session_key
    with pytest.raises(WechatCodeInvalid) as info:
        await wechat.code_to_session(code)
    assert info.value.errcode == 40029
    assert info.value.status == 401


async def test_unlimited_code_decodes_to_the_scene(wechat):
    png = await wechat.get_unlimited_code("h=01JDX7K2M9", "pages/bind/index", width=280)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in decoded] == ["h=01JDX7K2M9"]
    with pytest.raises(WechatBadRequest) as info:
        await wechat.get_unlimited_code("户码", None)
    assert info.value.errcode == 40169


async def test_check_text_passes_normal_text_and_flags_fraud(phone, wechat):
    openid = await logged_in(phone, wechat)
    assert (await wechat.check_text(openid, "我家门口的路灯坏了", 2)).passed
    verdict = await wechat.check_text(openid, "高价办证，速来", 2)
    assert (verdict.suggest, verdict.label) == ("risky", 20008)


async def test_check_media_async_returns_a_trace_id(phone, wechat, emulator):
    openid = await logged_in(phone, wechat)
    trace_id = await wechat.check_media_async(openid, "https://example.invalid/a.mp3", 1)
    assert emulator.state.media_checks[trace_id].media_type == 1


async def test_phone_number(phone, wechat):
    openid = await logged_in(phone, wechat)
    code = phone.post("/device/phone-code", json={"openid": openid, "phone": "13912345678"})
    assert await wechat.get_phone_number(code.json()["code"]) == "13912345678"


async def test_subscribe_message_uses_the_quota_then_is_refused(phone, wechat):
    openid = await logged_in(phone, wechat)
    subscribe(phone, openid)
    await wechat.send_subscribe_message(openid, CASE, CASE_DATA, "pages/case/index")
    with pytest.raises(WechatRefused) as info:
        await wechat.send_subscribe_message(openid, CASE, CASE_DATA)
    assert info.value.errcode == 43101
    inbox = phone.get(f"/device/inbox/{openid}").json()["messages"]
    assert [m["data"]["thing1"] for m in inbox] == [CASE_DATA["thing1"]]


async def test_a_field_breaking_its_rule_is_a_bad_request(phone, wechat):
    openid = await logged_in(phone, wechat)
    subscribe(phone, openid)
    with pytest.raises(WechatBadRequest) as info:
        await wechat.send_subscribe_message(openid, CASE, {**CASE_DATA, "thing4": "长" * 21})
    assert info.value.errcode == 47003
    assert "data.thing4.value" in info.value.errmsg


# -- WeChat trouble becomes WechatBusy ------------------------------------------------------------
async def test_system_errors_gateway_errors_and_rate_limits_are_busy(phone, wechat):
    await wechat.get_unlimited_code("s=1", None)  # the token is fetched before the faults
    phone.post("/faults", json={"error_rate": 1, "error_code": -1})
    with pytest.raises(WechatBusy) as info:
        await wechat.get_unlimited_code("s=1", None)
    assert (info.value.errcode, info.value.status) == (-1, 503)
    assert info.value.retry_after >= 1
    phone.post("/faults", json={"error_rate": 1, "http_status": 503})
    with pytest.raises(WechatBusy):
        await wechat.get_unlimited_code("s=1", None)
    phone.post("/faults", json={"rate_limit_per_second": 1})
    with pytest.raises(WechatBusy) as info:
        for _ in range(5):
            await wechat.get_unlimited_code("s=1", None)
    assert info.value.errcode == 45009


async def test_latency_is_applied(phone, wechat):
    phone.post("/faults", json={"latency_ms": 150, "paths": ["/wxa/getwxacodeunlimit"]})
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(wechat.get_unlimited_code(f"s={i}", None) for i in range(5)))
    # Concurrent calls overlap: latency is an await, not a blocking sleep.
    assert 0.15 <= loop.time() - started < 0.7


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


async def test_an_unreachable_wechat_is_busy():
    settings = Settings(env="test", wechat={"api_base": closed_port_url()})
    wechat = WechatService(settings, token_store=MemoryTokenStore())
    try:
        with pytest.raises(WechatBusy):
            await wechat.code_to_session("any")
        with pytest.raises(WechatBusy):
            await wechat.get_unlimited_code("s=1", None)
    finally:
        await wechat.aclose()


def test_error_from_maps_codes_to_types():
    assert isinstance(error_from(45011), WechatBusy)
    assert isinstance(error_from(40163), WechatCodeInvalid)
    assert isinstance(error_from(41030), WechatBadRequest)
    assert type(error_from(99999, "?")) is WechatError


# -- the shared stable token ----------------------------------------------------------------------
async def test_processes_sharing_a_store_fetch_the_token_once(emulated_settings, emulator):
    """Two services stand for two processes."""
    store = MemoryTokenStore()
    first = WechatService(emulated_settings, token_store=store)
    second = WechatService(emulated_settings, token_store=store)
    try:
        # One process: concurrent callers wait for a single fetch.
        tokens = await asyncio.gather(*(first.tokens.get() for _ in range(20)))
        assert len(set(tokens)) == 1
        assert emulator.state.calls["/cgi-bin/stable_token"] == 1
        # Another process finds it in the store.
        assert await second.tokens.get() == tokens[0]
        assert emulator.state.calls["/cgi-bin/stable_token"] == 1
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_token_expired_at_wechat_is_replaced_and_the_call_retried(phone, wechat, emulator):
    openid = await logged_in(phone, wechat)
    subscribe(phone, openid, "long")
    await wechat.send_subscribe_message(openid, CASE, CASE_DATA)
    emulator.state.advance(7201)  # WeChat's clock only: our cache still believes the token
    await wechat.send_subscribe_message(openid, CASE, CASE_DATA)
    assert emulator.state.calls["/cgi-bin/stable_token"] == 2
    assert sum(emulator.state.force_refreshes.values()) == 0


async def test_a_token_replaced_elsewhere_is_refreshed_without_spending_force_quota(
    phone, wechat, emulator
):
    openid = await logged_in(phone, wechat)
    subscribe(phone, openid, "long")
    await wechat.send_subscribe_message(openid, CASE, CASE_DATA)
    emulator.state.issue_stable_token(force_refresh=True)  # someone outside our store forced one
    await wechat.send_subscribe_message(openid, CASE, CASE_DATA)
    assert sum(emulator.state.force_refreshes.values()) == 1  # only the outsider's


async def test_the_token_is_refreshed_before_it_expires(wechat, emulator):
    from jinghutong.core import clock

    first = await wechat.tokens.get()
    clock.advance(timedelta(hours=2) - timedelta(minutes=4))  # inside the last 5 minutes
    second = await wechat.tokens.get()
    assert second != first
    assert emulator.state.token_error(first) is None  # the old one lives out its last minutes


async def test_database_store_shares_the_token_between_services(
    emulated_settings, emulator, database
):
    async with database.session() as s:
        conn = await s.connection()
        has_table = await conn.run_sync(lambda c: inspect(c).has_table("wechat_access_tokens"))
    if not has_table:
        pytest.skip("TODO(lead): needs the Alembic migration creating wechat_access_tokens")
    first = WechatService(emulated_settings, token_store=DatabaseTokenStore(database))
    second = WechatService(emulated_settings, token_store=DatabaseTokenStore(database))
    try:
        token = await first.tokens.get()
        assert await second.tokens.get() == token
        assert emulator.state.calls["/cgi-bin/stable_token"] == 1
        stored = await DatabaseTokenStore(database).load(first.tokens.app_id)
        assert stored is not None and stored.token == token
    finally:
        await first.aclose()
        await second.aclose()


def test_sqlite_keeps_the_token_in_process_postgres_shares_it(settings, tmp_path):
    """On SQLite a job holding the write lock must not wait on a second session to save the
    token (it deadlocked for 30 s); on PostgreSQL every process shares it through the table."""
    from jinghutong.core.db import Database
    from jinghutong.integrations.wechat.service import token_store_for

    sqlite = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    postgres = Database("postgresql+psycopg://nobody@127.0.0.1:9/none")
    assert isinstance(token_store_for(settings, sqlite), MemoryTokenStore)
    assert isinstance(token_store_for(settings, postgres), DatabaseTokenStore)
