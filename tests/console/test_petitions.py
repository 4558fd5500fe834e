"""所长信箱: the chief's inbox with its filters, one letter (full text, masked phone, media by
expiring link, trail, the read receipt), 交办 to an officer, 答复, 办结; what officers see."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import timedelta

from PIL import Image

from jinghutong.core import clock
from support.auth import bearer, password_login, wechat_login
from support.console import csrf_of
from support.factories import STAFF_PASSWORD, join, make_household, make_person

PHONE = "13812345678"


async def _villager(session, client, device, grid, name: str, openid: str) -> dict[str, str]:
    household = await make_household(session, grid)
    person = await make_person(session, name, openid=openid, phone=PHONE)
    await join(session, person, household)
    return bearer(await wechat_login(client, device, openid))


async def _letter(client, headers, text: str, **extra) -> str:
    response = await client.post("/api/v1/petitions", json={"text": text, **extra}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _written(session, client, device, station, text="村口路灯坏了半个月，晚上很黑") -> str:
    headers = await _villager(
        session, client, device, station.tree.micro_grid, "方桂英", "o-petition-writer"
    )
    return await _letter(client, headers, text)


def _day(days: int) -> str:
    return (clock.now().astimezone(clock.SHANGHAI).date() + timedelta(days=days)).isoformat()


async def _assign(chief, petition_id: str, assignee_id: str, deadline: str | None = None, **extra):
    form = {"assignee_id": assignee_id, "deadline": deadline or _day(5), **extra}
    return await chief.post(
        f"/petitions/{petition_id}/assign", form, token_from=f"/petitions/{petition_id}"
    )


async def test_the_chiefs_inbox_lists_letters_with_filters(
    console_login, session, client, device, station
):
    first = await _villager(session, client, device, station.tree.micro_grid, "方桂英", "o-p1")
    other = await _villager(
        session, client, device, station.tree.other_micro_grid, "余水英", "o-p2"
    )
    await _letter(client, first, "上坊村的路灯坏了")
    await _letter(client, other, "桐坑源村的河堤有裂缝")
    chief = await console_login("suozhang")

    everything = await chief.get("/petitions")
    one_village = (await chief.get("/petitions", params={"village": station.tree.village.id})).text
    none = (await chief.get("/petitions", params={"status": "closed"})).text
    overdue = (await chief.get("/petitions", params={"overdue": "yes"})).text

    assert everything.status_code == 200
    assert "上坊村的路灯坏了" in everything.text and "桐坑源村的河堤有裂缝" in everything.text
    assert "未读" in everything.text and "待所长阅处" in everything.text
    assert "上坊村的路灯坏了" in one_village and "桐坑源村的河堤有裂缝" not in one_village
    assert "没有符合条件的来信" in none and "没有符合条件的来信" in overdue


async def test_a_wrong_filter_is_a_chinese_error(console_login):
    chief = await console_login("suozhang")
    for params in ({"status": "lost"}, {"overdue": "maybe"}, {"village": "01NOTAVILLAGE"}):
        response = await chief.get("/petitions", params=params)
        assert response.status_code == 422 and "筛选条件" in response.text


async def test_one_letter_shows_its_text_the_masked_phone_and_the_read_receipt(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")

    page = (await chief.get(f"/petitions/{petition_id}")).text

    assert "村口路灯坏了半个月，晚上很黑" in page
    assert "138****5678" in page and PHONE not in page
    assert "所长已阅" in page and "来信" in page  # the trail, with the read receipt
    for action in ("assign", "reply", "close"):
        assert f"/console/petitions/{petition_id}/{action}" in page
    assert "王民警" in page and "赵民警" in page  # the officers it may be handed to
    # The read receipt is the API's own: the sender's view says the chief has read it.
    sender = bearer(await wechat_login(client, device, "o-petition-writer"))
    seen = await client.get(f"/api/v1/petitions/{petition_id}", headers=sender)
    assert seen.json()["read_by_chief_at"] is not None
    [read] = [e for e in seen.json()["events"] if e["action"] == "read"]
    # Opening it again records no second receipt.
    await chief.get(f"/petitions/{petition_id}")
    again = await client.get(f"/api/v1/petitions/{petition_id}", headers=sender)
    assert [e["seq"] for e in again.json()["events"] if e["action"] == "read"] == [read["seq"]]


async def test_a_letters_photo_shows_by_an_expiring_link(
    console_login, session, client, device, station
):
    headers = await _villager(session, client, device, station.tree.micro_grid, "方桂英", "o-p3")
    picture = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 40)).save(picture, format="JPEG")
    upload = await client.post(
        "/api/v1/media",
        headers=headers,
        files={"file": ("IMG_0002.jpg", picture.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert upload.status_code == 201, upload.text
    petition_id = await _letter(client, headers, "垃圾堆在河边", media_ids=[upload.json()["id"]])
    chief = await console_login("suozhang")

    page = (await chief.get(f"/petitions/{petition_id}")).text

    [link] = re.findall(r'<img src="([^"]+)" alt="来信照片">', page)
    assert "/api/v1/media/" in html.unescape(link) and "分钟内有效" in page
    image = await client.get(html.unescape(link).replace("http://testserver", ""))
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"


async def test_the_chief_assigns_and_the_officer_sees_it_and_answers(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")
    officer = await console_login("minjing")
    assert "没有符合条件的来信" in (await officer.get("/petitions")).text

    assigned = await _assign(chief, petition_id, station.officer.id, note="请三天内去看看")

    assert assigned.status_code == 303, assigned.text
    assert assigned.headers["location"] == f"/console/petitions/{petition_id}?done=assign"
    after = (await chief.get(f"/petitions/{petition_id}?done=assign")).text
    assert "已交办" in after and "交给 王民警" in after and "请三天内去看看" in after
    mine = (await officer.get("/petitions")).text
    assert "交给我办的来信" in mine and "村口路灯坏了半个月" in mine and "已交办民警" in mine
    letter = (await officer.get(f"/petitions/{petition_id}")).text
    assert f"/petitions/{petition_id}/reply" in letter
    assert f"/petitions/{petition_id}/assign" not in letter  # only the chief hands letters on
    api = bearer(await password_login(client, "minjing", STAFF_PASSWORD))
    seen = await client.get("/api/v1/petitions", params={"scope": "assigned"}, headers=api)
    [row] = seen.json()["items"]
    assert row["id"] == petition_id and row["status"] == "assigned"
    assert row["assignee"]["name"] == "王民警"

    answered = await officer.post(
        f"/petitions/{petition_id}/reply",
        {"text": "路灯已报修，周五前修好"},
        token_from=f"/petitions/{petition_id}",
    )
    closed = await chief.post(
        f"/petitions/{petition_id}/close",
        {"note": "已修好"},
        token_from=f"/petitions/{petition_id}",
    )

    assert answered.status_code == 303 and closed.status_code == 303
    final = (await chief.get(f"/petitions/{petition_id}")).text
    assert "承办民警 王民警" in final and "路灯已报修，周五前修好" in final
    assert "已办结" in final and "/reply" not in final


async def test_an_officer_the_letter_was_not_given_to_gets_not_found(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")
    await _assign(chief, petition_id, station.officer.id)
    other = await console_login("minjing2")

    page = await other.get(f"/petitions/{petition_id}")
    answer = await other.post(
        f"/petitions/{petition_id}/reply", {"text": "我来答"}, token_from="/petitions"
    )

    assert page.status_code == 404 and "没有找到这封来信" in page.text
    assert answer.status_code == 404
    assert "村口路灯" not in (await other.get("/petitions")).text
    assert (await other.get("/petitions/not-an-id")).status_code == 404


async def test_a_form_without_the_csrf_token_is_refused(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")

    refused = await chief.post(
        f"/petitions/{petition_id}/assign",
        {"assignee_id": station.officer.id, "deadline": _day(3)},
    )

    assert refused.status_code == 403 and "安全校验" in refused.text
    assert "待所长阅处" in (await chief.get(f"/petitions/{petition_id}")).text


async def test_a_closed_letter_refuses_more_actions(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")
    token = csrf_of((await chief.get(f"/petitions/{petition_id}")).text)
    await chief.http.post(
        f"/console/petitions/{petition_id}/close", data={"csrf_token": token, "note": ""}
    )

    again = await chief.http.post(
        f"/console/petitions/{petition_id}/close", data={"csrf_token": token}
    )
    assign = await chief.http.post(
        f"/console/petitions/{petition_id}/assign",
        data={"csrf_token": token, "assignee_id": station.officer.id, "deadline": _day(3)},
    )

    assert again.status_code == 409 and "已经办结" in again.text
    assert assign.status_code == 409


async def test_bad_assign_and_reply_input_is_refused_in_chinese(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")

    nobody = await _assign(chief, petition_id, "")
    past = await _assign(chief, petition_id, station.officer.id, deadline=_day(-1))
    not_a_date = await _assign(chief, petition_id, station.officer.id, deadline="下周")
    villager = await _assign(chief, petition_id, station.leader.id)
    empty = await chief.post(
        f"/petitions/{petition_id}/reply", {"text": "  "}, token_from=f"/petitions/{petition_id}"
    )

    assert nobody.status_code == 422 and "请选择交给哪位民警" in nobody.text
    assert past.status_code == 422 and "答复期限须晚于现在" in past.text
    assert not_a_date.status_code == 422 and "请选择答复期限" in not_a_date.text
    assert villager.status_code == 422 and "只能交给本所的民警" in villager.text
    assert empty.status_code == 422 and "请填写答复内容" in empty.text
    assert "待所长阅处" in (await chief.get(f"/petitions/{petition_id}")).text


async def test_a_role_without_the_page_gets_the_403_page(console_login):
    admin = await console_login("guanli")
    response = await admin.get("/petitions")
    assert response.status_code == 403 and "「所长信箱」" in response.text
    assert 'href="/console/petitions"' not in response.text  # not in the admin's menu
    for username in ("suozhang", "minjing", "cunjing"):
        menu = (await (await console_login(username)).get("/petitions")).text
        assert 'href="/console/petitions"' in menu


async def test_an_expired_session_keeps_the_typed_reply(
    console_login, session, client, device, station
):
    petition_id = await _written(session, client, device, station)
    chief = await console_login("suozhang")
    page = f"/console/petitions/{petition_id}"
    token = csrf_of((await chief.get(f"/petitions/{petition_id}")).text)
    clock.advance(timedelta(hours=13))  # the staff token (12 h) is gone
    form = {"csrf_token": token, "_page": page, "_form": "petition-reply", "text": "已转交民警"}

    response = await chief.http.post(f"{page}/reply", data=form)

    assert response.status_code == 401 and "已保留" in response.text
    draft = html.unescape(re.search(r'name="draft" value="([^"]*)"', response.text).group(1))
    after = await chief.login("suozhang", next=page, draft=draft)
    kept = json.loads(re.search(r'id="jht-draft">(.*?)</script>', after.text).group(1))
    assert kept["page"] == page and kept["form"] == "petition-reply"
    assert ["text", "已转交民警"] in kept["fields"]
    assert "已转交民警" not in (await chief.get(f"/petitions/{petition_id}")).text  # not sent
