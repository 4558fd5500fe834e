"""积分 in Chromium against a live `jinghutong serve` on the demo station: 潘银花 of 大墅村 claims
points from her phone for taking a neighbour to hospital at night, the 村警 cj01 approves the
claim at his desk; she spends the points on a towel and the 村警 hands it over by the code she
reads out; a commendation an officer proposes is approved by the chief, the second person the
API requires. Then the rule book, the 光荣榜 and the 考评 sheets as the chief sees them.
Screenshots 50–59: each list and one record each."""

from __future__ import annotations

from typing import Any

from jinghutong.core import clock

PASSWORD = "jht-demo-2026"
API = "/api/v1"


async def wechat(api: Any, openid: str) -> dict[str, str]:
    code = (await api.post("/wechat-emulator/device/login", json={"openid": openid})).json()["code"]
    answer = await api.post(f"{API}/auth/wechat", json={"code": code})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def staff(api: Any, username: str) -> dict[str, str]:
    body = {"username": username, "password": PASSWORD}
    answer = await api.post(f"{API}/auth/password", json=body)
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def logged_in(open_page: Any, username: str, path: str) -> Any:
    page = await open_page()
    page.on("dialog", lambda dialog: dialog.accept())
    await page.goto(f"/console/login?next=/console{path}")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url(f"**/console{path}*")
    return page


def villager_of(live: Any) -> dict[str, Any]:
    return next(a for a in live.accounts() if a["role"] == "villager")


async def test_a_claim_is_approved_and_the_towel_handed_over_by_its_code(
    open_page, api, live, shoot
):
    villager = villager_of(live)
    phone = await wechat(api, villager["openid"])
    today = clock.now().astimezone(clock.SHANGHAI).date().isoformat()
    claimed = await api.post(
        f"{API}/points/claims",
        json={"text": "夜里十一点邻居胡大爷胸口疼，我骑电瓶车送他去镇卫生院", "happened_on": today},
        headers=phone,
    )
    assert claimed.status_code == 201, claimed.text

    page = await logged_in(open_page, "cj01", "/points/claims")
    row = page.locator("table.list tbody tr", has_text="送他去镇卫生院")
    assert villager["name"] in await row.inner_text() and "待审核" in await row.inner_text()
    await shoot(page, "50-points-claims")
    await row.locator("a").click()
    await page.wait_for_url(f"**/points/claims/{claimed.json()['id']}")
    await page.fill("#approve-form input[name=points]", "30")
    await page.fill("#approve-form input[name=note]", "见义勇为，卫生院已证实")
    await shoot(page, "51-points-claim")
    await page.click("#approve-form button[type=submit]")
    await page.wait_for_url("**done=approve")
    assert "记 30 分" in await page.inner_text("main")
    assert (await api.get(f"{API}/points/me", headers=phone)).json()["balance"] == 30

    rewards = (await api.get(f"{API}/rewards", headers=phone)).json()["items"]
    towel = next(r for r in rewards if r["name"] == "毛巾一条")
    held = await api.post(
        f"{API}/redemptions", json={"reward_id": towel["id"], "pool": "mine"}, headers=phone
    )
    assert held.status_code == 201, held.text
    code = held.json()["code_shown"]  # what she reads out at the counter

    await page.click("nav.gov-tabs a:text-is('兑换核销')")
    await page.wait_for_url("**/points/redemptions")
    row = page.locator("table.list tbody tr", has_text="毛巾一条")
    assert "待领取" in await row.inner_text() and code not in await page.inner_text("main")
    await page.fill("#fulfil-form input[name=code]", code)
    await page.click("#fulfil-form button[type=submit]")
    await page.wait_for_url("**/points/redemptions?done=*")
    assert f"已核销：{villager['name']} 领取 毛巾一条" in await page.inner_text("#flash")
    await page.click(".filters button[type=submit]")  # the waiting list again: it is gone
    await page.wait_for_url("**status=held*")
    await page.select_option(".filters select[name=status]", "fulfilled")
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**status=fulfilled*")
    assert "毛巾一条" in await page.inner_text("table.list")
    await shoot(page, "52-points-redemptions")

    mine = await api.get(f"{API}/redemptions/{held.json()['id']}", headers=phone)
    assert mine.json()["status"] == "fulfilled"
    assert (await api.get(f"{API}/points/me", headers=phone)).json()["balance"] == 10
    assert page.script_errors == []

    # A commendation the officer proposes is decided by a second person: the chief.
    me = (await api.get(f"{API}/me", headers=phone)).json()["person"]
    officer = await staff(api, "mj01")
    proposed = await api.post(
        f"{API}/points/adjustments",
        json={"person_id": me["id"], "points": 20, "reason": "夜里送邻居就医，予以表彰"},
        headers=officer,
    )
    assert proposed.status_code == 201, proposed.text
    chief = await logged_in(open_page, "chief", "/points/adjustments")
    row = chief.locator("table.list tbody tr", has_text="予以表彰")
    await row.locator("input[name=note]").fill("属实")
    await shoot(chief, "57-points-adjustments")
    await row.locator("button", has_text="通过").click()
    await chief.wait_for_url("**done=approve")
    assert (await api.get(f"{API}/points/me", headers=phone)).json()["balance"] == 30


async def test_the_rule_book_leaderboard_and_evaluations_for_the_chief(open_page, shoot):
    page = await logged_in(open_page, "chief", "/points/rules")
    assert await page.locator("#rules-form input[name=points_0]").count() == 1
    await shoot(page, "53-points-rules")

    await page.click("nav.gov-tabs a:text-is('光荣榜')")
    await page.wait_for_url("**/points/leaderboard")
    assert "积分光荣榜" in await page.inner_text("h1")
    await page.select_option(".filters select[name=area_id]", label="大墅村")
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**area_id=*")
    assert "大墅村" in await page.inner_text("h1")
    pdf = page.locator("a", has_text="A4 张贴版")
    answer = await page.request.get(await pdf.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    await shoot(page, "54-points-leaderboard")

    await page.click("nav.gov-tabs a:text-is('村警考评')")
    await page.wait_for_url("**/points/evaluations")
    months = page.locator(".filters select[name=month] option")
    await page.select_option(
        ".filters select[name=month]", await months.nth(1).get_attribute("value")
    )
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**month=*")
    await page.click("form[action$='/evaluations/compute'] button[type=submit]")
    await page.wait_for_url("**done=*")
    assert "已按记录计算" in await page.inner_text("#flash")
    assert await page.locator("table.list tbody tr").count() > 1
    await shoot(page, "55-points-evaluations")
    await page.locator("table.list tbody tr a").first.click()
    await page.wait_for_url("**/points/evaluations/*")
    await page.click("form[action$='/confirm'] button[type=submit]")
    await page.wait_for_url("**done=confirm")
    assert "已确认" in await page.inner_text("h1")
    await shoot(page, "56-points-evaluation")
    assert page.script_errors == []
