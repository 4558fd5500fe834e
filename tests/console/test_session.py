"""Logging in to the console and out: the API's own login service and tokens, in a cookie."""

from __future__ import annotations

from datetime import timedelta

from fastapi.responses import Response

from jinghutong.console.drafts import safe_next
from jinghutong.console.session import set_cookie
from jinghutong.core import clock


async def test_a_duty_room_login_sets_a_strict_cookie_and_opens_the_desk(anonymous, station):
    response = await anonymous.login("zhiban", next="/console/desk")

    assert response.status_code == 303
    assert response.headers["location"] == "/console/desk"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("jht_console=jht_")
    for attribute in ("HttpOnly", "Path=/console", "SameSite=lax", "Max-Age=43200"):
        assert attribute in cookie
    assert "Secure" not in cookie  # http://testserver
    desk = await anonymous.get("/desk")
    assert desk.status_code == 200
    assert "值班员" in desk.text and "值班台" in desk.text


def test_the_cookie_is_secure_when_the_console_is_served_over_https(app_settings):
    settings = app_settings.model_copy(update={"public_base_url": "https://jht.example.gov.cn"})
    response = Response()
    set_cookie(response, settings, "jht_x", clock.now() + timedelta(hours=12))
    assert "Secure" in response.headers["set-cookie"]


async def test_a_wrong_password_shows_the_login_page_again_in_chinese(anonymous, station):
    response = await anonymous.login("zhiban", password="wrong")

    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text
    assert 'value="zhiban"' in response.text  # the username stays typed
    assert "set-cookie" not in response.headers


async def test_someone_without_a_staff_role_cannot_log_in_and_gets_no_token(anonymous, station):
    response = await anonymous.login("yejianguo")

    assert response.status_code == 403
    assert "不是派出所工作人员账号" in response.text
    assert "set-cookie" not in response.headers


async def test_a_login_posted_from_another_site_is_refused(anonymous, station):
    form = {"username": "zhiban", "password": "correct horse battery"}
    response = await anonymous.http.post(
        "/console/login", data=form, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert "安全校验" in response.text
    assert "set-cookie" not in response.headers


async def test_a_page_without_a_session_goes_to_the_login_and_back(anonymous, station):
    response = await anonymous.get("/cases?status=new")

    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console/cases%3Fstatus%3Dnew"
    page = await anonymous.get("/login", params={"next": "/console/cases?status=new"})
    assert 'name="next" value="/console/cases?status=new"' in page.text
    back = await anonymous.login("zhiban", next="/console/cases?status=new")
    assert back.headers["location"] == "/console/cases?status=new"


async def test_an_htmx_poll_without_a_session_stops_in_place_and_never_leaves_the_page(
    anonymous,
):
    response = await anonymous.http.get(
        "/console/desk/feed",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/console/desk"},
    )
    # Navigating away would lose a half-typed dispatch form: say so where the list was, and
    # stop polling (htmx's 286); the form keeps its text when sent (test_drafts.py).
    assert response.status_code == 286
    assert "HX-Redirect" not in response.headers
    assert "登录已过期，这里已停止自动刷新" in response.text
    assert 'href="/console/login?next=/console/desk"' in response.text


async def test_the_login_never_sends_anyone_off_site(anonymous, station):
    for target in ("https://evil.example/", "//evil.example/x", "/api/v1/me", "/console\\..\\x"):
        response = await anonymous.login("zhiban", next=target)
        assert response.headers["location"] == "/console/", target
    assert safe_next("/console/cases/01ABC?done=accept") == "/console/cases/01ABC?done=accept"


async def test_logout_revokes_the_token_the_cookie_held(console_login, client):
    browser = await console_login("zhiban")
    token = browser.session_token
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200  # the cookie holds an ordinary API token

    response = await browser.post("/logout", token_from="/desk")

    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?bye=1"
    assert 'jht_console=""' in response.headers["set-cookie"]
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    browser.http.cookies.set("jht_console", token or "", path="/console")  # a copied cookie
    assert (await browser.get("/desk")).status_code == 303


async def test_an_expired_token_is_no_session(console_login):
    browser = await console_login("zhiban")
    clock.advance(timedelta(hours=12, minutes=1))
    assert (await browser.get("/desk")).status_code == 303


async def test_the_console_root_opens_the_first_page_of_ones_menu(console_login, anonymous):
    assert (await anonymous.get("/")).headers["location"] == "/console/login"
    duty = await console_login("zhiban")
    assert (await duty.get("/")).headers["location"] == "/console/desk"
    police = await console_login("cunjing")
    assert (await police.get("/")).headers["location"] == "/console/cases"
