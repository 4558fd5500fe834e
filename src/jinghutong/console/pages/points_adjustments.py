"""积分 · 人工奖扣: the manual entries (表彰, or a deduction for a false report) over one's area,
and their decision by a SECOND person — as `POST /api/v1/points/adjustments/{id}/approve|
reject`, whose service refuses the proposer (403) and a decided one (409). Proposing stays in
the API (it names the person and the case behind a deduction)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.console import forms
from jinghutong.console.pages.points_common import TABS, Actor, Viewer, back
from jinghutong.console.templating import render
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotFound, ValidationFailed
from jinghutong.points.ledger.adjustment_list import list_adjustments
from jinghutong.points.ledger.adjustments import decide
from jinghutong.points.ledger.schemas import DecisionIn

router = APIRouter()
STATUSES = {"pending": "待审核", "approved": "已通过", "rejected": "未通过"}
DONE = {"approve": "已通过，积分已记入。", "reject": "已驳回，不记积分。"}


class UnknownDecision(NotFound):
    detail = "没有这个操作"


@router.get("/adjustments")
async def adjustments(
    request: Request, session: Session, me: Viewer, status: str = "", done: str = ""
) -> HTMLResponse:
    chosen = status or "pending"
    if chosen not in (*STATUSES, "all"):
        raise ValidationFailed("筛选条件“状态”不正确", fields={"status": "不正确"})
    rows = await list_adjustments(session, me.person.id, None if chosen == "all" else chosen)
    context = {
        "tabs": TABS,
        "tab": "adjustments",
        "rows": rows,
        "chosen": chosen,
        "statuses": STATUSES,
        "done": DONE.get(done, ""),
    }
    return render(request, "points/adjustments.html", context, me=me, current="points")


@router.post("/adjustments/{adjustment_id}/{decision}")
async def adjustment_decide(
    adjustment_id: str,
    decision: str,
    session: Session,
    me: Actor,
    note: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    if decision not in DONE:
        raise UnknownDecision()
    body = forms.parse(DecisionIn, {"note": note}, {"note": "审核意见"})
    await decide(session, me.person.id, adjustment_id[:26], decision == "approve", body.note)
    return back("/points/adjustments", decision)
