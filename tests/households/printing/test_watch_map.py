"""The village's 邻里守望示意图: every micro-grid with its 联户长 and household count."""

from __future__ import annotations

import random

from jinghutong.models import AreaLevel, Role
from support.factories import grant, make_area, make_household, make_person


async def test_the_watch_map_shows_the_micro_grids_their_leaders_and_the_officers(
    village, fetch, pdf
):
    response = await fetch(village.officer, f"/areas/{village.tree.village.id}/watch-map.pdf")

    assert response.status_code == 200, response.text
    text = pdf.text(response.content)
    assert "上坊村 邻里守望示意图" in text
    assert "第1微网格" in text and "方建国" in text and "3户" in text
    assert "汪志强" in text and "13805719001" in text
    assert "鲍立新" in text and "程小燕" in text
    assert "周秀兰" not in text  # the other village's leader
    assert "急事拨110" in text
    assert "图例" in text


async def test_a_large_village_fits_on_one_page_with_every_leader(village, fetch, pdf, session):
    rng = random.Random(7)
    for n in range(2, 46):
        micro = await make_area(
            session, f"上坊村第{n}微网格", AreaLevel.micro_grid, village.tree.grid
        )
        micro.lat, micro.lng = 29.6 + rng.random() * 0.03, 118.9 + rng.random() * 0.05
        leader = await make_person(session, f"联户长{n}号")
        await grant(session, leader, Role.group_leader, micro)
        await make_household(session, micro, f"上坊村{n}组1号", "吴国庆")
    await session.flush()

    response = await fetch(village.officer, f"/areas/{village.tree.village.id}/watch-map.pdf")

    assert response.status_code == 200
    pages = pdf.pages(response.content)
    assert len(pages) == 1
    for n in range(2, 46):
        assert f"第{n}微网格" in pages[0] and f"联户长{n}号" in pages[0]


async def test_only_staff_print_the_watch_map_and_only_for_a_village(village, fetch):
    path = f"/areas/{village.tree.village.id}/watch-map.pdf"
    assert (await fetch(village.leader, path)).status_code == 404
    assert (await fetch(village.villager, path)).status_code == 404
    micro = await fetch(village.officer, f"/areas/{village.tree.micro_grid.id}/watch-map.pdf")
    assert micro.status_code == 422
    assert micro.json()["detail"] == "邻里守望示意图只能按行政村打印"
