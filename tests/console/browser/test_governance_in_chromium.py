"""村级治理 in Chromium against a live `jinghutong serve` on the demo station (大墅村: cj01 is its
村警, mj01 its 防区民警, 李炳荣 the 联户长 of its first micro-grid). Two stories of FIELD.md:
叶某's unsafe house — the 联户长 reports it from her phone, the officer grades it 重大 and
notifies the rectification, the 村警 reports it done, the officer accepts and closes it with
the 销号 note the API requires; and the land-boundary quarrel — the 联户长 records it, the 村警
hands it (交办) to the officer with a deadline, who records the session on the ground and the
settlement. Screenshots 40–49: each list and one record each."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jinghutong.core import clock

PASSWORD = "jht-demo-2026"
API = "/api/v1"


async def staff(api: Any, username: str) -> dict[str, str]:
    answer = await api.post(
        f"{API}/auth/password", json={"username": username, "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def wechat(api: Any, openid: str) -> dict[str, str]:
    code = (await api.post("/wechat-emulator/device/login", json={"openid": openid})).json()["code"]
    answer = await api.post(f"{API}/auth/wechat", json={"code": code})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def leader_of(live: Any) -> dict[str, Any]:
    return next(a for a in live.accounts() if a["role"] == "group_leader")


async def logged_in(open_page: Any, username: str, path: str) -> Any:
    page = await open_page()
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm asks before closing
    await page.goto(f"/console/login?next=/console{path}")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url(f"**/console{path}*")
    return page


def in_days(days: int) -> str:
    """A `datetime-local` value, Beijing time."""
    return (
        (clock.now() + timedelta(days=days)).astimezone(clock.SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    )


async def test_an_unsafe_house_is_graded_severe_notified_accepted_and_closed(
    open_page, api, live, shoot
):
    leader = leader_of(live)
    reported = await api.post(
        f"{API}/hazards",
        json={
            "kind": "housing",
            "grade": "major",
            "title": "叶某家老房子墙体开裂",
            "description": "连日暴雨，后墙裂缝变宽，屋后山坡有泥土滑落，八十岁老人独居",
            "area_id": leader["area_id"],
            "place": "大墅村下坞，叶某家",
        },
        headers=await wechat(api, leader["openid"]),
    )
    assert reported.status_code == 201, reported.text
    hazard = reported.json()

    page = await logged_in(open_page, "mj01", "/governance/hazards")
    row = page.locator("table.list tbody tr", has_text="叶某家老房子墙体开裂")
    assert "较大" in await row.inner_text() and "已登记" in await row.inner_text()
    await shoot(page, "40-governance-hazards")
    await row.locator("a").click()
    await page.wait_for_url(f"**/governance/hazards/{hazard['id']}")

    form = page.locator("#notify-form")
    await form.locator("input[name=responsible_name]").fill("叶建华")
    await form.locator("input[name=responsible_phone]").fill("13905710001")
    await form.locator("input[name=deadline_at]").fill(in_days(3))
    await form.locator("select[name=grade]").select_option("severe")
    await form.locator("textarea[name=note]").fill("先把老人转移到村避灾安置点，再请人加固后墙")
    await form.locator("button[type=submit]").click()
    await page.wait_for_url("**done=notify")
    assert "已告知整改" in await page.inner_text("#flash")
    assert "重大" in await page.inner_text("h1") and "整改中" in await page.inner_text("h1")

    done = await api.post(
        f"{API}/hazards/{hazard['id']}/report-rectified",
        json={"text": "后墙已加固，屋后排水沟已疏通"},
        headers=await staff(api, "cj01"),
    )
    assert done.status_code == 200, done.text

    await page.goto(f"/console/governance/hazards/{hazard['id']}")
    assert "待验收" in await page.inner_text("h1")
    await shoot(page, "41-governance-hazard")
    await page.click("form[action$='/accept'] button[type=submit]")
    await page.wait_for_url("**done=accept")
    await page.fill("#close-form textarea[name=note]", "加固完成，村两委和民警现场验收，老人已回家")
    await page.click("#close-form button[type=submit]")
    await page.wait_for_url("**done=close")
    assert "已销号" in await page.inner_text("h1")
    trail = await page.inner_text("ol.timeline")
    for words in ("叶建华", "后墙已加固", "老人已回家"):
        assert words in trail
    await page.locator("ol.timeline").scroll_into_view_if_needed()
    await shoot(page, "49-governance-hazard-closed")

    # The API agrees, for the 联户长 who reported it.
    seen = await api.get(
        f"{API}/hazards/{hazard['id']}", headers=await wechat(api, leader["openid"])
    )
    assert seen.json()["status"] == "closed" and seen.json()["grade"] == "severe"
    assert page.script_errors == []


async def test_the_land_boundary_quarrel_is_handed_to_the_officer_and_settled(
    open_page, api, live, shoot
):
    leader = leader_of(live)
    recorded = await api.post(
        f"{API}/disputes",
        json={
            "category": "land",
            "summary": "两户村民因承包地地界争执，险些动手",
            "description": "一方翻地时挪了界桩，双方在地头争吵推搡",
            "area_id": leader["area_id"],
            "address": "大墅村屋后承包地",
            "parties": [
                {"name": "胡大伯", "phone": "13905710002", "side": "申请人"},
                {"name": "邵二叔", "side": "被申请人"},
            ],
        },
        headers=await wechat(api, leader["openid"]),
    )
    assert recorded.status_code == 201, recorded.text
    dispute = recorded.json()

    police = await logged_in(open_page, "cj01", "/governance/disputes")
    row = police.locator("table.list tbody tr", has_text="两户村民因承包地地界争执")
    await shoot(police, "42-governance-disputes")
    await row.locator("a").click()
    form = police.locator("#assign-form")
    officer = form.locator("select[name=assignee] option", has_text="防区民警").first
    await form.locator("select[name=assignee]").select_option(await officer.get_attribute("value"))
    await form.locator("input[name=deadline_at]").fill(in_days(2))
    await form.locator("textarea[name=note]").fill("请到地头核对地界")
    await form.locator("button[type=submit]").click()
    await police.wait_for_url("**done=assign")
    assert "已交办" in await police.inner_text("h1")

    page = await logged_in(open_page, "mj01", f"/governance/disputes/{dispute['id']}")
    mediate = page.locator("form[action$='/mediate']")
    await mediate.locator("input[name=held_at]").fill(in_days(0))
    await mediate.locator("select[name=on_site]").select_option("yes")
    await mediate.locator("input[name=mediators]").fill("胡文斌（防区民警）、李炳荣（联户长）")
    await mediate.locator("input[name=attendees]").fill("胡大伯、邵二叔")
    await mediate.locator("textarea[name=summary]").fill(
        "分别听取双方陈述，对照承包合同到地头丈量，找到原来的老田埂"
    )
    await mediate.locator("button[type=submit]").click()
    await page.wait_for_url("**done=mediate")
    settle = page.locator("form[action$='/settle']")
    await settle.locator("textarea[name=agreement_text]").fill(
        "双方同意以老田埂为界，界桩三日内移回原处，握手言和"
    )
    await settle.locator("button[type=submit]").click()
    await page.wait_for_url("**done=settle")
    assert "已调解" in await page.inner_text("h1")
    assert "老田埂" in await page.inner_text("main")
    await shoot(page, "43-governance-dispute")

    seen = await api.get(f"{API}/disputes/{dispute['id']}", headers=await staff(api, "cj01"))
    assert seen.json()["status"] == "settled" and seen.json()["assignee"]["name"]
    assert page.script_errors == [] and police.script_errors == []


async def test_the_records_read_at_the_desk(open_page, api, live, shoot):
    leader = leader_of(live)
    headers = await wechat(api, leader["openid"])
    visit = await api.post(
        f"{API}/visits",
        json={
            "area_id": leader["area_id"],
            "topics": ["care", "hazard"],
            "met": "叶某本人",
            "text": "老人住进安置点后情绪稳定，血压偏高，已请村医每天来看",
        },
        headers=headers,
    )
    sentiment = await api.post(
        f"{API}/sentiments",
        json={
            "category": "demand",
            "text": "村民反映村口路灯坏了一个月，晚上出行不便",
            "area_id": leader["area_id"],
        },
        headers=headers,
    )
    assert visit.status_code == 201 and sentiment.status_code == 201, sentiment.text

    page = await logged_in(open_page, "cj01", "/governance/visits")
    assert "老人住进安置点后情绪稳定" in await page.inner_text("table.list")
    await shoot(page, "44-governance-visits")
    await page.click("nav.gov-tabs a:text-is('未走访户')")
    await page.wait_for_url("**/governance/unvisited")
    assert await page.locator("table.list tbody tr").count() > 0
    await shoot(page, "45-governance-unvisited")
    await page.click("nav.gov-tabs a:text-is('社情民意')")
    await page.wait_for_url("**/governance/sentiments")
    assert "村口路灯" in await page.inner_text("table.list")
    await shoot(page, "46-governance-sentiments")
    await page.click("nav.gov-tabs a:text-is('纵横斜名册')")
    await page.wait_for_url("**/governance/roster")
    assert await page.locator("table.list").count() == 3
    await shoot(page, "47-governance-roster")
    assert page.script_errors == []

    chief = await logged_in(open_page, "chief", "/governance/work")
    table = await chief.inner_text("table.work")
    assert "警情一件事" in table and "陈文斌" in table and "合计" in table
    await shoot(chief, "48-governance-work")
