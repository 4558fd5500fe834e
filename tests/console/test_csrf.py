"""CSRF: every state-changing console request carries the session's token, or nothing is done."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.console.csrf import token_for
from jinghutong.models import Case
from support.console import csrf_of

DISPATCH = {"summary": "夫妻吵架", "kind": "dispute", "lat": "29.601", "lng": "118.901"}


async def _cases(session) -> int:
    return int(await session.scalar(select(func.count(Case.id))) or 0)


async def test_a_dispatch_without_the_token_is_refused_with_a_page_in_chinese(
    console_login, session
):
    duty = await console_login("zhiban")

    response = await duty.post("/desk/dispatch", DISPATCH)

    assert response.status_code == 403
    assert "没有通过安全校验" in response.text
    assert "<html" in response.text  # a page, not the API's JSON
    assert await _cases(session) == 0


async def test_a_wrong_token_or_another_sessions_token_is_refused(console_login, session):
    duty = await console_login("zhiban")
    chief = await console_login("suozhang")
    chiefs_token = csrf_of((await chief.get("/desk")).text)

    for token in ("0" * 64, chiefs_token, token_for("jht_not-this-session")):
        response = await duty.post("/desk/dispatch", {**DISPATCH, "csrf_token": token})
        assert response.status_code == 403
    htmx = await duty.http.post(
        "/console/desk/dispatch",
        data=DISPATCH,
        headers={"HX-Request": "true", "X-CSRF-Token": chiefs_token},
    )
    assert htmx.status_code == 403
    assert htmx.headers["HX-Retarget"] == "#flash"  # shown in the page's message area
    assert "没有通过安全校验" in htmx.text
    assert await _cases(session) == 0


async def test_the_token_in_the_htmx_header_or_the_form_is_accepted(console_login, session):
    duty = await console_login("zhiban")
    token = csrf_of((await duty.get("/desk")).text)

    by_header = await duty.http.post(
        "/console/desk/dispatch",
        data=DISPATCH,
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    by_field = await duty.post("/desk/dispatch", {**DISPATCH, "csrf_token": token})

    assert by_header.status_code == 200, by_header.text
    assert by_field.status_code == 200, by_field.text
    assert await _cases(session) == 2


async def test_the_layout_gives_htmx_the_token_once_for_every_request(console_login):
    duty = await console_login("zhiban")
    page = (await duty.get("/desk")).text
    token = csrf_of(page)
    assert f'hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in page
    assert "default-src 'self'" in (await duty.get("/desk")).headers["content-security-policy"]
