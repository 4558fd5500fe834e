"""所长信箱 in Chromium against a live `jinghutong serve` on the demo station: villagers write to
the chief from the mini-program (the API, through the WeChat emulator), the chief (`chief`)
opens a letter and hands it to the area officer of 大墅村 (mj01), who then finds it among the
letters handed to them — and the API says the same."""

from __future__ import annotations

from typing import Any

PASSWORD = "jht-demo-2026"
LETTERS = (
    ("demo-villager-00002", "村口到小学那段路没有路灯，晚上孩子放学很危险，希望能装几盏灯。"),
    ("demo-villager-00003", "最近有人在村里收购旧手机，说话口音不像本地人，请派出所留意一下。"),
    ("demo-villager-00004", "邻居家的狗经常不拴绳，已经咬伤过路人，多次沟通没有用。"),
)
STORY = "我家隔壁的空房子最近晚上常有人进出，还有车停到半夜，担心是在做违法的事，请所长派人看看。"


async def villager(api: Any, openid: str) -> dict[str, str]:
    """What the mini-program does on the phone: wx.login() through the emulator."""
    code = (await api.post("/wechat-emulator/device/login", json={"openid": openid})).json()
    login = await api.post("/api/v1/auth/wechat", json={"code": code["code"]})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['token']}"}


async def write(api: Any, openid: str, text: str) -> str:
    headers = await villager(api, openid)
    answer = await api.post("/api/v1/petitions", json={"text": text}, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def logged_in(open_page: Any, username: str, start: str) -> Any:
    page = await open_page()
    await page.goto(f"/console/login?next={start}")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url(f"**{start}")
    return page


async def test_the_chief_assigns_a_letter_and_the_officer_has_it(open_page, api, shoot):
    for openid, text in LETTERS:
        await write(api, openid, text)
    petition_id = await write(api, "demo-villager-00001", STORY)

    page = await logged_in(open_page, "chief", "/console/petitions")
    assert await page.locator("nav.menu a.on").inner_text() == "所长信箱"
    row = page.locator("table.petitions tbody tr", has_text="我家隔壁的空房子")
    assert await row.locator(".badge-new").count() == 1  # not read yet
    assert "大墅村" in await row.inner_text() and "待所长阅处" in await row.inner_text()
    await page.select_option("select[name=status]", "open")
    await page.click(".filters button[type=submit]")
    await page.wait_for_url("**status=open**")
    await shoot(page, "10-petitions-inbox")

    await page.locator("table.petitions a", has_text="我家隔壁的空房子").click()
    await page.wait_for_url(f"**/console/petitions/{petition_id}")
    assert STORY in await page.inner_text("ol.letters")
    assert "****" in await page.inner_text(".facts")  # the writer's phone, masked
    assert "所长已阅" in await page.inner_text("ol.timeline")  # the read receipt
    officer = page.locator("select[name=assignee_id] option", has_text="胡文斌")
    await page.select_option("select[name=assignee_id]", await officer.get_attribute("value"))
    await page.fill("textarea[name=note]", "请三天内上门了解情况，必要时联系村警")
    await shoot(page, "11-petition-letter")
    await page.click(".assign-form button[type=submit]")
    await page.wait_for_url("**done=assign")
    assert "已交办" in await page.inner_text("#flash")
    assert "交给 胡文斌" in await page.inner_text("ol.timeline")
    assert "胡文斌" in await page.inner_text(".facts")
    await shoot(page, "12-petition-assigned")
    assert page.script_errors == []

    # The officer's own console: the letter is among those handed to them.
    mine = await logged_in(open_page, "mj01", "/console/petitions")
    row = mine.locator("table.petitions tbody tr", has_text="我家隔壁的空房子")
    await row.wait_for()
    assert "已交办民警" in await row.inner_text()
    assert "交给我办的来信" in await mine.inner_text("h1")
    await shoot(mine, "13-petitions-officer")
    await row.locator("a").click()
    await mine.wait_for_url(f"**/console/petitions/{petition_id}")
    assert "请三天内上门了解情况" in await mine.inner_text("ol.timeline")  # staff see the note
    assert await mine.locator("form.assign-form").count() == 0  # only the chief hands on

    # And the API agrees (the officer's token, as the mini-program would use it).
    token = await api.post("/api/v1/auth/password", json={"username": "mj01", "password": PASSWORD})
    bearer = {"Authorization": f"Bearer {token.json()['token']}"}
    listed = await api.get("/api/v1/petitions", params={"scope": "assigned"}, headers=bearer)
    [letter] = [p for p in listed.json()["items"] if p["id"] == petition_id]
    assert letter["status"] == "assigned" and letter["assignee"]["name"] == "胡文斌"
    assert mine.script_errors == []
