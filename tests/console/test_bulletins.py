"""警讯: compose a draft, its audience preview (the API's numbers), publish within one's own
villages, the chief's approval beyond them, withdraw, the list and one bulletin's statistics."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import Bulletin, HouseholdTag
from support.auth import bearer, password_login
from support.bulletins import deliver, give_quota
from support.console import csrf_of
from support.factories import STAFF_PASSWORD, join, make_household, make_person

TITLE = "警惕冒充客服退款诈骗"
BODY = "近期有人冒充网店客服以退款为名骗取钱财，请勿点击陌生链接，勿向陌生人转账。"


async def _homes(session, emulator, station) -> None:
    """上坊村: two households (one 独居老人, with two members), 桐坑源村: one."""
    grid, other = station.tree.micro_grid, station.tree.other_micro_grid
    h1 = await make_household(session, grid, "上坊村下坞1号", "方桂英")
    h2 = await make_household(session, grid, "上坊村下坞2号", "余土根")
    h3 = await make_household(session, other, "桐坑源村3号", "方有才")
    session.add(HouseholdTag(household_id=h1.id, tag="独居老人"))
    people = [
        (await make_person(session, "方桂英", openid="o-b1"), h1),
        (await make_person(session, "方小妹"), h1),
        (await make_person(session, "余土根", openid="o-b2"), h2),
        (await make_person(session, "方有才", openid="o-b3"), h3),
    ]
    for person, household in people:
        await join(session, person, household)
    await give_quota(session, emulator, people[0][0])
    await give_quota(session, emulator, people[3][0])


def _form(areas: list[str], **extra) -> dict:
    return {"category": "反诈宣传", "title": TITLE, "body": BODY, "areas": areas, **extra}


async def _draft(browser, areas: list[str], **extra) -> str:
    response = await browser.post("/bulletins", _form(areas, **extra), token_from="/bulletins/new")
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/bulletins/")[1].split("?")[0]


async def _do(browser, bulletin_id: str, action: str, **form: str):
    return await browser.post(
        f"/bulletins/{bulletin_id}/{action}", form, token_from=f"/bulletins/{bulletin_id}"
    )


def _shown(page: str, name: str) -> int:
    return int(re.search(rf'data-preview="{name}">(\d+)<', page).group(1))


async def _api_preview(client, username: str, bulletin_id: str) -> dict:
    headers = bearer(await password_login(client, username, STAFF_PASSWORD))
    answer = await client.post(f"/api/v1/bulletins/{bulletin_id}/audience-preview", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_compose_form_offers_ones_villages_and_the_station(console_login, station):
    officer = await console_login("minjing")
    chief = await console_login("suozhang")

    mine = (await officer.get("/bulletins/new")).text
    chiefs = (await chief.get("/bulletins/new")).text

    assert f'value="{station.tree.village.id}"' in mine
    assert f'value="{station.tree.other_village.id}"' not in mine
    assert f'value="{station.tree.station.id}"' in mine and "全所，需所长审批" in mine
    assert "独居老人" in mine and 'name="csrf_token"' in mine
    assert f'value="{station.tree.other_village.id}"' in chiefs
    assert "需所长审批" not in chiefs


async def test_a_draft_shows_the_apis_audience_preview(
    console_login, client, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")

    bulletin_id = await _draft(officer, [station.tree.village.id])
    page = (await officer.get(f"/bulletins/{bulletin_id}?done=created")).text

    assert "草稿已保存" in page and TITLE in page and "草稿" in page
    api = await _api_preview(client, "minjing", bulletin_id)
    assert (api["households"], api["persons"], api["wechat_reachable"]) == (2, 3, 1)
    assert _shown(page, "households") == 2 and _shown(page, "persons") == 3
    assert _shown(page, "wechat") == 1 and not api["needs_approval"]
    assert "需所长审批" not in page and f"/bulletins/{bulletin_id}/publish" in page


async def test_targeted_households_by_tag_and_an_edit_recounts(
    console_login, client, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    village = station.tree.village.id

    bulletin_id = await _draft(officer, [village], mode="tagged", tags=["独居老人"])
    tagged = (await officer.get(f"/bulletins/{bulletin_id}")).text
    edited = await officer.post(
        f"/bulletins/{bulletin_id}/edit",
        _form([village], mode="all", title="冬季防火提示"),
        token_from=f"/bulletins/{bulletin_id}/edit",
    )
    after = (await officer.get(f"/bulletins/{bulletin_id}")).text

    assert _shown(tagged, "households") == 1 and _shown(tagged, "persons") == 2
    assert "带“独居老人”标签的户" in tagged
    assert edited.status_code == 303 and edited.headers["location"].endswith("?done=saved")
    assert "冬季防火提示" in after and _shown(after, "households") == 2
    assert (await _api_preview(client, "minjing", bulletin_id))["households"] == 2


async def test_feed_only_when_short_is_set_from_the_form_and_kept_on_edit(
    console_login, client, station
):
    officer = await console_login("minjing")
    village = station.tree.village.id
    headers = bearer(await password_login(client, "minjing", STAFF_PASSWORD))

    marked = await _draft(officer, [village], feed_only_when_short="yes")
    plain = await _draft(officer, [village])
    form = (await officer.get(f"/bulletins/{marked}/edit")).text

    api = [
        (await client.get(f"/api/v1/bulletins/{b}", headers=headers)).json()
        for b in (marked, plain)
    ]
    assert [b["feed_only_when_short"] for b in api] == [True, False]
    assert re.search(r'name="feed_only_when_short" value="yes" checked', form)


async def test_published_in_ones_village_it_goes_out_and_shows_its_stats(
    app, database, console_login, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    bulletin_id = await _draft(officer, [station.tree.village.id])

    published = await _do(officer, bulletin_id, "publish")
    going = (await officer.get(f"/bulletins/{bulletin_id}")).text
    await deliver(app, database)
    stats = (await officer.get(f"/bulletins/{bulletin_id}/stats")).text
    listed = (await officer.get("/bulletins")).text

    assert published.status_code == 303
    assert published.headers["location"].endswith("?done=published")
    assert "发送中" in going and "每 5 秒自动刷新" in going
    assert 'data-stat="targeted">3<' in stats and 'data-stat="sent">1<' in stats
    assert "上坊村" in stats and "33.3%" in stats  # 1 of 3 by WeChat
    assert TITLE in listed and "已发送" in listed and "33.3%" in listed


async def test_beyond_ones_villages_the_chief_approves(
    app, database, console_login, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    chief = await console_login("suozhang")
    bulletin_id = await _draft(officer, [station.tree.station.id])
    draft = (await officer.get(f"/bulletins/{bulletin_id}")).text
    assert "发布后需所长审批" in draft and _shown(draft, "households") == 3

    sent = await _do(officer, bulletin_id, "publish")
    by_officer = await _do(officer, bulletin_id, "approve")
    waiting = (await chief.get(f"/bulletins/{bulletin_id}")).text
    approved = await _do(chief, bulletin_id, "approve")
    await deliver(app, database)

    assert sent.headers["location"].endswith("?done=pending")
    assert by_officer.status_code == 403 and "需要所长审批" in by_officer.text
    assert "待所长审批" in waiting and f"/bulletins/{bulletin_id}/approve" in waiting
    assert approved.status_code == 303 and approved.headers["location"].endswith("?done=approved")
    page = (await officer.get(f"/bulletins/{bulletin_id}")).text
    assert "审批人" in page and "李所长" in page and "桐坑源村" in page


async def test_the_chief_sends_a_bulletin_back_with_a_reason(
    console_login, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    chief = await console_login("suozhang")
    bulletin_id = await _draft(officer, [station.tree.station.id])
    await _do(officer, bulletin_id, "publish")

    no_reason = await _do(chief, bulletin_id, "reject", reason=" ")
    rejected = await _do(chief, bulletin_id, "reject", reason="标题再写清楚些")

    assert no_reason.status_code == 422 and "退回理由" in no_reason.text
    assert rejected.status_code == 303
    page = (await officer.get(f"/bulletins/{bulletin_id}")).text
    assert "所长退回：标题再写清楚些" in page and f"/bulletins/{bulletin_id}/edit" in page


async def test_out_of_order_actions_are_409(console_login, session, emulator, station):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    chief = await console_login("suozhang")
    bulletin_id = await _draft(officer, [station.tree.village.id])

    not_pending = await _do(chief, bulletin_id, "approve")
    await _do(officer, bulletin_id, "publish")
    twice = await _do(officer, bulletin_id, "publish")
    cancelled = await _do(officer, bulletin_id, "cancel")
    cancel_again = await _do(officer, bulletin_id, "cancel")
    edit_sent = await officer.post(
        f"/bulletins/{bulletin_id}/edit", _form([station.tree.village.id]), token_from="/bulletins"
    )

    assert not_pending.status_code == 409 and "不在待审批状态" in not_pending.text
    assert twice.status_code == 409 and "已经发布过了" in twice.text
    assert cancelled.status_code == 303 and "已撤回" in (await officer.get("/bulletins")).text
    assert cancel_again.status_code == 409
    assert edit_sent.status_code == 409 and "只有草稿可以修改" in edit_sent.text


async def test_bad_compose_input_is_refused_in_chinese_and_nothing_is_saved(
    console_login, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    village = station.tree.village.id

    no_title = await officer.post(
        "/bulletins", _form([village], title=""), token_from="/bulletins/new"
    )
    nowhere = await officer.post("/bulletins", _form([]), token_from="/bulletins/new")
    no_tags = await officer.post(
        "/bulletins", _form([village], mode="tagged"), token_from="/bulletins/new"
    )
    bad_category = await officer.post(
        "/bulletins", _form([village], category="广告"), token_from="/bulletins/new"
    )
    unknown_area = await officer.post(
        "/bulletins", _form(["01NOSUCHAREA"]), token_from="/bulletins/new"
    )
    bulletin_id = await _draft(officer, [village])
    past = await _do(officer, bulletin_id, "publish", at="2020-01-01T08:00")
    garbled = await _do(officer, bulletin_id, "publish", at="明天")

    assert no_title.status_code == 422 and "标题" in no_title.text
    assert nowhere.status_code == 422 and "推送范围" in nowhere.text
    assert no_tags.status_code == 422 and "推送对象" in no_tags.text
    assert bad_category.status_code == 422 and "类别" in bad_category.text
    assert unknown_area.status_code == 422 and "不存在" in unknown_area.text
    assert past.status_code == 422 and "不能早于现在" in past.text
    assert garbled.status_code == 422 and "发布时间" in garbled.text
    assert await session.scalar(select(func.count(Bulletin.id))) == 1  # the one good draft
    assert "草稿" in (await officer.get(f"/bulletins/{bulletin_id}")).text


async def test_another_villages_officer_gets_not_found(console_login, session, emulator, station):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")
    bulletin_id = await _draft(officer, [station.tree.village.id])
    other = await console_login("minjing2")

    page = await other.get(f"/bulletins/{bulletin_id}")
    publish = await other.post(f"/bulletins/{bulletin_id}/publish", {}, token_from="/bulletins")

    assert page.status_code == 404 and "没有找到这条警讯资讯" in page.text
    assert publish.status_code == 404
    assert TITLE not in (await other.get("/bulletins")).text
    assert (await other.get(f"/bulletins/{bulletin_id}/stats")).status_code == 404


async def test_no_csrf_token_is_refused_and_a_role_without_the_page_gets_403(
    console_login, session, emulator, station
):
    await _homes(session, emulator, station)
    officer = await console_login("minjing")

    refused = await officer.post("/bulletins", _form([station.tree.village.id]))
    duty = await (await console_login("zhiban")).get("/bulletins")

    assert refused.status_code == 403 and "安全校验" in refused.text
    assert await session.scalar(select(func.count(Bulletin.id))) == 0
    assert duty.status_code == 403 and "「警讯」" in duty.text
    assert 'href="/console/bulletins"' not in duty.text


async def test_an_expired_session_mid_compose_keeps_the_typed_text(console_login, session, station):
    officer = await console_login("minjing")
    page = "/console/bulletins/new"
    token = csrf_of((await officer.get("/bulletins/new")).text)
    clock.advance(timedelta(hours=13))  # the staff token (12 h) ended while typing
    form = {
        "csrf_token": token,
        "_page": page,
        "_form": "bulletin-compose",
        **_form([station.tree.village.id], mode="tagged", tags=["独居老人"]),
    }

    response = await officer.http.post("/console/bulletins", data=form)

    assert response.status_code == 401 and "已保留" in response.text
    assert await session.scalar(select(func.count(Bulletin.id))) == 0
    draft = html.unescape(re.search(r'name="draft" value="([^"]*)"', response.text).group(1))
    after = await officer.login("minjing", next=page, draft=draft)
    kept = json.loads(re.search(r'id="jht-draft">(.*?)</script>', after.text).group(1))
    assert kept["page"] == page and kept["form"] == "bulletin-compose"
    for pair in (["title", TITLE], ["body", BODY], ["areas", station.tree.village.id]):
        assert pair in kept["fields"]
    assert ["tags", "独居老人"] in kept["fields"] and ["mode", "tagged"] in kept["fields"]
    # The compose page carries the form name console.js fills in again.
    assert 'name="_form" value="bulletin-compose"' in (await officer.get("/bulletins/new")).text
