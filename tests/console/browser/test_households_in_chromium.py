"""户籍 in Chromium, against a live `jinghutong serve` with the demo station: an area officer
(mj01, over 大墅村 and its neighbours) searches a household, opens it, checks and imports a small
register and reads the per-row report, then opens the door plates of a micro-grid to print
(Chromium shows the PDF in its viewer, with the print button)."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader

from support.spreadsheets import xlsx_bytes

PASSWORD = "jht-demo-2026"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADDRESS = "淳安县大墅镇大墅村大墅自然村3号"  # the demo's 潘银花, 大墅村第1微网格


async def logged_in(open_page: Any, username: str) -> Any:
    page = await open_page()
    await page.goto("/console/login?next=/console/households")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("form.login-card button[type=submit]")
    await page.wait_for_url("**/console/households")
    return page


async def test_an_officer_searches_opens_imports_and_prints(open_page, shoot):
    page = await logged_in(open_page, "mj01")
    assert await page.locator("nav.menu a.on").inner_text() == "户籍"

    # Search by address within one village.
    village = page.locator("select[name=village_id] option", has_text="大墅村（")
    await page.select_option("select[name=village_id]", await village.get_attribute("value"))
    await page.fill("input[name=q]", "大墅自然村3号")
    await page.click("form.filters button[type=submit]")
    row = page.locator("table.households tbody tr", has_text=ADDRESS)
    await row.wait_for()
    assert "潘银花" in await row.inner_text()
    await shoot(page, "30-households")

    # One household: its members with masked phones.
    await row.locator("a").click()
    await page.wait_for_selector("h1:has-text('户主 潘银花')")
    members = page.locator("table.members tbody")
    if await members.count():
        text = await members.inner_text()
        assert "****" in text
    assert "大墅村第1微网格" in await page.inner_text(".facts")
    await shoot(page, "31-household")

    # The import: check a small register, read the per-row report, then import it.
    await page.goto("/console/households")
    await page.click("a:has-text('导入户籍表')")
    await page.wait_for_url("**/console/households/import")
    target = page.locator("select[name=area_id] option", has_text="大墅村（")
    await page.select_option("select[name=area_id]", await target.first.get_attribute("value"))
    content = xlsx_bytes(
        [
            ["微网格", "门牌地址", "户主姓名", "人口数", "标签"],
            ["第1微网格", "大墅村新建村道8号", "汪雪梅", 3, "独居老人"],
            ["第1微网格", "大墅村新建村道9号", "汪根水", "三", ""],
            ["第99微网格", "大墅村新建村道10号", "汪土根", 2, ""],
        ]
    )
    await page.set_input_files(
        "input[name=file]",
        files=[{"name": "大墅村新户.xlsx", "mimeType": XLSX, "buffer": content}],
    )
    await page.click("button[value=check]")
    report = page.locator("#report .report[data-report=dry-run]")
    await report.wait_for()
    text = await report.inner_text()
    assert "检查结果（未写入）" in text and "第 3 行" in text and "第 4 行" in text
    await page.click("button[value=import]")  # the same file, still chosen
    done = page.locator("#report .report[data-report=done]")
    await done.wait_for()
    text = await done.inner_text()
    assert "新增 1 户" in text and "未导入 2 行" in text
    assert "人口数" in text and "微网格" in text
    await done.scroll_into_view_if_needed()
    await shoot(page, "32-import-report")
    assert not page.script_errors

    await page.goto("/console/households?q=" + "新建村道8号")
    assert "汪雪梅" in await page.inner_text("table.households")

    # The printed matter of 大墅村: the page, the door plates of its first micro-grid.
    await page.goto("/console/households")
    await page.click("a:has-text('打印门牌、公示牌、示意图')")
    await page.select_option("select[name=village_id]", await village.get_attribute("value"))
    await page.click("form.filters button[type=submit]")
    grid = page.locator("table.prints tbody tr", has_text="大墅村第1微网格")
    await grid.wait_for()
    await shoot(page, "33-print")
    link = grid.locator("a", has_text="门牌 PDF")
    async with page.context.expect_page() as opened:
        await link.click()  # a new tab: Chromium's PDF viewer, with its print button
    viewer = await opened.value
    await viewer.wait_for_load_state()
    assert viewer.url.endswith("/plates.pdf")
    await viewer.wait_for_timeout(2500)  # the viewer draws the pages
    await shoot(viewer, "35-plates-pdf")
    await viewer.close()
    plates = await page.request.get(await link.get_attribute("href"))
    assert plates.status == 200 and plates.headers["content-type"] == "application/pdf"
    body = await plates.body()
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "户主：潘**" in pdf_text and "大墅村新建村道8号" in pdf_text  # names masked

    # The page itself prints as the village's hand-out sheet: no menu, no buttons.
    await page.emulate_media(media="print")
    assert not await page.locator("nav.menu").is_visible()
    assert not await page.locator(".village-prints").is_visible()
    assert await page.locator("h2.print-only").is_visible()
    await shoot(page, "34-print-sheet")
    await page.emulate_media(media="screen")
    assert not page.script_errors
