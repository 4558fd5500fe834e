"""The console as the duty room and a 村警 use it, in Chromium, against a live `jinghutong serve`
with the demo station (zb01 is on duty; cj01 is a 村警)."""

from __future__ import annotations

import re
from typing import Any

import httpx

from support.live_server import LiveServer

PASSWORD = "jht-demo-2026"


def log_in(page: Any, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-card button[type=submit]")


def session_token(page: Any) -> str:
    [cookie] = [c for c in page.context.cookies() if c["name"] == "jht_console"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/console"
    return cookie["value"]


def click_village_on_map(page: Any, village: str) -> None:
    """A click on the map a little beside the village's circle (not on it: the place is ours)."""
    circle = page.locator("svg.map circle.village", has=page.locator(f"title:text-is('{village}')"))
    box = circle.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 3, box["y"] + box["height"] / 2 + 2)


def test_the_duty_room_dispatches_from_the_map_and_sees_it_on_the_desk(open_page, live, shoot):
    page = open_page()
    page.goto("/console/")
    assert page.url.endswith("/console/login")
    shoot(page, "01-login")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")
    assert page.locator("nav.menu a.on").inner_text() == "值班台"

    click_village_on_map(page, "大墅村")
    assert page.input_value("input[name=lat]") and page.input_value("input[name=lng]")
    assert "北纬" in page.inner_text("[data-place]")
    page.select_option("select[name=kind]", "dispute")
    summary = "大墅村家庭纠纷，夫妻争吵，邻居报警"
    page.fill("textarea[name=summary]", summary)
    page.fill("input[name=address]", "大墅村下坞 12 号")
    page.click("#dispatch-form button[type=submit]")

    result = page.locator(".dispatched")
    result.wait_for()
    chosen = re.search(r"联户长 (\S+)", result.inner_text()).group(1)
    row = page.locator("#feed tr", has_text=summary)
    row.wait_for()  # the live list refreshed itself: no reload
    assert row.locator(".badge-new").count() == 1 and chosen in row.inner_text()
    assert page.input_value("textarea[name=summary]") == ""  # ready for the next call
    shoot(page, "02-desk-dispatched")

    # The API says the same: the case went to that 联户长, near the place clicked.
    number = result.locator("a").inner_text()
    bearer = {"Authorization": f"Bearer {session_token(page)}"}
    found = httpx.get(f"{live.url}/api/v1/cases", params={"scope": "area"}, headers=bearer)
    [case] = [c for c in found.json()["items"] if c["number"] == number]
    assert case["assignee"]["name"] == chosen and case["text"] == summary
    assert abs(case["location"]["lat"] - 29.6) < 0.2

    result.locator("a").click()
    page.wait_for_url(f"**/console/cases/{case['id']}")
    assert summary in page.inner_text(".case-text")
    assert "值班室派警" in page.inner_text("ol.timeline")
    shoot(page, "04-case")
    assert page.script_errors == []


def test_a_case_from_elsewhere_appears_on_the_open_desk_without_a_reload(open_page, live):
    page = open_page()
    page.goto("/console/login")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")

    login = httpx.post(
        f"{live.url}/api/v1/auth/password", json={"username": "zb02", "password": PASSWORD}
    ).json()
    summary = "枫树岭村村民求助：家中老人摔倒，需要帮忙送医"
    body = {"summary": summary, "kind": "help", "location": {"lat": 29.55, "lng": 118.8}}
    created = httpx.post(
        f"{live.url}/api/v1/dispatches",
        json=body,
        headers={"Authorization": f"Bearer {login['token']}"},
    )
    assert created.status_code == 201, created.text

    page.locator("#feed tr", has_text=summary).wait_for()  # the 5-second poll brought it
    assert page.locator("#feed tr", has_text=summary).locator(".badge-new").count() == 1


def test_the_cases_list_and_filters(open_page, shoot):
    page = open_page()
    page.goto("/console/login?next=/console/cases")
    log_in(page, "zb01")
    page.wait_for_url("**/console/cases")
    page.select_option("select[name=status]", "assigned")
    page.click(".filters button[type=submit]")
    page.wait_for_url("**status=assigned**")
    assert page.locator("table.list tbody tr").count() >= 1
    assert "待接单" in page.inner_text("table.list tbody")
    shoot(page, "03-cases")


def test_a_form_posted_without_the_csrf_token_is_refused(open_page):
    page = open_page()
    page.goto("/console/login")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")

    # What a page elsewhere could make the browser send: the form, with the cookie, no token.
    with page.expect_navigation():
        page.evaluate(
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
    assert "没有通过安全校验" in page.inner_text("main")
    assert page.title().startswith("无权访问")
    page.goto("/console/cases")
    assert "伪造的派警" not in page.inner_text("main")


def test_an_expired_session_keeps_what_was_typed_through_the_login(open_page, live, shoot):
    page = open_page()
    page.goto("/console/login")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")
    summary = "桐坑源村有老人走失，家属求助"
    page.select_option("select[name=village]", label="桐坑源村")
    page.select_option("select[name=kind]", "help")
    page.fill("textarea[name=summary]", summary)
    lat = page.input_value("input[name=lat]")
    # The session ends while the form is being typed (here: revoked, as a logout elsewhere).
    bearer = {"Authorization": f"Bearer {session_token(page)}"}
    assert httpx.post(f"{live.url}/api/v1/auth/logout", headers=bearer).status_code == 204

    page.click("#dispatch-form button[type=submit]")
    page.locator("form.login-card").wait_for()
    assert "已保留" in page.inner_text("form.login-card")
    shoot(page, "05-login-after-expiry")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")

    assert page.input_value("textarea[name=summary]") == summary
    assert page.input_value("select[name=kind]") == "help"
    assert page.input_value("input[name=lat]") == lat
    assert page.locator("#draft-notice").is_visible()
    assert page.locator("svg.map .incident").is_visible()  # the place is back on the map
    page.click("#dispatch-form button[type=submit]")
    page.locator(".dispatched").wait_for()
    page.locator("#feed tr", has_text=summary).wait_for()


def test_a_page_of_the_menu_a_role_may_not_open_is_a_403_page(open_page, shoot):
    page = open_page()
    page.goto("/console/login")
    log_in(page, "cj01")
    page.wait_for_url("**/console/cases")
    menu = page.inner_text("nav.menu")
    assert "案件" in menu and "值班台" not in menu

    response = page.goto("/console/desk")

    assert response.status == 403
    assert "您的岗位无权打开「值班台」页面" in page.inner_text("main")
    shoot(page, "06-forbidden")


def test_logout_ends_the_session(open_page, live: LiveServer):
    page = open_page()
    page.goto("/console/login")
    log_in(page, "zb01")
    page.wait_for_url("**/console/desk")
    token = session_token(page)
    page.click("header button:has-text('退出')")
    page.wait_for_url("**/console/login?bye=1")
    assert "您已安全退出" in page.inner_text("main")
    me = httpx.get(f"{live.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
