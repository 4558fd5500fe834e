"""统计 in Chromium, against a live `jinghutong serve` with the demo station (two years of 110
history): the chief opens the dashboard for 2024 against 2023 and reads the station's figures
(总警情 3210 → 2510, −21.81 %; 有效警情 −23.01 %; 治安 −19.33 %; 纠纷 −72.73 %) — the same
numbers the API gives — with the charts drawn; the village table; 化解与响应; then imports a
small 110 export through the page, reads its per-row report, and sees 2024 move; the monthly
report as it prints."""

from __future__ import annotations

from typing import Any

from support.spreadsheets import xlsx_bytes

PASSWORD = "jht-demo-2026"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31", "compare": "yoy"}
# How many pixels of a chart's canvas ECharts painted (0: nothing drawn).
PAINTED = """(id) => {
  const canvas = document.querySelector('#' + id + ' canvas');
  if (!canvas) { return -1; }
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) { painted += 1; } }
  return painted;
}"""


async def api_figures(api: Any, **params: str) -> dict[str, Any]:
    login = await api.post(
        "/api/v1/auth/password", json={"username": "chief", "password": PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    response = await api.get("/api/v1/statistics/incidents", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def kpi(page: Any, code: str) -> tuple[int, int, str]:
    card = page.locator(f".kpi[data-kpi={code}]")
    count = int(await card.locator("[data-field=count]").inner_text())
    previous = int(await card.locator("[data-field=previous]").inner_text())
    return count, previous, (await card.locator(".moved .chg").inner_text()).strip()


async def test_the_chief_reads_the_years_figures_and_imports_history(open_page, api, shoot):
    figures = await api_figures(api, group_by="village", **YEAR_2024)
    lines = {c["code"]: c for c in figures["categories"]}
    # The demo's two years, as the station reported them (demo/history.py).
    assert (figures["total"]["previous"], figures["total"]["count"]) == (3210, 2510)
    assert figures["total"]["change_pct"] == -21.81 and figures["valid"]["change_pct"] == -23.01
    assert lines["public_order"]["change_pct"] == -19.33
    assert lines["dispute"]["change_pct"] == -72.73

    page = await open_page()
    await page.goto("/console/login?next=/console/statistics")
    await page.fill("input[name=username]", "chief")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url("**/console/statistics")
    assert await page.locator("nav.menu a.on").inner_text() == "统计"

    # The period picker: 2024 against the year before.
    await page.fill("input[name=from]", "2024-01-01")
    await page.fill("input[name=to]", "2024-12-31")
    await page.select_option("select[name=compare]", "yoy")
    await page.click("form.stat-picker button[type=submit]")
    await page.wait_for_url("**/console/statistics?*from=2024-01-01*")
    await page.wait_for_selector("#chart-months[data-drawn=true]")

    assert await kpi(page, "total") == (2510, 3210, "−21.81%")
    assert (await kpi(page, "valid"))[2] == "−23.01%"
    assert await kpi(page, "public_order") == (
        lines["public_order"]["count"], lines["public_order"]["previous"], "−19.33%",
    )  # fmt: skip
    assert (await kpi(page, "dispute"))[2] == "−72.73%"
    summary = await page.inner_text("[data-summary]")
    assert summary.startswith("2024年辖区总警情同比下降21.81%，有效警情下降23.01%")
    for chart in ("chart-overall", "chart-categories", "chart-months"):
        assert await page.evaluate(PAINTED, chart) > 2000, chart
    await shoot(page, "60-statistics-yoy")

    # The table by village: each village's line is the API's.
    first = figures["groups"][0]
    row = page.locator(f"table.places tr[data-key='{first['key']}']")
    assert await row.locator("[data-field=total]").inner_text() == str(first["total"]["count"])
    footer = page.locator("table.places tfoot")
    assert "2510" in await footer.inner_text() and "88.65%" in await footer.inner_text()
    await page.evaluate("document.getElementById('villages').scrollIntoView({block: 'start'})")
    await shoot(page, "61-statistics-villages")

    # 化解与响应 for the same period (the tab keeps it).
    await page.click("nav.stat-tabs a:has-text('化解与响应')")
    await page.wait_for_url("**/console/statistics/resolution?*from=2024-01-01*")
    whole = page.locator("table.times tr[data-key=total]")
    assert await whole.locator("[data-field=accept-p50]").inner_text() != "—"
    assert await page.locator("[data-levels=disputes]").is_visible()
    await shoot(page, "62-statistics-resolution")
    await page.evaluate("document.getElementById('times').scrollIntoView({block: 'start'})")
    await shoot(page, "65-statistics-response-times")

    # Import a small 110 export: one good row of each, two refused; the report says which.
    await page.click("nav.stat-tabs a:has-text('导入110历史')")
    await page.wait_for_url("**/console/statistics/import")
    village = figures["groups"][0]["name"]
    content = xlsx_bytes(
        [
            ["警情号", "报警时间", "类别", "细类", "管辖单位", "地址", "处理结果"],
            ["B2024900001", "2024-06-01 09:30:00", "治安案件", "殴打他人", village, "", "调解"],
            ["B2024900002", "2024-06-02 20:10:00", "治安案件", "", village, "", "已处理"],
            ["B2024900003", "2024-06-03 15:00:00", "纠纷", "邻里纠纷", village, "", "调解"],
            ["B2024900004", "2999-06-03 15:00:00", "纠纷", "", village, "", ""],
            ["B2024900005", "2024-06-04 15:00:00", "求助", "", "汾口派出所", "", ""],
        ]
    )
    await page.set_input_files(
        "input[name=file]", files=[{"name": "110导出.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    await page.click("button[value=check]")
    checked = page.locator("#report .report[data-report=dry-run]")
    await checked.wait_for()
    assert "检查结果（未写入）" in await checked.inner_text()
    await page.click("button[value=import]")
    done = page.locator("#report .report[data-report=done]")
    await done.wait_for()
    text = await done.inner_text()
    assert "新增 3 条" in text and "未导入 2 行" in text
    assert "第 5 行" in text and "第 6 行" in text
    await done.scroll_into_view_if_needed()
    await shoot(page, "63-statistics-import-report")

    # The year's numbers moved by what was imported, on the page and in the API alike.
    await page.goto("/console/statistics?from=2024-01-01&to=2024-12-31&compare=yoy")
    assert await kpi(page, "total") == (2513, 3210, "−21.71%")
    assert (await kpi(page, "dispute"))[0] == lines["dispute"]["count"] + 1
    again = await api_figures(api, group_by="village", **YEAR_2024)
    assert again["total"]["count"] == 2513

    # The monthly report prints alone: no menu, no buttons, the charts drawn.
    await page.click("a:has-text('打印月报')")
    await page.wait_for_url("**/console/statistics/report?*")
    await page.wait_for_selector(".report-sheet [data-chart][data-drawn=true]")
    assert "大市派出所2024年警情统计报表" in await page.inner_text(".report-sheet h1")
    await page.emulate_media(media="print")
    assert not await page.locator("nav.menu").is_visible()
    assert not await page.locator("button[data-print]").is_visible()
    assert await page.locator(".report-sheet").is_visible()
    await shoot(page, "64-statistics-report-print")
    await page.emulate_media(media="screen")
    assert not page.script_errors
