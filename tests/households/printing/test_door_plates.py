"""Door-plate sheets: every household's card, its current code, the order, the size of a village."""

from __future__ import annotations

import time

from jinghutong.households.codes.scenes import scene_for
from jinghutong.models import AreaLevel, Household
from support.factories import make_area, make_household


async def test_a_micro_grid_sheet_shows_each_household_and_scans_to_its_current_code(
    village, fetch, pdf, session
):
    rotated = village.households[0]
    rotated.code_version = 3
    await session.flush()

    response = await fetch(
        village.officer, f"/areas/{village.tree.micro_grid.id}/household-codes.pdf"
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf.text(response.content)
    for address in ("上坊村下坞12号", "上坊村下坞3号", "上坊村上坞7号"):
        assert address in text
    assert "户主：方**" in text and "户主：欧***" in text
    assert "方桂英" not in text  # the head's full name never goes on a door
    assert "微信扫一扫 加入警户通" in text
    assert "大市派出所" in text
    assert "联户长：方建国" in text
    assert "上坊村第1微网格" in text
    assert "桐坑源村1号" not in text  # another micro-grid's household
    scanned = set(pdf.qr_codes(response.content))
    expected = {scene_for(h.id, h.code_version) for h in village.households}
    assert scanned == expected
    assert scene_for(rotated.id, 0) not in scanned  # the old plate's code is not printed again


async def test_a_village_sheet_is_ordered_by_micro_grid_then_address(village, fetch, pdf, session):
    second = await make_area(session, "上坊村第2微网格", AreaLevel.micro_grid, village.tree.grid)
    tenth = await make_area(session, "上坊村第10微网格", AreaLevel.micro_grid, village.tree.grid)
    await make_household(session, tenth, "上坊村溪边1号", "吴国庆")
    await make_household(session, second, "上坊村桥头2号", "汪海")

    response = await fetch(
        village.village_police, f"/areas/{village.tree.village.id}/household-codes.pdf"
    )

    assert response.status_code == 200, response.text
    text = pdf.text(response.content)
    order = ["上坊村下坞3号", "上坊村下坞12号", "上坊村桥头2号", "上坊村溪边1号"]
    positions = [text.index(address) for address in order]
    assert positions == sorted(positions), "第1 before 第2 before 第10; 3号 before 12号"
    assert "桐坑源村1号" not in text


async def test_a_hundred_household_sheet_is_produced_cold_and_warm(
    village, fetch, pdf, session, emulator
):
    session.add_all(
        Household(
            area_id=village.tree.micro_grid.id,
            area_path=village.tree.micro_grid.path,
            address=f"上坊村新村{n}号",
            head_name="余德明",
        )
        for n in range(1, 98)
    )
    await session.flush()
    url = f"/areas/{village.tree.village.id}/household-codes.pdf"

    started = time.perf_counter()
    cold = await fetch(village.officer, url)  # every code fetched from WeChat and cached
    cold_s = time.perf_counter() - started
    calls = emulator.state.calls["/wxa/getwxacodeunlimit"]
    started = time.perf_counter()
    warm = await fetch(village.officer, url)  # every code from the cache
    warm_s = time.perf_counter() - started

    assert cold.status_code == 200, cold.text
    assert cold.headers["x-code-fallbacks"] == warm.headers["x-code-fallbacks"] == "0"
    assert emulator.state.calls["/wxa/getwxacodeunlimit"] == calls
    pages = pdf.pages(warm.content)
    assert len(pages) == 13  # 100 households (all in this micro-grid), 8 per page
    assert "上坊村新村97号" in "".join(pages)
    print(
        f"\n100-household door-plate sheet: cold cache {cold_s:.2f}s, warm cache {warm_s:.2f}s,"
        f" {len(warm.content)} bytes"
    )


async def test_an_empty_micro_grid_still_prints_a_sheet(village, fetch, pdf, session):
    empty = await make_area(session, "上坊村第3微网格", AreaLevel.micro_grid, village.tree.grid)

    response = await fetch(village.officer, f"/areas/{empty.id}/household-codes.pdf")

    assert response.status_code == 200
    assert "该区域暂无住户" in pdf.text(response.content)
