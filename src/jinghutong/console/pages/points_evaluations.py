"""积分 · 村警考评: the month's sheets within one's reach (a 村警: their own), one sheet with its
items and the records behind them, and what its flags allow the reader now — compute the month
(chief, admin), confirm a draft once the month is over and decide an appeal (the chief), appeal
once within the window (the sheet's 村警) — through the services of `/api/v1/evaluations…`."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.console import forms
from jinghutong.console.pages.governance_common import recent_months
from jinghutong.console.pages.points_common import TABS, Actor, Viewer, back
from jinghutong.console.templating import render
from jinghutong.core import clock
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.governance.work_summary.schemas import MONTH_PATTERN
from jinghutong.points.evaluation import appeals, compute, service
from jinghutong.points.evaluation.schemas import AppealIn, DecideIn, MonthIn

router = APIRouter()
DONE = {
    "confirm": "考评表已确认，村警可在申诉期内申诉。",
    "appeal": "申诉已提交，等待所长裁决。",
    "decide": "申诉已裁决，考评表已定稿。",
}
NAMES = {"reason": "申诉理由", "decision": "裁决意见", "score_after": "调整后的总分"}


class UnknownAction(NotFound):
    detail = "没有这个操作"


def _month(value: str) -> str:
    if not value:
        return clock.now().astimezone(clock.SHANGHAI).strftime("%Y-%m")
    if re.fullmatch(MONTH_PATTERN, value) is None:
        raise ValidationFailed("月份格式不正确，应为 YYYY-MM", fields={"month": "格式不正确"})
    return value


@router.get("/evaluations")
async def sheets(
    request: Request, session: Session, me: Viewer, month: str = "", done: str = ""
) -> HTMLResponse:
    chosen = _month(month)
    page = await service.list_sheets(
        session, me.person.id, month=chosen, village_id=None, cursor=None, limit=100
    )
    context = {
        "tabs": TABS,
        "tab": "evaluations",
        "page": page,
        "month": chosen,
        "months": recent_months(chosen),
        "done": f"已按记录计算 {done} 份考评表。" if done.isdigit() else "",
    }
    return render(request, "points/evaluations.html", context, me=me, current="points")


@router.post("/evaluations/compute")
async def compute_month(
    session: Session, me: Actor, month: Annotated[str, Form(max_length=10)] = ""
) -> Response:
    body = forms.parse(MonthIn, {"month": month}, {"month": "月份"})
    out = await compute.compute(session, me.person.id, body.month)
    done = sum(1 for r in out.results if r.outcome != "skipped")
    return back("/points/evaluations", str(done), f"&month={body.month}")


@router.get("/evaluations/{sheet_id}")
async def sheet_page(
    request: Request, sheet_id: str, session: Session, me: Viewer, done: str = ""
) -> HTMLResponse:
    sheet = await service.read(session, me.person.id, sheet_id[:26])
    context = {"tabs": TABS, "tab": "evaluations", "s": sheet, "done": DONE.get(done, "")}
    return render(request, "points/evaluation.html", context, me=me, current="points")


@router.post("/evaluations/{sheet_id}/{action}")
async def sheet_action(
    sheet_id: str,
    action: str,
    session: Session,
    me: Actor,
    reason: Annotated[str, Form(max_length=1000)] = "",
    upheld: Annotated[str, Form(max_length=5)] = "",
    decision: Annotated[str, Form(max_length=1000)] = "",
    score_after: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    sheet_id = sheet_id[:26]
    if action == "confirm":
        await appeals.confirm(session, me.person.id, sheet_id)
    elif action == "appeal":
        body = forms.parse(AppealIn, {"reason": reason}, NAMES)
        await appeals.appeal(session, me.person.id, sheet_id, body)
    elif action == "decide":
        data = {
            "upheld": {"yes": True, "no": False}.get(upheld),
            "decision": decision,
            "score_after": score_after.strip() or None,
        }
        verdict = forms.parse(DecideIn, data, {**NAMES, "upheld": "申诉是否成立"})
        await appeals.decide(session, me.person.id, sheet_id, verdict)
    else:
        raise UnknownAction()
    return back(f"/points/evaluations/{sheet_id}", action)
