"""积分 over HTTP: claims reviewed at a desk, redemptions handed over by their code, the rule
book read and rewritten by its keepers, the 光荣榜 and its PDF, the 村警 考评 from computing to a
decided appeal — each through the API's services and rules — and who may open what."""

from __future__ import annotations

import re
from datetime import timedelta

from jinghutong.core import clock
from support.auth import bearer, wechat_login
from support.console import csrf_of
from support.factories import join, make_household, make_person
from support.governance import staff_headers
from support.rewards import award, make_reward, redeem

API = "/api/v1"


async def _villager(session, station, client, device, name: str = "方桂英", micro=None):
    household = await make_household(session, micro or station.tree.micro_grid)
    openid = f"o-points-{name}"
    person = await make_person(session, name, openid=openid)
    await join(session, person, household)
    return person, bearer(await wechat_login(client, device, openid))


async def _claim(client, headers, text: str = "夜里送邻居叶大爷去镇卫生院") -> str:
    today = clock.now().astimezone(clock.SHANGHAI).date().isoformat()
    created = await client.post(
        f"{API}/points/claims", json={"text": text, "happened_on": today}, headers=headers
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _post(browser, page: str, action: str, **form: str):
    return await browser.post(action, form, token_from=page)


# -- claims ----------------------------------------------------------------------------------


async def test_a_claim_is_approved_with_points_and_shows_on_the_leaderboard(
    console_login, client, device, session, station
):
    _, headers = await _villager(session, station, client, device)
    claim_id = await _claim(client, headers)
    police = await console_login("cunjing")

    pending = (await police.get("/points/claims")).text
    page = (await police.get(f"/points/claims/{claim_id}")).text
    approved = await _post(
        police, f"/points/claims/{claim_id}", f"/points/claims/{claim_id}/approve", points="30"
    )
    again = await _post(
        police, f"/points/claims/{claim_id}", f"/points/claims/{claim_id}/reject", reason="重复"
    )

    assert "夜里送邻居叶大爷去镇卫生院" in pending and "方桂英" in pending
    assert f"/console/points/claims/{claim_id}/approve" in page
    assert approved.status_code == 303, approved.text
    assert approved.headers["location"] == f"/console/points/claims/{claim_id}?done=approve"
    assert again.status_code == 409 and "已经审核过了" in again.text
    done = (await police.get(f"/points/claims/{claim_id}?done=approve")).text
    assert "已通过，积分已记入" in done and "记 30 分" in done
    me = await client.get(f"{API}/points/me", headers=headers)
    assert me.json()["balance"] == 30
    board = await police.get("/points/leaderboard", params={"area_id": station.tree.village.id})
    assert board.status_code == 200 and "方桂英" in board.text and "30" in board.text
    assert "/console/points/leaderboard.pdf?area_id=" in board.text
    pdf = await police.get("/points/leaderboard.pdf", params={"area_id": station.tree.village.id})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    wrong = await police.get("/points/leaderboard", params={"period": "week"})
    assert wrong.status_code == 422 and "期间" in wrong.text


async def test_a_claim_is_rejected_with_the_reason_the_claimant_reads(
    console_login, client, device, session, station
):
    _, headers = await _villager(session, station, client, device)
    claim_id = await _claim(client, headers)
    officer = await console_login("minjing")
    page = f"/points/claims/{claim_id}"

    no_reason = await _post(officer, page, f"{page}/reject", reason="")
    rejected = await _post(officer, page, f"{page}/reject", reason="没有写明帮了谁，请补充后再报")

    assert no_reason.status_code == 422 and "不通过的原因" in no_reason.text
    assert rejected.status_code == 303
    mine = await client.get(f"{API}/points/claims/{claim_id}", headers=headers)
    assert mine.json()["status"] == "rejected"
    assert mine.json()["decision_reason"] == "没有写明帮了谁，请补充后再报"
    listed = (await officer.get("/points/claims", params={"status": "rejected"})).text
    assert "夜里送邻居叶大爷去镇卫生院" in listed


async def test_bad_points_and_filters_are_refused_in_chinese(
    console_login, client, device, session, station
):
    _, headers = await _villager(session, station, client, device)
    claim_id = await _claim(client, headers)
    police = await console_login("cunjing")
    page = f"/points/claims/{claim_id}"

    too_many = await _post(police, page, f"{page}/approve", points="80")
    none = await _post(police, page, f"{page}/approve", points="")
    wrong_filter = await police.get("/points/claims", params={"status": "lost"})

    assert too_many.status_code == 422 and "积分" in too_many.text
    assert none.status_code == 422
    assert wrong_filter.status_code == 422 and "筛选条件" in wrong_filter.text
    assert "待审核" in (await police.get(page)).text


async def test_another_villages_officer_gets_not_found_for_the_claim(
    console_login, client, device, session, station
):
    _, headers = await _villager(session, station, client, device)
    claim_id = await _claim(client, headers)
    other = await console_login("minjing2")

    page = await other.get(f"/points/claims/{claim_id}")
    approve = await _post(other, "/points/claims", f"/points/claims/{claim_id}/approve", points="5")

    assert page.status_code == 404 and approve.status_code == 404
    assert "夜里送邻居叶大爷去镇卫生院" not in (await other.get("/points/claims")).text


async def test_a_decision_without_the_csrf_token_is_refused(
    console_login, client, device, session, station
):
    _, headers = await _villager(session, station, client, device)
    claim_id = await _claim(client, headers)
    police = await console_login("cunjing")

    response = await police.post(f"/points/claims/{claim_id}/approve", {"points": "30"})

    assert response.status_code == 403
    assert (await client.get(f"{API}/points/me", headers=headers)).json()["balance"] == 0


async def test_the_duty_room_may_not_open_the_page(console_login):
    duty = await console_login("zhiban")
    for path in ("/points", "/points/claims", "/points/redemptions", "/points/rules"):
        response = await duty.get(path)
        assert response.status_code == 403 and "积分" in response.text


# -- redemptions -----------------------------------------------------------------------------


async def test_a_redemption_is_handed_over_by_its_code_once(
    console_login, client, device, session, station
):
    villager, headers = await _villager(session, station, client, device)
    await award(session, villager, 50, "console-test:1")
    reward = await make_reward(session, station.tree.station, "洗衣粉一袋", 30, 5)
    held = await redeem(client, headers, reward)
    assert held.status_code == 201, held.text
    code = held.json()["code_shown"]
    police = await console_login("cunjing")

    waiting = (await police.get("/points/redemptions")).text
    wrong = await _post(
        police, "/points/redemptions", "/points/redemptions/fulfil", code="1111111111"
    )
    letters = await _post(police, "/points/redemptions", "/points/redemptions/fulfil", code="abc")
    handed = await _post(police, "/points/redemptions", "/points/redemptions/fulfil", code=code)
    twice = await _post(police, "/points/redemptions", "/points/redemptions/fulfil", code=code)

    assert "洗衣粉一袋" in waiting and "方桂英" in waiting and code not in waiting
    assert wrong.status_code == 404 and "兑换码不正确" in wrong.text
    assert letters.status_code == 422 and "兑换码" in letters.text
    assert handed.status_code == 303, handed.text
    shown = (await police.get(handed.headers["location"].removeprefix("/console"))).text
    assert "已核销：方桂英 领取 洗衣粉一袋" in shown
    assert twice.status_code == 409 and "邵村警" in twice.text  # who handed it over, and when
    mine = await client.get(f"{API}/redemptions/{held.json()['id']}", headers=headers)
    assert mine.json()["status"] == "fulfilled"


# -- the rule book ---------------------------------------------------------------------------


async def test_the_chief_publishes_a_new_rule_book_and_the_police_reads_it(console_login):
    chief = await console_login("suozhang")
    page = (await chief.get("/points/rules")).text
    kinds = re.findall(r'name="event_kind" value="([a-z_]+)"', page)
    points = re.findall(r'name="points_(\d+)" value="(-?\d+)"', page)
    assert kinds and len(kinds) == len(points)
    # The book as shown, with the visit rule raised: the form posts every row.
    form: dict[str, str | list[str]] = {
        "event_kind": kinds,
        "monthly_cap": "250",
        "note": "提高走访积分",
    }
    for i, kind in enumerate(kinds):
        form[f"points_{i}"] = "5" if kind == "visit_recorded" else points[i][1]
    form["csrf_token"] = csrf_of(page)

    saved = await chief.http.post("/console/points/rules", data=form)
    police = await console_login("cunjing")
    read = (await police.get("/points/rules")).text
    refused = await _post(
        police, "/points/rules", "/points/rules", event_kind="claim", points_0="9"
    )
    bad = await chief.http.post(
        "/console/points/rules",
        data={"event_kind": "claim", "points_0": "很多", "csrf_token": csrf_of(page)},
    )

    assert saved.status_code == 303, saved.text
    assert "第 2 版" in read and "提高走访积分" in read and "250" in read
    assert 'name="points_0"' not in read and "由所长或管理员修改" in read
    assert refused.status_code == 403
    assert bad.status_code == 422 and "须是整数" in bad.text


# -- 考评 ------------------------------------------------------------------------------------


async def test_the_chief_computes_and_confirms_a_sheet_and_decides_the_appeal(console_login):
    last_month = (
        clock.now().astimezone(clock.SHANGHAI).replace(day=1) - timedelta(days=1)
    ).strftime("%Y-%m")
    chief = await console_login("suozhang")
    listing = f"/points/evaluations?month={last_month}"

    computed = await _post(chief, listing, "/points/evaluations/compute", month=last_month)
    sheets = (await chief.get("/points/evaluations", params={"month": last_month})).text
    sheet_id = sheets.split('href="/console/points/evaluations/')[1].split('"')[0]
    sheet = f"/points/evaluations/{sheet_id}"
    confirmed = await _post(chief, sheet, f"{sheet}/confirm")
    twice = await _post(chief, sheet, f"{sheet}/confirm")
    police = await console_login("cunjing")
    appealed = await _post(police, sheet, f"{sheet}/appeal", reason="8月的两次走访没有计入")
    no_score = await _post(chief, sheet, f"{sheet}/decide", upheld="yes", decision="核实属实")
    decided = await _post(
        chief, sheet, f"{sheet}/decide", upheld="yes", decision="核实属实", score_after="101.5"
    )

    assert (
        computed.status_code == 303
        and "已按记录计算"
        in (await chief.get(computed.headers["location"].removeprefix("/console"))).text
    )
    assert "邵村警" in sheets
    assert confirmed.status_code == 303 and twice.status_code == 409
    assert appealed.status_code == 303, appealed.text
    assert no_score.status_code == 422 and "调整后的总分" in no_score.text
    assert decided.status_code == 303, decided.text
    page = (await police.get(sheet)).text
    assert "已定稿" in page and "101.5" in page and "申诉成立" in page
    officer_elsewhere = await console_login("minjing2")
    assert (await officer_elsewhere.get(sheet)).status_code == 404


# -- 人工奖扣 --------------------------------------------------------------------------------


async def test_a_manual_entry_is_decided_by_a_second_person_only(
    console_login, client, device, session, station
):
    villager, headers = await _villager(session, station, client, device)
    proposed = await client.post(
        f"{API}/points/adjustments",
        json={"person_id": villager.id, "points": 20, "reason": "协助寻回走失老人，予以表彰"},
        headers=await staff_headers(client, "cunjing"),
    )
    assert proposed.status_code == 201, proposed.text
    adjustment = proposed.json()["id"]
    police = await console_login("cunjing")
    officer = await console_login("minjing")
    listing = "/points/adjustments"

    own_page = (await police.get(listing)).text
    own = await _post(police, listing, f"{listing}/{adjustment}/approve")
    other_page = (await officer.get(listing)).text
    approved = await _post(officer, listing, f"{listing}/{adjustment}/approve", note="属实")
    twice = await _post(officer, listing, f"{listing}/{adjustment}/reject")
    elsewhere = await console_login("minjing2")

    assert "协助寻回走失老人" in own_page and "须由另一人审核" in own_page
    assert f"/console/points/adjustments/{adjustment}/approve" not in own_page
    assert own.status_code == 403 and "只有所长或民警可以审核" in own.text
    assert f"/console/points/adjustments/{adjustment}/approve" in other_page
    assert approved.status_code == 303 and twice.status_code == 409
    assert (await client.get(f"{API}/points/me", headers=headers)).json()["balance"] == 20
    done = (await officer.get(listing, params={"status": "approved"})).text
    assert "王民警" in done and "属实" in done
    assert "协助寻回走失老人" not in (await elsewhere.get(listing, params={"status": "all"})).text

    by_officer = await client.post(
        f"{API}/points/adjustments",
        json={"person_id": villager.id, "points": 10, "reason": "协助排查安全隐患"},
        headers=await staff_headers(client, "minjing"),
    )
    second = by_officer.json()["id"]
    himself = await _post(officer, listing, f"{listing}/{second}/approve")
    chief = await console_login("suozhang")
    by_chief = await _post(chief, listing, f"{listing}/{second}/reject", note="已另行表彰")
    assert himself.status_code == 403 and "提出人不能自己审核" in himself.text
    assert by_chief.status_code == 303
    assert (await client.get(f"{API}/points/me", headers=headers)).json()["balance"] == 20
