"""The 光荣榜 printed for the village notice board: A4, full names and points, several pages
when the list is long; printed by staff only."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfReader

from support.factories import join, make_person
from support.governance import staff_headers, wechat_headers
from support.rewards import API, Q4, award, moment

PDF = f"{API}/points/leaderboard.pdf"


async def test_the_quarters_board_prints_with_names_and_points(client, board, pdf):
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        PDF, params={"area_id": board.gov.tree.village.id, "at": Q4}, headers=police
    )

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    [text] = pdf.pages(answer.content)
    assert "光荣榜" in text and "2026年第四季度积分光荣榜" in text
    assert "大墅镇 上坊村" in text and "上坊村第1微网格" in text
    for name, points in [("余春花", 50), ("叶土根", 30), ("叶春生", 25)]:
        assert name in text and f"{points} 分" in text
    assert "第1名" in text and "第3名" in text
    assert "方有才" not in text  # the other village's
    png = pdf.renders(answer.content)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size[0] < image.size[1]  # portrait
    assert image.getextrema()[0] < 100  # ink on the page, not a blank sheet


async def test_a_long_board_runs_onto_more_pages(client, session, board, pdf):
    gov = board.gov
    for n in range(40):
        person = await make_person(session, f"村民{n:02d}", openid=f"o-lb-many-{n}")
        await join(session, person, gov.h2)
        await award(session, person, 100 + n, f"visit:m{n}", created_at=moment(Q4))
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        PDF, params={"area_id": gov.tree.village.id, "at": Q4, "top": 50}, headers=police
    )

    pages = pdf.pages(answer.content)
    assert len(pages) >= 2
    assert "（续）" in pages[1]
    text = "\n".join(pages)
    assert "村民39" in text and "139 分" in text  # the first
    assert "叶春生" in text and "25 分" in text  # the last of 43
    pdf.renders(answer.content)


async def test_an_empty_quarter_prints_saying_so(client, board, pdf):
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        PDF, params={"area_id": board.gov.tree.village.id, "at": "2026-05-01"}, headers=police
    )

    assert answer.status_code == 200
    assert "本期暂无积分记录" in pdf.pages(answer.content)[0]


async def test_only_staff_print_the_board(client, device, board):
    villager = await wechat_headers(client, device, "o-gov-villager")
    leader = await wechat_headers(client, device, "o-gov-leader")
    other_police = await staff_headers(client, "cj-other")
    village = board.gov.tree.village.id

    for headers in (villager, leader, other_police):
        answer = await client.get(PDF, params={"area_id": village}, headers=headers)
        assert answer.status_code == 404, answer.text
        assert answer.json()["error"] == "BoardAreaNotFound"
