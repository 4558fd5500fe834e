"""The month's sheets as Excel: one row per 村警 on 考评汇总, every record on 考评明细, Chinese
headers; the chief or the admin downloads it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jinghutong.points.evaluation.rules import RULES
from support.evaluation import API, MONDAY, THURSDAY, MonthOfWork, move_to, previous_month

EVALUATIONS = f"{API}/evaluations"


async def test_the_xlsx_has_a_row_per_village_police_and_every_record(client, session, gov, as_):
    month, first = previous_month(move_to(THURSDAY))
    w = MonthOfWork(session, gov, first)
    visits = [await w.visit(gov.village_police, w.at(d)) for d in (2, 3)]
    dispute = await w.mediation(gov.village_police, w.at(6))
    await w.visit(gov.other_police, w.at(2))
    chief = await as_(gov.chief)
    results = (
        await client.post(f"{EVALUATIONS}/compute", json={"month": month}, headers=chief)
    ).json()["results"]
    mine = next(r["sheet_id"] for r in results if r["person"]["id"] == gov.village_police.id)
    await client.post(f"{EVALUATIONS}/{mine}/confirm", headers=chief)
    move_to(MONDAY)
    as_.forget()
    await client.post(
        f"{EVALUATIONS}/{mine}/appeal",
        json={"reason": "漏记一次走访"},
        headers=await as_(gov.village_police),
    )
    await client.post(
        f"{EVALUATIONS}/{mine}/decide",
        json={"upheld": True, "decision": "补记一次走访", "score_after": 64.5},
        headers=await as_(gov.chief),
    )

    response = await client.get(
        f"{API}/evaluations.xlsx", params={"month": month}, headers=await as_(gov.admin)
    )

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["考评汇总", "考评明细"]
    summary = list(book["考评汇总"].iter_rows(values_only=True))
    header = summary[0]
    assert header[:3] == ("村", "姓名", "月份")
    assert header[3 : 3 + len(RULES)] == tuple(r.name for r in RULES)
    assert header[-5:] == ("申诉调整", "基础分", "总分", "状态", "申诉结果")
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in summary[1:]}
    assert set(rows) == {gov.village_police.name, gov.other_police.name}
    mine_row = rows[gov.village_police.name]
    assert (mine_row["村"], mine_row["月份"], mine_row["走访"], mine_row["矛盾纠纷调处"]) == (
        gov.tree.village.name,
        month,
        1,
        2,
    )
    assert (mine_row["申诉调整"], mine_row["基础分"], mine_row["总分"]) == (1.5, 60, 64.5)
    assert mine_row["状态"] == "已定稿"
    assert mine_row["申诉结果"] == "申诉成立：补记一次走访"
    theirs = rows[gov.other_police.name]
    assert (theirs["总分"], theirs["状态"], theirs["申诉结果"]) == (60.5, "待确认", "未申诉")

    details = list(book["考评明细"].iter_rows(values_only=True))
    assert details[0] == (
        "村",
        "姓名",
        "月份",
        "考评项目",
        "本项得分",
        "记录类型",
        "记录编号",
        "说明",
    )
    mine_records = {(r[3], r[5], r[6]) for r in details[1:] if r[1] == gov.village_police.name}
    assert mine_records >= {
        ("走访", "走访", visits[0].id),
        ("走访", "走访", visits[1].id),
        ("矛盾纠纷调处", "矛盾纠纷", dispute.id),
    }
    assert any(r[3] == "申诉调整" and r[5] == "申诉" for r in details[1:])
    assert len(details) == 1 + 2 + 1 + 1 + 1  # header, 2 visits, dispute, appeal, their visit


async def test_a_month_without_sheets_is_a_workbook_of_headers(client, gov, as_):
    response = await client.get(
        f"{API}/evaluations.xlsx", params={"month": "2025-01"}, headers=await as_(gov.chief)
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(list(book["考评汇总"].iter_rows(values_only=True))) == 1


@pytest.mark.parametrize("who", ["officer", "village_police", "leader"])
async def test_only_the_chief_or_admin_exports(client, gov, as_, who):
    response = await client.get(
        f"{API}/evaluations.xlsx", params={"month": "2026-11"}, headers=await as_(getattr(gov, who))
    )
    assert response.status_code == 403 and response.json()["error"] == "NotAnExporter"


@pytest.mark.parametrize("query", ["", "?month=2026-13", "?month=2026-1"])
async def test_the_export_needs_a_good_month(client, gov, as_, query):
    response = await client.get(f"{API}/evaluations.xlsx{query}", headers=await as_(gov.chief))
    assert response.status_code == 422, response.text
