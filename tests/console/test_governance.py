"""村级治理 over HTTP: hazards and disputes (lists with filters, one record with its trail, the
desk's actions through the services and their state rules), the records read at a desk (走访,
未走访户, 社情民意, 纵横斜, 五件事) and who may open what."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import AuditEvent
from support.factories import make_household
from support.governance import roster_member, staff_headers

API = "/api/v1"
SOON = (clock.now() + timedelta(days=3)).astimezone(clock.SHANGHAI).strftime("%Y-%m-%dT%H:%M")


async def _hazard(client, station, grade: str = "severe", title: str = "叶某家老房子后墙开裂"):
    """What the 村警 registers from the phone: a hazard of the first village."""
    body = {
        "kind": "housing",
        "grade": grade,
        "title": title,
        "description": "连日暴雨，后墙裂缝变宽，八十岁老人独居",
        "area_id": station.tree.village.id,
        "place": "上坊村下坞",
    }
    headers = await staff_headers(client, "cunjing")
    created = await client.post(f"{API}/hazards", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _dispute(client, station, summary: str = "两户因承包地地界争执，险些动手"):
    body = {
        "category": "land",
        "summary": summary,
        "area_id": station.tree.village.id,
        "address": "上坊村屋后承包地",
        "parties": [
            {"name": "叶土根", "phone": "13800001111", "side": "申请人"},
            {"name": "叶春生", "side": "被申请人"},
        ],
    }
    headers = await staff_headers(client, "cunjing")
    created = await client.post(f"{API}/disputes", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()["id"]


async def _act(browser, kind: str, record_id: str, action: str, **form: str):
    page = f"/governance/{kind}/{record_id}"
    return await browser.post(f"{page}/{action}", form, token_from=page)


# -- hazards ---------------------------------------------------------------------------------


async def test_the_hazard_list_filters_by_village_grade_status_and_overdue(
    console_login, client, station
):
    await _hazard(client, station, "severe", "叶某家老房子后墙开裂")
    await _hazard(client, station, "general", "村口电线老化")
    officer = await console_login("minjing")

    everything = (await officer.get("/governance/hazards")).text
    severe = (await officer.get("/governance/hazards", params={"grade": "severe"})).text
    village = station.tree.village.id
    in_village = await officer.get("/governance/hazards", params={"area_id": village})
    overdue = (await officer.get("/governance/hazards", params={"overdue": "yes"})).text
    closed = (await officer.get("/governance/hazards", params={"status": "closed"})).text

    assert "叶某家老房子后墙开裂" in everything and "村口电线老化" in everything
    assert "叶某家老房子后墙开裂" in severe and "村口电线老化" not in severe
    assert in_village.status_code == 200 and "村口电线老化" in in_village.text
    assert "没有符合条件的隐患" in overdue and "没有符合条件的隐患" in closed
    assert "/console/governance/disputes" in everything  # the tabs


async def test_a_wrong_filter_is_a_chinese_422(console_login, station):
    officer = await console_login("minjing")
    for params in ({"grade": "huge"}, {"overdue": "maybe"}, {"area_id": "nowhere"}):
        response = await officer.get("/governance/hazards", params=params)
        assert response.status_code == 422 and "筛选条件" in response.text
    other_village = station.tree.other_village.id  # not in 王民警's scope
    response = await officer.get("/governance/hazards", params={"area_id": other_village})
    assert response.status_code == 422


async def test_a_severe_hazard_is_notified_rectified_accepted_and_closed_at_the_desk(
    console_login, client, station
):
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")
    police = await console_login("cunjing")

    first = (await officer.get(f"/governance/hazards/{hazard_id}")).text
    notified = await _act(
        officer,
        "hazards",
        hazard_id,
        "notify",
        responsible_name="叶建华",
        responsible_phone="13900001111",
        deadline_at=SOON,
        note="先把老人转移到村避灾点，再加固后墙",
    )
    rectified = await _act(police, "hazards", hazard_id, "report-rectified", text="后墙已加固")
    accepted = await _act(officer, "hazards", hazard_id, "accept", note="已现场查看")
    closed = await _act(officer, "hazards", hazard_id, "close", note="加固完成，老人已回家")

    assert "重大" in first and "叶某家老房子后墙开裂" in first
    assert f"/console/governance/hazards/{hazard_id}/notify" in first
    assert f"/console/governance/hazards/{hazard_id}/close" not in first
    for response in (notified, rectified, accepted, closed):
        assert response.status_code == 303, response.text
    assert closed.headers["location"] == f"/console/governance/hazards/{hazard_id}?done=close"
    page = (await officer.get(f"/governance/hazards/{hazard_id}?done=close")).text
    assert "已销号。" in page and "已销号</span>" in page
    for words in ("叶建华", "先把老人转移到村避灾点", "后墙已加固", "加固完成，老人已回家"):
        assert words in page
    assert "需电话告知" in page  # 叶建华 has no WeChat: a notice owed by phone
    assert "这条隐患目前没有您可以进行的操作" in page
    api = await client.get(
        f"{API}/hazards/{hazard_id}", headers=await staff_headers(client, "cunjing")
    )
    assert api.json()["status"] == "closed"


async def test_a_hazard_can_be_notified_to_a_roster_person(console_login, client, session, station):
    member = await roster_member(session, station.tree.village, name="叶建华")
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")
    page = (await officer.get(f"/governance/hazards/{hazard_id}")).text
    assert f'value="member:{member.id}"' in page

    sent = await _act(
        officer, "hazards", hazard_id, "notify", responsible=f"member:{member.id}", deadline_at=SOON
    )

    assert sent.status_code == 303
    body = (
        await client.get(
            f"{API}/hazards/{hazard_id}", headers=await staff_headers(client, "minjing")
        )
    ).json()
    assert body["responsible"]["kind"] == "member" and body["responsible"]["id"] == member.id


async def test_a_phone_notice_is_dialled_and_marked_phoned_at_the_desk(
    console_login, client, session, station
):
    member = await roster_member(session, station.tree.village, name="叶建华")
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")
    sent = await _act(
        officer, "hazards", hazard_id, "notify", responsible=f"member:{member.id}", deadline_at=SOON
    )
    assert sent.status_code == 303
    page = (await officer.get(f"/governance/hazards/{hazard_id}")).text
    [notice_id] = re.findall(r"/governance/phone-notices/(\w+)/phone", page)[:1]
    assert "139****1111" in page and "13900001111" not in page and "显示完整号码" in page

    shown = await officer.post(
        f"/governance/phone-notices/{notice_id}/phone",
        {},
        token_from=f"/governance/hazards/{hazard_id}",
    )
    reads = await session.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_id == notice_id, AuditEvent.action == "read_phone"
        )
    )
    other = await console_login("minjing2")
    peek = await other.post(
        f"/governance/phone-notices/{notice_id}/phone", {}, token_from="/governance/hazards"
    )
    done = await officer.post(
        f"/governance/phone-notices/{notice_id}/done",
        {"note": "已转告，明天来修"},
        token_from=f"/governance/hazards/{hazard_id}",
    )
    again = await officer.post(
        f"/governance/phone-notices/{notice_id}/done",
        {},
        token_from=f"/governance/hazards/{hazard_id}",
    )

    assert shown.status_code == 200 and 'href="tel:13900001111"' in shown.text
    assert len(reads.all()) == 1
    assert peek.status_code == 404 and "13900001111" not in peek.text
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"/governance/hazards/{hazard_id}?done=phoned")
    after = (await officer.get(f"/governance/hazards/{hazard_id}?done=phoned")).text
    assert "已记为电话告知" in after and f"/phone-notices/{notice_id}/done" not in after
    assert again.status_code == 409
    listed = await client.get(
        f"{API}/phone-notices",
        params={"status": "done"},
        headers=await staff_headers(client, "minjing"),
    )
    [item] = [n for n in listed.json()["items"] if n["id"] == notice_id]
    assert item["done_note"] == "已转告，明天来修"


async def test_hazard_actions_out_of_order_are_the_409_page(console_login, client, station):
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")

    early_accept = await _act(officer, "hazards", hazard_id, "accept")
    early_close = await _act(officer, "hazards", hazard_id, "close", note="没事了")

    assert early_accept.status_code == 409 and "<html" in early_accept.text
    assert "只有待验收的隐患可以验收" in early_accept.text
    assert early_close.status_code == 409 and "验收通过后才能销号" in early_close.text


async def test_bad_hazard_input_is_refused_in_chinese_and_nothing_changes(
    console_login, client, station
):
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")

    no_deadline = await _act(officer, "hazards", hazard_id, "notify", responsible_name="叶建华")
    bad_phone = await _act(
        officer,
        "hazards",
        hazard_id,
        "notify",
        responsible_name="叶建华",
        responsible_phone="12345",
        deadline_at=SOON,
    )
    past = await _act(
        officer,
        "hazards",
        hazard_id,
        "notify",
        responsible_name="叶建华",
        responsible_phone="13900001111",
        deadline_at="2020-01-01T10:00",
    )
    garbled = await _act(officer, "hazards", hazard_id, "notify", deadline_at="明天")
    unknown = await _act(officer, "hazards", hazard_id, "delete")

    assert no_deadline.status_code == 422 and "整改期限" in no_deadline.text
    assert bad_phone.status_code == 422 and "电话号码格式不正确" in bad_phone.text
    assert past.status_code == 422 and "整改期限须晚于现在" in past.text
    assert garbled.status_code == 422 and "整改期限格式不正确" in garbled.text
    assert unknown.status_code == 404 and "没有这个操作" in unknown.text
    page = (await officer.get(f"/governance/hazards/{hazard_id}")).text
    assert "已登记</span>" in page


async def test_another_villages_officer_gets_not_found(console_login, client, station):
    hazard_id = await _hazard(client, station)
    dispute_id = await _dispute(client, station)
    other = await console_login("minjing2")

    for path in (f"/governance/hazards/{hazard_id}", f"/governance/disputes/{dispute_id}"):
        assert (await other.get(path)).status_code == 404
    close = await other.post(
        f"/governance/hazards/{hazard_id}/close", {"note": "看看"}, token_from="/governance/hazards"
    )
    assert close.status_code == 404
    assert "叶某家老房子后墙开裂" not in (await other.get("/governance/hazards")).text


async def test_a_post_without_the_csrf_token_is_refused(console_login, client, station):
    hazard_id = await _hazard(client, station)
    officer = await console_login("minjing")

    response = await officer.post(f"/governance/hazards/{hazard_id}/close", {"note": "x"})

    assert response.status_code == 403
    assert "已登记</span>" in (await officer.get(f"/governance/hazards/{hazard_id}")).text


async def test_the_duty_room_may_not_open_the_page(console_login):
    duty = await console_login("zhiban")
    for path in ("/governance", "/governance/hazards", "/governance/work"):
        response = await duty.get(path)
        assert response.status_code == 403 and "村级治理" in response.text
    assert 'href="/console/governance"' not in (await duty.get("/desk")).text


# -- disputes --------------------------------------------------------------------------------


async def test_a_dispute_is_handed_to_an_officer_and_settled(console_login, client, station):
    dispute_id = await _dispute(client, station)
    police = await console_login("cunjing")
    page = (await police.get(f"/governance/disputes/{dispute_id}")).text
    assert f'value="person:{station.officer.id}"' in page  # 王民警, over the village

    assigned = await _act(
        police,
        "disputes",
        dispute_id,
        "assign",
        assignee=f"person:{station.officer.id}",
        deadline_at=SOON,
        note="请到现场核对地界",
    )
    officer = await console_login("minjing")
    mine = (await officer.get("/governance/disputes", params={"mine": "yes"})).text
    settled = await _act(
        officer,
        "disputes",
        dispute_id,
        "settle",
        agreement_text="双方同意以老田埂为界，界桩三日内移回原处",
    )

    assert assigned.status_code == 303 and settled.status_code == 303, settled.text
    assert "两户因承包地地界争执" in mine
    page = (await officer.get(f"/governance/disputes/{dispute_id}?done=settle")).text
    assert "调解协议已登记" in page and "已调解</span>" in page
    assert "王民警" in page and "请到现场核对地界" in page and "以老田埂为界" in page
    assert f"/console/governance/disputes/{dispute_id}/follow-up" in page


async def test_a_dispute_handed_to_a_unit_fails_and_is_referred(console_login, client, station):
    dispute_id = await _dispute(client, station)
    police = await console_login("cunjing")

    assigned = await _act(
        police, "disputes", dispute_id, "assign", unit="司法所", level="township", deadline_at=SOON
    )
    failed = await _act(
        police,
        "disputes",
        dispute_id,
        "fail",
        reason="双方各执一词，不接受调解",
        referred_to="法院",
        advice="建议向人民法院起诉",
    )

    assert assigned.status_code == 303 and failed.status_code == 303, failed.text
    page = (await police.get(f"/governance/disputes/{dispute_id}")).text
    assert "调解不成</span>" in page and "建议向人民法院起诉" in page and "司法所" in page
    listed = (await police.get("/governance/disputes", params={"status": "failed"})).text
    assert "两户因承包地地界争执" in listed


async def test_dispute_rules_answer_409_and_422(console_login, client, station):
    dispute_id = await _dispute(client, station)
    police = await console_login("cunjing")

    early = await _act(police, "disputes", dispute_id, "settle", agreement_text="和解")
    no_assignee = await _act(police, "disputes", dispute_id, "assign", deadline_at=SOON)
    no_deadline = await _act(
        police, "disputes", dispute_id, "assign", assignee=f"person:{station.officer.id}"
    )
    bad_referral = await _act(
        police, "disputes", dispute_id, "fail", reason="x", referred_to="月球", advice="y"
    )

    assert early.status_code == 409 and "请先交办或记录调解" in early.text
    assert no_assignee.status_code == 422 and "请指定一个承办方" in no_assignee.text
    assert no_deadline.status_code == 422 and "办理期限" in no_deadline.text
    assert bad_referral.status_code == 422 and "引导去向" in bad_referral.text


# -- the records read at a desk --------------------------------------------------------------


async def test_unvisited_households_roster_and_the_five_things(console_login, session, station):
    await make_household(session, station.tree.micro_grid, "上坊村下坞7号", "叶土根")
    await roster_member(session, station.tree.village, name="叶建华")
    police = await console_login("cunjing")

    unvisited = await police.get("/governance/unvisited", params={"days": "30"})
    roster = (await police.get("/governance/roster")).text
    work = await police.get("/governance/work")
    wrong_days = await police.get("/governance/unvisited", params={"days": "0"})
    wrong_month = await police.get("/governance/work", params={"month": "2026-13"})

    assert unvisited.status_code == 200
    assert "上坊村下坞7号" in unvisited.text and "从未走访" in unvisited.text
    assert "叶建华" in roster and "139****1111" in roster and "13900001111" not in roster
    assert work.status_code == 200 and "邵村警" in work.text and "警情一件事" in work.text
    assert "data-print" in work.text
    assert wrong_days.status_code == 422 and wrong_month.status_code == 422


async def test_visits_and_sentiment_lists_and_handling(console_login, client, station):
    headers = await staff_headers(client, "cunjing")
    created = await client.post(
        f"{API}/sentiments",
        json={
            "category": "demand",
            "text": "村民反映村口路灯坏了一个月",
            "area_id": station.tree.village.id,
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    item_id = created.json()["id"]
    police = await console_login("cunjing")

    listed = (await police.get("/governance/sentiments", params={"status": "open"})).text
    handled = await _act(police, "sentiments", item_id, "handle", note="已协调村委更换路灯")
    again = await _act(police, "sentiments", item_id, "handle", note="再处理一次")
    empty = await police.get("/governance/visits")

    assert "村民反映村口路灯坏了一个月" in listed
    assert handled.status_code == 303 and again.status_code == 409
    page = (await police.get(f"/governance/sentiments/{item_id}?done=handle")).text
    assert "已协调村委更换路灯" in page and "已处理</span>" in page
    assert empty.status_code == 200 and "没有走访记录" in empty.text
