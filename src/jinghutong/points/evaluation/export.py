"""The month's sheets as an Excel workbook (openpyxl, as households/importing writes its
template): 考评汇总 — one row per 村警 with each item's points, the base, the total, the status
and the appeal's result; 考评明细 — every record behind every item."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import DecisionStatus, EvaluationAppeal
from jinghutong.points.evaluation import auth
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.repository import Placed, SheetRepository
from jinghutong.points.evaluation.rules import APPEAL_ADJUSTMENT, APPEAL_ADJUSTMENT_NAME, RULES
from jinghutong.points.evaluation.schemas import SHEET_STATUS_NAMES
from jinghutong.points.evaluation.views import status_of

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECORD_TYPE_NAMES = {
    "case": "案件",
    "visit": "走访",
    "sentiment": "社情民意",
    "dispute": "矛盾纠纷",
    "appointment": "预约代办",
    "bulletin": "警讯",
    "duty_shift": "值班",
    "evaluation_appeal": "申诉",
}
SUMMARY_HEADERS = [
    "村", "姓名", "月份", *(r.name for r in RULES), APPEAL_ADJUSTMENT_NAME, "基础分", "总分",
    "状态", "申诉结果",
]  # fmt: skip
DETAIL_HEADERS = ["村", "姓名", "月份", "考评项目", "本项得分", "记录类型", "记录编号", "说明"]


@dataclass(frozen=True)
class Line:
    placed: Placed
    appeal: EvaluationAppeal | None


def _appeal_result(appeal: EvaluationAppeal | None) -> str:
    if appeal is None:
        return "未申诉"
    if appeal.status == DecisionStatus.pending:
        return "申诉待裁决"
    verdict = "成立" if appeal.status == DecisionStatus.approved else "未成立"
    return f"申诉{verdict}：{appeal.decision or ''}"


def _summary_row(line: Line) -> list[object]:
    sheet = line.placed.sheet
    points = {i["item"]: i["points"] for i in sheet.items}
    village = line.placed.village.name if line.placed.village else ""
    status = status_of(line.placed)
    return [
        village, line.placed.person_name, sheet.month, *(points.get(r.key, 0) for r in RULES),
        points.get(APPEAL_ADJUSTMENT, 0), sheet.base_score, sheet.score,
        SHEET_STATUS_NAMES[status], _appeal_result(line.appeal),
    ]  # fmt: skip


def _record_row(head: list[object], item: dict[str, Any], record: dict[str, str]) -> list[object]:
    kind = RECORD_TYPE_NAMES.get(record["type"], record["type"])
    return [*head, item["name"], item["points"], kind, record["id"], record.get("label", "")]


def _detail_rows(line: Line) -> list[list[object]]:
    sheet = line.placed.sheet
    village = line.placed.village.name if line.placed.village else ""
    head: list[object] = [village, line.placed.person_name, sheet.month]
    return [
        _record_row(head, item, record)
        for item in sheet.items
        for record in item.get("records", [])
    ]


def render(lines: list[Line]) -> bytes:
    book = Workbook()
    summary = book.active
    assert summary is not None  # a new Workbook always has one sheet
    summary.title = "考评汇总"
    details = book.create_sheet("考评明细")
    summary.append(SUMMARY_HEADERS)
    details.append(DETAIL_HEADERS)
    for line in lines:
        summary.append(_summary_row(line))
        for row in _detail_rows(line):
            details.append(row)
    bold = Font(bold=True)
    for sheet in (summary, details):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    details.column_dimensions["G"].width = 30
    details.column_dimensions["H"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def workbook(session: AsyncSession, person_id: str, month: str) -> bytes:
    paths = await auth.compute_scope(session, person_id)
    if not paths:
        raise e.NotAnExporter()
    repo = SheetRepository(session)
    placed = await repo.of_month_under(paths, month)
    appeals = await repo.appeals(p.sheet.id for p in placed)
    lines = [Line(p, appeals.get(p.sheet.id)) for p in placed]
    return await anyio.to_thread.run_sync(render, lines)
