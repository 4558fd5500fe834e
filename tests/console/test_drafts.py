"""A form sent after the session expired: nothing is done, nothing typed is lost."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import Case
from support.console import csrf_of

SUMMARY = "上坊村下坞12号夫妻争吵，邻居报警，请联户长先去看看"


def _hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return html.unescape(found.group(1))


async def _expired_dispatch(duty, *, htmx: bool = False):
    token = csrf_of((await duty.get("/desk")).text)
    clock.advance(timedelta(hours=13))  # the staff token (12 h) and its cookie are gone
    form = {
        "csrf_token": token,
        "_page": "/console/desk",
        "_form": "dispatch",
        "summary": SUMMARY,
        "kind": "help",
        "village": "",
        "lat": "29.601",
        "lng": "118.901",
        "address": "下坞12号",
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return await duty.http.post("/console/desk/dispatch", data=form, headers=headers)


async def test_an_expired_session_shows_the_login_carrying_what_was_typed(console_login, session):
    duty = await console_login("zhiban")

    response = await _expired_dispatch(duty)

    assert response.status_code == 401
    assert "登录已过期" in response.text and "已保留" in response.text
    assert _hidden(response.text, "next") == "/console/desk"
    assert SUMMARY not in response.text.split('name="draft"')[0]  # only inside the sealed field
    assert await session.scalar(select(func.count(Case.id))) == 0

    after = await duty.login("zhiban", next="/console/desk", draft=_hidden(response.text, "draft"))

    assert after.status_code == 200  # the page that hands the fields back to the form
    assert "jht_console=" in after.headers["set-cookie"]
    kept = json.loads(re.search(r'id="jht-draft">(.*?)</script>', after.text).group(1))
    assert kept["page"] == "/console/desk" and kept["form"] == "dispatch"
    assert ["summary", SUMMARY] in kept["fields"]
    assert ["kind", "help"] in kept["fields"] and ["lat", "29.601"] in kept["fields"]
    assert not any(name in ("csrf_token", "password") for name, _ in kept["fields"])


async def test_an_htmx_form_sent_after_expiry_replaces_the_page_with_the_login(console_login):
    duty = await console_login("zhiban")

    response = await _expired_dispatch(duty, htmx=True)

    assert response.status_code == 401
    assert response.headers["HX-Retarget"] == "body"
    assert _hidden(response.text, "draft")


async def test_a_revoked_session_keeps_the_form_too(console_login, client):
    duty = await console_login("zhiban")
    bearer = {"Authorization": f"Bearer {duty.session_token}"}
    assert (await client.post("/api/v1/auth/logout", headers=bearer)).status_code == 204

    response = await duty.post("/desk/dispatch", {"_page": "/console/desk", "summary": SUMMARY})

    assert response.status_code == 401
    assert _hidden(response.text, "draft")


async def test_a_forged_or_altered_draft_is_ignored(console_login, anonymous, station):
    duty = await console_login("zhiban")
    sealed = _hidden((await _expired_dispatch(duty)).text, "draft")
    body, mac = sealed.rsplit(".", 1)
    altered = body[:-4] + "AAAA." + mac

    response = await anonymous.login("zhiban", next="/console/desk", draft=altered)

    assert response.status_code == 303  # an ordinary login: nothing is filled in
    assert response.headers["location"] == "/console/desk"
