"""The emulator, driven by wechatpy itself over real HTTP, answers as api.weixin.qq.com does."""

from __future__ import annotations

import io
import time

import httpx
import pytest
import zxingcpp
from PIL import Image
from wechatpy.exceptions import APILimitedException, WeChatClientException

from jinghutong.integrations.wechat.client import WechatpyClient
from support.emulator_server import RunningEmulator

CASE = "tmpl_case_progress"


def login(phone: httpx.Client, openid: str | None = None, unionid: str | None = None) -> str:
    """The user opens the mini-program (wx.login + code2Session): the openid becomes known."""
    return str(
        phone.post("/device/login", json={"openid": openid, "unionid": unionid}).json()["code"]
    )


def logged_in_user(phone: httpx.Client, client: WechatpyClient, openid: str = "oUser1") -> str:
    client.wxa.code_to_session(login(phone, openid))
    return openid


def case_data(**overrides: str) -> dict[str, dict[str, str]]:
    values = {
        "thing1": "您反映的噪音问题已受理",
        "time2": "2026-11-28 15:01",
        "phrase3": "处理中",
        "thing4": "大市派出所",
        "character_string5": "JQ20261128001",
        **overrides,
    }
    return {k: {"value": v} for k, v in values.items()}


def errcode_of(call: object) -> int | None:
    with pytest.raises(WeChatClientException) as info:
        call()  # type: ignore[operator]
    return info.value.errcode


# -- code2Session ---------------------------------------------------------------------------------
def test_code2session_returns_openid_unionid_and_session_key(phone, wechatpy_client):
    code = login(phone, "oAlice", unionid="uAlice")
    answer = wechatpy_client.wxa.code_to_session(code)
    assert answer["openid"] == "oAlice"
    assert answer["unionid"] == "uAlice"
    assert len(answer["session_key"]) == 24


def test_a_login_code_works_only_once(phone, wechatpy_client):
    code = login(phone, "oAlice")
    wechatpy_client.wxa.code_to_session(code)
    assert errcode_of(lambda: wechatpy_client.wxa.code_to_session(code)) == 40029


def test_a_login_code_expires_after_five_minutes(phone, wechatpy_client, emulator):
    code = login(phone, "oAlice")
    emulator.state.advance(301)
    assert errcode_of(lambda: wechatpy_client.wxa.code_to_session(code)) == 40029


def test_code2session_checks_appid_and_secret(phone, emulator):
    wrong_secret = WechatpyClient(emulator.app_id, "not-the-secret", base_url=emulator.url)
    wrong_appid = WechatpyClient("wx-someone-else", emulator.app_secret, base_url=emulator.url)
    assert errcode_of(lambda: wrong_secret.wxa.code_to_session(login(phone))) == 40125
    assert errcode_of(lambda: wrong_appid.wxa.code_to_session(login(phone))) == 40013


# -- access tokens --------------------------------------------------------------------------------
def stable_token(emulator: RunningEmulator, force_refresh: bool = False) -> dict:
    body = {
        "grant_type": "client_credential",
        "appid": emulator.app_id,
        "secret": emulator.app_secret,
        "force_refresh": force_refresh,
    }
    return httpx.post(f"{emulator.url}/cgi-bin/stable_token", json=body).json()


def test_stable_token_is_the_same_until_force_refreshed(emulator, wechatpy_client, phone):
    first = wechatpy_client.fetch_access_token()["access_token"]
    assert stable_token(emulator)["access_token"] == first
    forced = stable_token(emulator, force_refresh=True)["access_token"]
    assert forced != first
    openid = logged_in_user(phone, wechatpy_client)
    stale = WechatpyClient(
        emulator.app_id, emulator.app_secret, base_url=emulator.url, auto_retry=False
    )
    send = stale.wxa.send_subscribe_message
    assert errcode_of(lambda: stale.call(first, send, openid, CASE, case_data())) == 40001
    assert emulator.state.calls["/cgi-bin/token"] == 0


def test_force_refresh_is_limited_to_twenty_a_day(emulator):
    for _ in range(20):
        assert "access_token" in stable_token(emulator, force_refresh=True)
    assert stable_token(emulator, force_refresh=True)["errcode"] == 45009


def test_an_expired_token_answers_42001_and_wechatpy_recovers_through_stable_token(
    emulator, wechatpy_client, phone
):
    openid = logged_in_user(phone, wechatpy_client)
    phone.post("/device/subscribe", json={"openid": openid, "template_ids": [CASE], "mode": "long"})
    token = wechatpy_client.fetch_access_token()["access_token"]
    emulator.state.advance(7201)
    stale = WechatpyClient(
        emulator.app_id, emulator.app_secret, base_url=emulator.url, auto_retry=False
    )
    assert (
        errcode_of(
            lambda: stale.call(token, stale.wxa.send_subscribe_message, openid, CASE, case_data())
        )
        == 42001
    )
    # wechatpy's own retry on 42001 fetches again: through stable_token, never /cgi-bin/token.
    wechatpy_client.expires_at = None  # wechatpy trusts a token without an expiry: force its use
    wechatpy_client.wxa.send_subscribe_message(openid, CASE, case_data())
    assert emulator.state.calls["/cgi-bin/token"] == 0
    assert emulator.state.calls["/cgi-bin/stable_token"] == 2


def test_classic_token_fetch_kills_the_previous_token_after_the_overlap(emulator):
    params = {
        "grant_type": "client_credential",
        "appid": emulator.app_id,
        "secret": emulator.app_secret,
    }
    first = httpx.get(f"{emulator.url}/cgi-bin/token", params=params).json()["access_token"]
    httpx.get(f"{emulator.url}/cgi-bin/token", params=params)
    assert emulator.state.token_error(first) is None  # still inside the 5-minute overlap
    emulator.state.advance(301)
    assert emulator.state.token_error(first) == (
        40001,
        "invalid credential, access_token is invalid or not latest",
    )


def test_missing_and_unknown_tokens_are_rejected(emulator):
    url = f"{emulator.url}/wxa/msg_sec_check"
    assert httpx.post(url, json={"content": "x"}).json()["errcode"] == 41001
    assert httpx.post(url, params={"access_token": "nope"}, json={}).json()["errcode"] == 40001


# -- subscribe messages ---------------------------------------------------------------------------
def test_one_time_subscription_allows_exactly_one_message(phone, wechatpy_client):
    openid = logged_in_user(phone, wechatpy_client)
    answer = phone.post(
        "/device/subscribe", json={"openid": openid, "template_ids": [CASE], "mode": "once"}
    ).json()
    assert answer[CASE] == "accept"
    sent = wechatpy_client.wxa.send_subscribe_message(openid, CASE, case_data(), "pages/case/index")
    assert sent["errcode"] == 0
    assert (
        errcode_of(lambda: wechatpy_client.wxa.send_subscribe_message(openid, CASE, case_data()))
        == 43101
    )
    inbox = phone.get(f"/device/inbox/{openid}").json()["messages"]
    assert len(inbox) == 1
    assert inbox[0]["msgid"] == sent["msgid"]
    assert inbox[0]["template_id"] == CASE
    assert inbox[0]["page"] == "pages/case/index"
    assert inbox[0]["data"]["phrase3"] == "处理中"


def test_long_term_subscription_is_not_consumed(phone, wechatpy_client):
    openid = logged_in_user(phone, wechatpy_client)
    phone.post("/device/subscribe", json={"openid": openid, "template_ids": [CASE], "mode": "long"})
    for _ in range(3):
        wechatpy_client.wxa.send_subscribe_message(openid, CASE, case_data())
    assert len(phone.get(f"/device/inbox/{openid}").json()["messages"]) == 3


def test_field_rules_answer_47003_naming_the_field(phone, wechatpy_client):
    openid = logged_in_user(phone, wechatpy_client)
    phone.post("/device/subscribe", json={"openid": openid, "template_ids": [CASE], "mode": "once"})
    too_long = case_data(thing1="这是一段超过二十个字的事项说明文字会被微信拒绝掉的")
    with pytest.raises(WeChatClientException) as info:
        wechatpy_client.wxa.send_subscribe_message(openid, CASE, too_long)
    assert info.value.errcode == 47003
    assert info.value.errmsg == "argument invalid! data.thing1.value exceeds limit"
    for bad in (
        case_data(phrase3="processing"),
        case_data(time2="yesterday"),
        case_data(character_string5="编号12"),
    ):
        assert (
            errcode_of(
                lambda bad=bad: wechatpy_client.wxa.send_subscribe_message(openid, CASE, bad)
            )
            == 47003
        )
    # The rejected sends did not use the quota.
    wechatpy_client.wxa.send_subscribe_message(openid, CASE, case_data())


def test_unknown_openid_and_template_are_rejected(phone, wechatpy_client, emulator):
    openid = logged_in_user(phone, wechatpy_client)
    send = wechatpy_client.wxa.send_subscribe_message
    assert errcode_of(lambda: send("oNeverLoggedIn", CASE, case_data())) == 40003
    assert errcode_of(lambda: send(openid, "tmpl_unknown", case_data())) == 40037
    emulator.state.register_template("tmpl_short", {"thing1": "thing"})
    phone.post(
        "/device/subscribe", json={"openid": openid, "template_ids": ["tmpl_short"], "mode": "once"}
    )
    send(openid, "tmpl_short", {"thing1": {"value": "新模板"}})


# -- unlimited mini-program codes -----------------------------------------------------------------
def decode_png(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return str(results[0].text)


@pytest.mark.parametrize("scene", ["h=01JDX7K2M9", "a:b;c=d&e~f!#$'()*+,/?@._-", "9" * 32])
def test_unlimited_code_is_a_png_that_decodes_to_the_scene(wechatpy_client, scene):
    res = wechatpy_client.wxa.get_wxa_code_unlimited(scene, page="pages/bind/index")
    assert res.headers["Content-Type"] == "image/png"
    assert res.content.startswith(b"\x89PNG")
    assert decode_png(res.content) == scene


@pytest.mark.parametrize("scene", ["", "x" * 33, "户码123", "a b", "a%b"])
def test_bad_scene_answers_40169(wechatpy_client, scene):
    assert errcode_of(lambda: wechatpy_client.wxa.get_wxa_code_unlimited(scene)) == 40169


def test_unpublished_page_answers_41030(wechatpy_client, emulator):
    emulator.state.published_pages = {"pages/bind/index"}
    wechatpy_client.wxa.get_wxa_code_unlimited("s=1", page="pages/bind/index")
    assert (
        errcode_of(
            lambda: wechatpy_client.wxa.get_wxa_code_unlimited("s=1", page="pages/nope/index")
        )
        == 41030
    )


def test_check_path_false_makes_codes_for_unpublished_pages_in_any_version(emulator):
    emulator.state.published_pages = {"pages/bind/index"}
    client = WechatpyClient(emulator.app_id, emulator.app_secret, base_url=emulator.url)
    body = {"scene": "s=1", "page": "pages/join/join", "check_path": False}

    release = client.wxa._post("wxa/getwxacodeunlimit", data=body, result_processor=lambda r: r)
    as_text = {**body, "check_path": "false"}

    assert decode_png(release.content) == "s=1"
    assert errcode_of(lambda: client.wxa._post("wxa/getwxacodeunlimit", data=as_text)) == 47001


# -- content checks and phone numbers -------------------------------------------------------------
def text_check(client: WechatpyClient, openid: str, content: str) -> dict:
    data = {"version": 2, "openid": openid, "scene": 2, "content": content}
    return client.wxa._post("wxa/msg_sec_check", data=data)


def test_msg_sec_check_v2_passes_normal_text_and_flags_risky_words(phone, wechatpy_client):
    openid = logged_in_user(phone, wechatpy_client)
    normal = text_check(wechatpy_client, openid, "村口路灯坏了，晚上很黑")
    assert normal["errcode"] == 0
    assert normal["result"] == {"suggest": "pass", "label": 100}
    risky = text_check(wechatpy_client, openid, "专业代开发票，联系我")
    assert risky["errcode"] == 0
    assert risky["result"] == {"suggest": "risky", "label": 20008}
    assert risky["detail"][-1]["keyword"] == "代开发票"


def test_msg_sec_check_needs_a_recent_user_and_bounded_content(phone, wechatpy_client, emulator):
    assert errcode_of(lambda: text_check(wechatpy_client, "oStranger", "你好")) == 40003
    openid = logged_in_user(phone, wechatpy_client)
    assert errcode_of(lambda: text_check(wechatpy_client, openid, "好" * 2501)) == 45002
    emulator.state.advance(2 * 3600 + 1)
    assert errcode_of(lambda: text_check(wechatpy_client, openid, "你好")) == 61010


def test_media_check_async_records_a_pending_check(phone, wechatpy_client, emulator):
    openid = logged_in_user(phone, wechatpy_client)
    data = {
        "version": 2,
        "openid": openid,
        "scene": 2,
        "media_type": 2,
        "media_url": "https://example.invalid/m/1.jpg",
    }
    trace_id = wechatpy_client.wxa._post("wxa/media_check_async", data=data)["trace_id"]
    assert [c.trace_id for c in emulator.state.pending_media_checks()] == [trace_id]
    event = emulator.state.resolve_media_check(trace_id, "risky", 20002)
    assert event["Event"] == "wxa_media_check"
    assert event["result"] == {"suggest": "risky", "label": 20002}
    assert emulator.state.pending_media_checks() == []


def test_phone_number_code_is_single_use(phone, wechatpy_client):
    openid = logged_in_user(phone, wechatpy_client)
    code = phone.post("/device/phone-code", json={"openid": openid, "phone": "13800138000"})
    code = code.json()["code"]
    info = wechatpy_client.wxa.get_phone_number(code)["phone_info"]
    assert info["phoneNumber"] == info["purePhoneNumber"] == "13800138000"
    assert info["countryCode"] == "86"
    assert info["watermark"]["appid"] == wechatpy_client.appid
    assert errcode_of(lambda: wechatpy_client.wxa.get_phone_number(code)) == 40029


# -- faults ---------------------------------------------------------------------------------------
def test_injected_errors_latency_and_rate_limits(phone, wechatpy_client, emulator):
    wechatpy_client.fetch_access_token()
    scene = "s=1"
    phone.post("/faults", json={"error_rate": 1, "paths": ["/wxa/"]})
    assert errcode_of(lambda: wechatpy_client.wxa.get_wxa_code_unlimited(scene)) == -1
    phone.post("/faults", json={"error_rate": 1, "http_status": 502})
    with pytest.raises(WeChatClientException) as info:
        wechatpy_client.wxa.get_wxa_code_unlimited(scene)
    assert info.value.errcode is None
    assert info.value.response.status_code == 502
    assert phone.get("/faults").json()["http_status"] == 502

    phone.post("/faults", json={"latency_ms": 200})
    started = time.monotonic()
    wechatpy_client.wxa.get_wxa_code_unlimited(scene)
    assert time.monotonic() - started >= 0.2

    phone.post("/faults", json={"rate_limit_per_second": 2})
    with pytest.raises(APILimitedException):
        for _ in range(10):
            wechatpy_client.wxa.get_wxa_code_unlimited(scene)
    phone.delete("/faults")
    wechatpy_client.wxa.get_wxa_code_unlimited(scene)
