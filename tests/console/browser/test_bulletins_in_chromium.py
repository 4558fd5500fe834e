"""警讯 in Chromium against a live `jinghutong serve` on the demo station: the area officer of
大墅村 (mj01) composes a bulletin for 大墅村, previews its audience (the page's count is the
API's preview of the same draft), publishes it and watches it go out (the serve's own worker
releases and delivers it; a villager reads it on the phone); a second one for the whole station
waits for the chief (`chief`), who approves it; both are in the list with their stats."""

from __future__ import annotations

import asyncio
from typing import Any

PASSWORD = "jht-demo-2026"
TITLE = "警惕冒充客服退款诈骗"
BODY = (
    "近期我县发生多起冒充网店客服、以“退款”“理赔”为名的诈骗。对方能说出您的订单信息，"
    "诱导您下载会议软件、共享屏幕或转账。请记住：正规客服不会让您转账，陌生链接不要点，"
    "验证码不要给任何人。拿不准时拨打 96110 或联系村警。"
)
WIDE = "冬季用火用电安全提示"
SUBSCRIBERS = [f"demo-villager-{n:05d}" for n in range(1, 6)]  # all of 大墅村


async def on_the_phone(api: Any, openid: str) -> dict[str, str]:
    """wx.login() on the villager's phone (the WeChat emulator), then our login."""
    code = await api.post("/wechat-emulator/device/login", json={"openid": openid})
    login = await api.post("/api/v1/auth/wechat", json={"code": code.json()["code"]})
    return {"Authorization": f"Bearer {login.json()['token']}"}


async def subscribe(api: Any, openid: str) -> None:
    """The villager allows one bulletin message (wx.requestSubscribeMessage), as the
    mini-program then tells the server (POST /subscriptions)."""
    headers = await on_the_phone(api, openid)
    body = {"openid": openid, "template_ids": ["tmpl_bulletin"], "mode": "once"}
    answer = (await api.post("/wechat-emulator/device/subscribe", json=body)).json()
    results = {"tmpl_bulletin": answer["tmpl_bulletin"]}
    recorded = await api.post("/api/v1/subscriptions", json={"results": results}, headers=headers)
    assert recorded.status_code == 200, recorded.text


async def logged_in(open_page: Any, username: str, start: str) -> Any:
    page = await open_page()
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.accept()))  # data-confirm
    await page.goto(f"/console/login?next={start}")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url(f"**{start}")
    return page


async def bearer_of(page: Any) -> dict[str, str]:
    """The console's session is an API token: the same person asking the API."""
    [cookie] = [c for c in await page.context.cookies() if c["name"] == "jht_console"]
    return {"Authorization": f"Bearer {cookie['value']}"}


async def compose(page: Any, title: str, body: str, area: str) -> str:
    await page.goto("/console/bulletins/new")
    await page.select_option("select[name=category]", "反诈宣传")
    await page.fill("input[name=title]", title)
    await page.fill("textarea[name=body]", body)
    await page.locator("fieldset.audience label.check", has_text=area).locator("input").check()
    return str(page.url)


async def preview_shown(page: Any) -> dict[str, int]:
    return {
        name: int(await page.inner_text(f"[data-preview={name}]"))
        for name in ("households", "persons", "wechat")
    }


async def test_an_officer_previews_publishes_and_sees_the_stats(open_page, api, shoot):
    for openid in SUBSCRIBERS:
        await subscribe(api, openid)
    page = await logged_in(open_page, "mj01", "/console/bulletins")
    assert await page.locator("nav.menu a.on").inner_text() == "警讯"
    await page.click("a:has-text('写警讯')")
    await page.wait_for_url("**/console/bulletins/new")
    await compose(page, TITLE, BODY, "大墅村")
    await shoot(page, "21-bulletin-compose")

    await page.click("#compose-form button[type=submit]")
    await page.wait_for_url("**done=created")
    bulletin_id = page.url.split("/bulletins/")[1].split("?")[0]
    shown = await preview_shown(page)
    # The count on the page is the API's preview of this very draft.
    answer = await api.post(
        f"/api/v1/bulletins/{bulletin_id}/audience-preview", headers=await bearer_of(page)
    )
    preview = answer.json()
    assert shown == {
        "households": preview["households"],
        "persons": preview["persons"],
        "wechat": preview["wechat_reachable"],
    }
    assert preview["persons"] > 0 and preview["needs_approval"] is False
    assert preview["wechat_reachable"] == len(SUBSCRIBERS)
    assert "需所长审批" not in await page.inner_text("aside")
    await shoot(page, "22-bulletin-preview")

    await page.click("aside button:has-text('发布')")
    await page.wait_for_url("**done=published")
    # The serve's worker releases it: the statistics fill in by themselves (htmx poll).
    await page.locator(f"[data-stat=targeted]:text-is('{preview['persons']}')").wait_for(
        timeout=60_000
    )
    # A villager of 大墅村 opens it on the phone.
    code = await api.post("/wechat-emulator/device/login", json={"openid": "demo-villager-00001"})
    login = await api.post("/api/v1/auth/wechat", json={"code": code.json()["code"]})
    phone = {"Authorization": f"Bearer {login.json()['token']}"}
    read = await api.post(f"/api/v1/bulletins/{bulletin_id}/read", headers=phone)
    assert read.status_code == 200, read.text
    await page.reload()  # once sent, the statistics stop polling; reads come in on a reload
    assert await page.inner_text("[data-stat=read]") == "1"
    assert "大墅村" in await page.inner_text("table.by-village")
    stats = (await api.get(f"/api/v1/bulletins/{bulletin_id}/stats", headers=phone)).status_code
    assert stats == 404  # a villager gets no statistics
    officer_stats = await api.get(
        f"/api/v1/bulletins/{bulletin_id}/stats", headers=await bearer_of(page)
    )
    assert officer_stats.json()["targeted"] == preview["persons"]
    assert officer_stats.json()["read"] == 1
    await shoot(page, "23-bulletin-stats")
    assert page.script_errors == []

    # Beyond his villages (the whole station) it waits for the chief.
    await compose(
        page, WIDE, "天冷用火用电多，出门前关好电热毯、取暖器，不在室内烧炭取暖。", "大市派出所"
    )
    await page.click("#compose-form button[type=submit]")
    await page.wait_for_url("**done=created")
    wide_id = page.url.split("/bulletins/")[1].split("?")[0]
    assert "发布后需所长审批" in await page.inner_text("aside")
    await page.click("aside button:has-text('提交所长审批')")
    await page.wait_for_url("**done=pending")
    assert "待所长审批" in await page.inner_text("h1")

    chief = await logged_in(open_page, "chief", f"/console/bulletins/{wide_id}")
    await shoot(chief, "24-bulletin-approval")
    await chief.click("aside button:has-text('批准发布')")
    await chief.wait_for_url("**done=approved")
    assert "审批人" in await chief.inner_text(".facts")

    chief_bearer = await bearer_of(chief)
    for _ in range(60):  # the worker releases the station-wide one (every household)
        wide_stats = await api.get(f"/api/v1/bulletins/{wide_id}/stats", headers=chief_bearer)
        if wide_stats.json()["targeted"] > 0:
            break
        await asyncio.sleep(0.5)
    assert wide_stats.json()["targeted"] > preview["persons"]

    await page.goto("/console/bulletins")
    first = page.locator("table.bulletins tbody tr", has_text=TITLE)
    wide = page.locator("table.bulletins tbody tr", has_text=WIDE)
    assert str(preview["persons"]) in await first.inner_text()
    assert "%" in await first.inner_text()  # the rates beside the counts
    assert str(wide_stats.json()["targeted"]) in await wide.inner_text()
    await shoot(page, "20-bulletins-list")
    assert page.script_errors == [] and chief.script_errors == []


async def test_a_session_ended_mid_compose_keeps_what_was_typed(open_page, api, shoot):
    page = await logged_in(open_page, "mj01", "/console/bulletins/new")
    title, body = (
        "独居老人冬季防寒防骗提醒",
        "天冷了，请家中老人注意保暖；有人上门推销保健品，请先问问子女或村警。",
    )
    await compose(page, title, body, "大墅村")
    await page.check("input[name=mode][value=tagged]")
    await page.check("input[name=tags][value=独居老人]")
    # The session ends while the officer is typing (here: revoked, as a logout elsewhere).
    assert (await api.post("/api/v1/auth/logout", headers=await bearer_of(page))).status_code == 204

    await page.click("#compose-form button[type=submit]")
    await page.locator("form.login-card").wait_for()
    assert "已保留" in await page.inner_text("form.login-card")
    await page.fill("input[name=username]", "mj01")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url("**/console/bulletins/new")

    assert await page.input_value("input[name=title]") == title
    assert await page.input_value("textarea[name=body]") == body
    village = page.locator("fieldset.audience label.check", has_text="大墅村").locator("input")
    assert await village.is_checked()
    assert await page.is_checked("input[name=mode][value=tagged]")
    assert await page.is_checked("input[name=tags][value=独居老人]")
    assert not await page.is_checked("input[name=tags][value=留守儿童]")
    assert await page.locator("#draft-notice").is_visible()
    await page.click("#compose-form button[type=submit]")
    await page.wait_for_url("**done=created")
    assert "带“独居老人”标签的户" in await page.inner_text(".facts")
    assert page.script_errors == []
