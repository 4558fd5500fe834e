"""The console as the duty room and a 村警 use it, in Chromium, against a live `jinghutong serve`
with the demo station (zb01 is on duty; cj01 is a 村警)."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "jht-demo-2026"


async def log_in(page: Any, username: str) -> None:
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")


async def logged_in(open_page: Any, username: str, start: str = "/console/login") -> Any:
    page = await open_page()
    await page.goto(start)
    await log_in(page, username)
    return page


async def session_token(page: Any) -> str:
    [cookie] = [c for c in await page.context.cookies() if c["name"] == "jht_console"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console"
    return str(cookie["value"])


async def dispatch_elsewhere(api: Any, summary: str, kind: str, lat: float, lng: float) -> None:
    """What the other duty officer (zb02) dispatches meanwhile, through the API."""
    answer = await api.post(
        "/api/v1/auth/password", json={"username": "zb02", "password": PASSWORD}
    )
    body = {"summary": summary, "kind": kind, "location": {"lat": lat, "lng": lng}}
    headers = {"Authorization": f"Bearer {answer.json()['token']}"}
    created = await api.post("/api/v1/dispatches", json=body, headers=headers)
    assert created.status_code == 201, created.text


async def click_beside_village(page: Any, village: str) -> None:
    """A click on the map a little beside the village's circle: the place is where one clicks."""
    circle = page.locator("svg.map circle.village", has=page.locator(f"title:text-is('{village}')"))
    box = await circle.bounding_box()
    await page.mouse.click(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2 + 2)


async def test_the_duty_room_dispatches_from_the_map_and_sees_it_on_the_desk(open_page, api, shoot):
    await dispatch_elsewhere(api, "安阳村村口两车剐蹭，双方争执", "dispute", 29.66, 118.82)
    await dispatch_elsewhere(api, "枫树岭村独居老人家中漏水，请人帮忙", "help", 29.545, 118.80)
    page = await open_page()
    await page.goto("/console/")
    assert page.url.endswith("/console/login")
    await shoot(page, "01-login")
    await log_in(page, "zb01")
    await page.wait_for_url("**/console/desk")
    assert await page.locator("nav.menu a.on").inner_text() == "值班台"

    await click_beside_village(page, "大墅村")
    assert await page.input_value("input[name=lat]") and await page.input_value("input[name=lng]")
    assert "北纬" in await page.inner_text("[data-place]")
    await page.select_option("select[name=kind]", "dispute")
    summary = "大墅村家庭纠纷，夫妻争吵，邻居报警"
    await page.fill("textarea[name=summary]", summary)
    await page.fill("input[name=address]", "大墅村下坞 12 号")
    await page.click("#dispatch-form button[type=submit]")

    result = page.locator(".dispatched")
    await result.wait_for()
    chosen = re.search(r"联户长 (\S+)", await result.inner_text()).group(1)
    row = page.locator("#feed tr", has_text=summary)
    await row.wait_for()  # the live list refreshed itself: no reload
    assert await row.locator(".badge-new").count() == 1 and chosen in await row.inner_text()
    assert await page.input_value("textarea[name=summary]") == ""  # ready for the next call
    await shoot(page, "02-desk-dispatched")

    # The API says the same: the case went to that 联户长, near the place clicked.
    number = await result.locator("a").inner_text()
    bearer = {"Authorization": f"Bearer {await session_token(page)}"}
    found = await api.get("/api/v1/cases", params={"scope": "area"}, headers=bearer)
    [case] = [c for c in found.json()["items"] if c["number"] == number]
    assert case["assignee"]["name"] == chosen and case["text"] == summary
    assert abs(case["location"]["lat"] - 29.6) < 0.2

    await result.locator("a").click()
    await page.wait_for_url(f"**/console/cases/{case['id']}")
    assert summary in await page.inner_text(".case-text")
    assert "值班室派警" in await page.inner_text("ol.timeline")
    await shoot(page, "04-case")
    assert page.script_errors == []


async def test_a_case_from_elsewhere_appears_on_the_open_desk_without_a_reload(open_page, api):
    page = await logged_in(open_page, "zb01")
    await page.wait_for_url("**/console/desk")

    summary = "铜山口村村民求助：家中老人摔倒，需要帮忙送医"
    await dispatch_elsewhere(api, summary, "help", 29.55, 118.85)

    row = page.locator("#feed tr", has_text=summary)
    await row.wait_for()  # the 5-second poll brought it
    assert await row.locator(".badge-new").count() == 1


async def test_the_cases_list_and_filters(open_page, shoot):
    page = await logged_in(open_page, "zb01", "/console/login?next=/console/cases")
    await page.wait_for_url("**/console/cases")
    await page.select_option("select[name=status]", "assigned")
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**status=assigned**")
    assert await page.locator("table.list tbody tr").count() >= 1
    assert "待接单" in await page.inner_text("table.list tbody")
    await shoot(page, "03-cases")


async def test_a_form_posted_without_the_csrf_token_is_refused(open_page):
    page = await logged_in(open_page, "zb01")
    await page.wait_for_url("**/console/desk")

    # What a page elsewhere could make the browser send: the form, with the cookie, no token.
    async with page.expect_navigation():
        await page.evaluate(
            """() => {
              const form = document.createElement("form");
              form.method = "post"; form.action = "/console/desk/dispatch";
              for (const [k, v] of Object.entries({summary: "伪造的派警", lat: "29.6",
                                                     lng: "118.9", kind: "dispute"})) {
                const input = document.createElement("input");
                input.name = k; input.value = v; form.appendChild(input);
              }
              document.body.appendChild(form); form.submit();
            }"""
        )
    assert "没有通过安全校验" in await page.inner_text("main")
    assert (await page.title()).startswith("无权访问")
    await page.goto("/console/cases")
    assert "伪造的派警" not in await page.inner_text("main")


async def test_an_expired_session_keeps_what_was_typed_through_the_login(open_page, api, shoot):
    page = await logged_in(open_page, "zb01")
    await page.wait_for_url("**/console/desk")
    summary = "桐坑源村有老人走失，家属求助"
    await page.select_option("select[name=village]", label="桐坑源村")
    await page.select_option("select[name=kind]", "help")
    await page.fill("textarea[name=summary]", summary)
    lat = await page.input_value("input[name=lat]")
    # The session ends while the form is being typed (here: revoked, as a logout elsewhere).
    bearer = {"Authorization": f"Bearer {await session_token(page)}"}
    assert (await api.post("/api/v1/auth/logout", headers=bearer)).status_code == 204
    # The next poll of the live list finds no session: it says so and stops, the page stays.
    await page.locator("#feed", has_text="已停止自动刷新").wait_for()
    assert await page.input_value("textarea[name=summary]") == summary

    await page.click("#dispatch-form button[type=submit]")
    await page.locator("form.login-card").wait_for()
    assert "已保留" in await page.inner_text("form.login-card")
    await shoot(page, "05-login-after-expiry")
    await log_in(page, "zb01")
    await page.wait_for_url("**/console/desk")

    assert await page.input_value("textarea[name=summary]") == summary
    assert await page.input_value("select[name=kind]") == "help"
    assert await page.input_value("input[name=lat]") == lat
    assert await page.locator("#draft-notice").is_visible()
    assert await page.locator("svg.map .incident").is_visible()  # the place is back on the map
    await page.click("#dispatch-form button[type=submit]")
    await page.locator(".dispatched").wait_for()
    await page.locator("#feed tr", has_text=summary).wait_for()


async def test_a_page_of_the_menu_a_role_may_not_open_is_a_403_page(open_page, shoot):
    page = await logged_in(open_page, "cj01")
    await page.wait_for_url("**/console/cases")
    menu = await page.inner_text("nav.menu")
    assert "案件" in menu and "值班台" not in menu

    response = await page.goto("/console/desk")

    assert response.status == 403
    assert "您的岗位无权打开「值班台」页面" in await page.inner_text("main")
    await shoot(page, "06-forbidden")


async def test_logout_ends_the_session(open_page, api):
    page = await logged_in(open_page, "zb01")
    await page.wait_for_url("**/console/desk")
    token = await session_token(page)
    await page.click("header button:has-text('退出')")
    await page.wait_for_url("**/console/login?bye=1")
    assert "您已安全退出" in await page.inner_text("main")
    me = await api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
