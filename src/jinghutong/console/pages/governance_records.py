"""村级治理 · the records read at a desk: 走访 (list, one visit), the households nobody visited in
N days, 社情民意 (list, one item, 处理), the 纵横斜 roster with its cameras, and the 村警 五件事
month (printable). Each calls the service of its API endpoint (visits, sentiment, roster,
work_summary)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.console import forms
from jinghutong.console.pages.governance_common import (
    PAGE_SIZE,
    TABS,
    Actor,
    Viewer,
    back,
    choice,
    recent_months,
    village_choice,
    villages,
)
from jinghutong.console.templating import render
from jinghutong.core import clock
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.governance.roster import service as roster_service
from jinghutong.governance.sentiment import handling
from jinghutong.governance.sentiment import service as sentiment_service
from jinghutong.governance.sentiment.names import STATUS_NAMES, URGENCY_NAMES
from jinghutong.governance.sentiment.schemas import HandleIn
from jinghutong.governance.visits import rounds
from jinghutong.governance.visits import service as visit_service
from jinghutong.governance.work_summary import service as work_service
from jinghutong.governance.work_summary.schemas import MONTH_PATTERN
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import SENTIMENT_CATEGORY_NAMES

router = APIRouter()
DAY_CHOICES = (7, 15, 30, 60, 90)


def _context(tab: str, **values: Any) -> dict[str, Any]:
    return {"tabs": TABS, "tab": tab, **values}


# -- 走访 ---------------------------------------------------------------------------------------


@router.get("/visits")
async def visits_list(
    request: Request, session: Session, me: Viewer, area_id: str = "", cursor: str = ""
) -> HTMLResponse:
    known = await villages(session, me.person)
    chosen = village_choice(area_id, known)
    which = visit_service.Which(area_id=chosen)
    page = await visit_service.list_visits(
        session, me.person.id, which, cursor[:200] or None, PAGE_SIZE
    )
    context = _context(
        "visits", page=page, villages=known, chosen=chosen or "", first_page=not cursor
    )
    return render(request, "governance/visits.html", context, me=me, current="governance")


@router.get("/visits/{visit_id}")
async def visit_page(
    request: Request,
    visit_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
) -> HTMLResponse:
    visit = await visit_service.get_visit(session, storage, settings, me.person.id, visit_id[:26])
    context = _context("visits", v=visit)
    return render(request, "governance/visit.html", context, me=me, current="governance")


@router.get("/unvisited")
async def unvisited(
    request: Request,
    session: Session,
    settings: AppSettings,
    me: Viewer,
    area_id: str = "",
    days: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """The village's households nobody visited in N days, the longest unvisited first."""
    known = await villages(session, me.person)
    chosen = village_choice(area_id, known) or (known[0][0] if known else None)
    n = settings.governance.unvisited_days
    if days:
        if not days.isdigit() or not 1 <= int(days) <= 365:
            raise ValidationFailed("天数须在 1 到 365 之间", fields={"days": "不正确"})
        n = int(days)
    page = None
    if chosen is not None:
        page = await rounds.unvisited(session, me.person.id, chosen, n, cursor[:200] or None, 100)
    context = _context(
        "unvisited",
        page=page,
        villages=known,
        chosen=chosen or "",
        days=n,
        day_choices=sorted({*DAY_CHOICES, n}),
        first_page=not cursor,
    )
    return render(request, "governance/unvisited.html", context, me=me, current="governance")


# -- 社情民意 -----------------------------------------------------------------------------------


@router.get("/sentiments")
async def sentiments_list(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: str = "",
    status: str = "",
    urgency: str = "",
    category: str = "",
    cursor: str = "",
) -> HTMLResponse:
    known = await villages(session, me.person)
    chosen: dict[str, Any] = {
        "area_id": village_choice(area_id, known),
        "status": choice(status, {str(k): v for k, v in STATUS_NAMES.items()}, "状态"),
        "urgency": choice(urgency, {str(k): v for k, v in URGENCY_NAMES.items()}, "紧急程度"),
        "category": choice(category, SENTIMENT_CATEGORY_NAMES, "类别"),
    }
    filters = {k: chosen[k] for k in ("category", "urgency", "status")}
    page = await sentiment_service.list_items(
        session,
        me.person.id,
        area_id=chosen["area_id"],
        filters=filters,
        cursor=cursor[:200] or None,
        limit=PAGE_SIZE,
    )
    context = _context(
        "sentiments",
        page=page,
        villages=known,
        chosen=chosen,
        first_page=not cursor,
        statuses=STATUS_NAMES,
        urgencies=URGENCY_NAMES,
        categories=SENTIMENT_CATEGORY_NAMES,
    )
    return render(request, "governance/sentiments.html", context, me=me, current="governance")


@router.get("/sentiments/{item_id}")
async def sentiment_page(
    request: Request,
    item_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    done: str = "",
) -> HTMLResponse:
    item = await sentiment_service.get_item(session, storage, settings, me.person.id, item_id[:26])
    context = _context("sentiments", s=item, done="处理情况已登记。" if done == "handle" else "")
    return render(request, "governance/sentiment.html", context, me=me, current="governance")


@router.post("/sentiments/{item_id}/handle")
async def sentiment_handle(
    item_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Actor,
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    body = forms.parse(HandleIn, {"note": note}, {"note": "处理情况"})
    await handling.handle(session, storage, settings, me.person, item_id[:26], body)
    return back(f"/governance/sentiments/{item_id}", "handle")


# -- 纵横斜 --------------------------------------------------------------------------------------


@router.get("/roster")
async def roster(request: Request, session: Session, me: Viewer, area_id: str = "") -> HTMLResponse:
    """The village's 纵横斜 roster and cameras (phones masked, as the API shows them)."""
    known = await villages(session, me.person)
    chosen = village_choice(area_id, known) or (known[0][0] if known else None)
    out = None
    if chosen is not None:
        out = await roster_service.roster(session, me.person.id, chosen, include_inactive=False)
    context = _context("roster", roster=out, villages=known, chosen=chosen or "")
    return render(request, "governance/roster.html", context, me=me, current="governance")


# -- 五件事 -------------------------------------------------------------------------------------


@router.get("/work")
async def work(request: Request, session: Session, me: Viewer, month: str = "") -> HTMLResponse:
    """The 村警 五件事 of one month, one row per 村警 (printable)."""
    if month and re.fullmatch(MONTH_PATTERN, month) is None:
        raise ValidationFailed("月份格式不正确，应为 YYYY-MM", fields={"month": "格式不正确"})
    out = await work_service.summary(
        session, me.person.id, person_id=None, month=month or None, cursor=None, limit=100
    )
    names = [t.name for t in out.items[0].things] if out.items else []
    totals = [sum(p.things[i].count for p in out.items) for i in range(len(names))]
    context = _context(
        "work",
        summary=out,
        names=names,
        totals=totals,
        printed_at=clock.now(),
        month=out.month,
        months=recent_months(out.month),
    )
    return render(request, "governance/work.html", context, me=me, current="governance")
