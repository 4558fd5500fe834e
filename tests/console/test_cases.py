"""案件: the list within one's scope, one case with its trail, and the actions its rules allow."""

from __future__ import annotations

import html
import io
import re

from PIL import Image

from support.auth import bearer, wechat_login
from support.console import csrf_of
from support.factories import join, make_household, make_person

NEAR_FIRST = {"lat": "29.6012", "lng": "118.9011"}


async def _dispatched(duty, summary: str = "邻里纠纷，双方争吵", **place: str) -> str:
    token = csrf_of((await duty.get("/desk")).text)
    body = {"summary": summary, "kind": "dispute", **NEAR_FIRST, **place, "csrf_token": token}
    response = await duty.http.post("/console/desk/dispatch", data=body)
    assert response.status_code == 200, response.text
    return response.text.split('href="/console/cases/')[1].split('"')[0]


async def _act(browser, case_id: str, action: str, **form: str):
    return await browser.post(f"/cases/{case_id}/{action}", form, token_from=f"/cases/{case_id}")


async def test_the_list_shows_the_cases_in_scope_with_filters(console_login):
    duty = await console_login("zhiban")
    await _dispatched(duty, "上坊村的纠纷")
    await _dispatched(duty, "桐坑源村的纠纷", lat="29.7008", lng="119.0009")
    officer = await console_login("minjing")

    mine = (await officer.get("/cases")).text
    all_of_them = (await duty.get("/cases", params={"status": "assigned", "kind": "dispute"})).text
    none = (await duty.get("/cases", params={"status": "closed"})).text

    assert "上坊村的纠纷" in mine and "桐坑源村的纠纷" not in mine
    assert "上坊村的纠纷" in all_of_them and "桐坑源村的纠纷" in all_of_them
    assert "没有符合条件的案件" in none


async def test_a_wrong_filter_is_a_chinese_error_page(console_login):
    duty = await console_login("zhiban")
    response = await duty.get("/cases", params={"status": "lost"})
    assert response.status_code == 422
    assert "筛选条件" in response.text


async def test_one_case_shows_its_trail_and_the_actions_its_rules_allow(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    police = await console_login("cunjing")

    page = (await police.get(f"/cases/{case_id}")).text

    assert "邻里纠纷，双方争吵" in page
    assert "值班室派警" in page and "分派" in page  # the trail
    for action in ("accept", "escalate", "comment"):
        assert f"/console/cases/{case_id}/{action}" in page
    for not_yet in ("resolve", "close", "revisit", "arrive"):
        assert f"/console/cases/{case_id}/{not_yet}" not in page


async def test_a_village_police_handles_a_case_to_the_end_from_the_console(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    police = await console_login("cunjing")

    accepted = await _act(police, case_id, "accept", text="我去看看")
    arrived = await _act(police, case_id, "arrive")
    fed_back = await _act(police, case_id, "feedback", text="已劝开双方")
    resolved = await _act(police, case_id, "resolve", text="双方和解")

    for response in (accepted, arrived, fed_back, resolved):
        assert response.status_code == 303, response.text
    assert accepted.headers["location"] == f"/console/cases/{case_id}?done=accept"
    page = (await police.get(f"/cases/{case_id}?done=resolve")).text
    assert "已办结。" in page and "已办结</span>" in page
    assert "我去看看" in page and "已劝开双方" in page and "双方和解" in page
    assert f"/console/cases/{case_id}/close" in page and f"/cases/{case_id}/revisit" in page
    assert f"/console/cases/{case_id}/accept" not in page


async def test_an_action_out_of_order_shows_the_services_reason(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    police = await console_login("cunjing")

    early = await _act(police, case_id, "resolve")
    await _act(police, case_id, "accept")
    twice = await _act(police, case_id, "accept")

    assert early.status_code == 409 and "<html" in early.text
    assert twice.status_code == 409


async def test_bad_action_input_is_refused_in_chinese(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    police = await console_login("cunjing")

    no_reason = await _act(police, case_id, "escalate", reason="")
    empty_comment = await _act(police, case_id, "comment", text="")
    unknown = await _act(police, case_id, "delete")
    bad_outcome = await _act(police, case_id, "resolve", outcome="maybe")

    assert no_reason.status_code == 422 and "上报原因" in no_reason.text
    assert empty_comment.status_code == 422 and "请填写内容" in empty_comment.text
    assert unknown.status_code == 404 and "没有这个操作" in unknown.text
    assert bad_outcome.status_code == 422 and "线索核查结果" in bad_outcome.text


async def test_another_villages_officer_gets_not_found_for_the_case(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    other = await console_login("minjing2")

    page = await other.get(f"/cases/{case_id}")
    action = await other.post(f"/cases/{case_id}/comment", {"text": "看看"}, token_from="/cases")

    assert page.status_code == 404 and "没有找到这个案件" in page.text
    assert action.status_code == 404
    assert (await other.get("/cases/not-an-id")).status_code == 404


async def test_the_trail_of_a_case_prints_without_the_menu_and_buttons(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty)
    page = (await duty.get(f"/cases/{case_id}")).text
    assert 'href="/console/static/print.css?v=' in page and 'media="print"' in page
    css = (await duty.get("/static/print.css")).text
    assert ".menu" in css and ".actions" in css


async def test_a_villagers_photo_shows_on_the_case_page_by_an_expiring_link(
    console_login, client, device, session, station
):
    household = await make_household(session, station.tree.micro_grid)
    villager = await make_person(session, "方桂英", openid="o-console-villager")
    await join(session, villager, household)
    headers = bearer(await wechat_login(client, device, "o-console-villager"))
    picture = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 80, 40)).save(picture, format="JPEG")
    upload = await client.post(
        "/api/v1/media",
        headers=headers,
        files={"file": ("IMG_0001.jpg", picture.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert upload.status_code == 201, upload.text
    body = {"kind": "hazard", "text": "桥头的护栏断了", "media_ids": [upload.json()["id"]]}
    case = await client.post("/api/v1/cases", json=body, headers=headers)
    assert case.status_code == 201, case.text
    police = await console_login("cunjing")

    page = (await police.get(f"/cases/{case.json()['id']}")).text

    assert "桥头的护栏断了" in page and "照片和语音" in page
    [link] = re.findall(r'<img src="([^"]+)" alt="案件照片">', page)
    assert "/api/v1/media/" in html.unescape(link)
    assert "分钟内有效" in page
    image = await client.get(html.unescape(link).replace("http://testserver", ""))
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"


async def test_an_escalated_case_is_marked_on_the_desk_and_in_the_list(console_login):
    duty = await console_login("zhiban")
    case_id = await _dispatched(duty, "需要民警到场的纠纷")
    police = await console_login("cunjing")

    escalated = await _act(police, case_id, "escalate", reason="双方情绪激动，需要民警到场")

    assert escalated.status_code == 303, escalated.text
    assert "已上报" in (await duty.get("/desk/feed")).text
    assert "已上报" in (await duty.get("/cases")).text
    trail = (await duty.get(f"/cases/{case_id}")).text
    assert "双方情绪激动，需要民警到场" in trail
