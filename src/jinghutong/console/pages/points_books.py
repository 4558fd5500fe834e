"""积分 · the station's books: the rule book (read by everyone with the page; a new version by
the chief or admin, as `PUT /api/v1/points/rules`, whose policy refuses what it refuses) and
the 光荣榜 of a quarter or year (printable, and the A4 PDF of
`GET /api/v1/points/leaderboard.pdf` served here under the console's session)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from jinghutong.areas.service import map_areas
from jinghutong.console import forms
from jinghutong.console.pages.points_common import TABS, Actor, Viewer, back
from jinghutong.console.templating import render
from jinghutong.core import clock
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import Role
from jinghutong.points.leaderboard import service as board
from jinghutong.points.leaderboard.periods import QUARTER_NAMES as QUARTERS
from jinghutong.points.leaderboard.periods import PeriodKind
from jinghutong.points.leaderboard.schemas import LeaderboardOut
from jinghutong.points.rules import views as rules
from jinghutong.points.rules.schemas import RuleBookIn

router = APIRouter()
PERIODS = {"quarter": "季度", "year": "年度"}
TOP = 10


@router.get("/rules")
async def rules_page(
    request: Request, session: Session, me: Viewer, done: str = ""
) -> HTMLResponse:
    """The active rule book; its keepers (chief, admin) get the form for a new version."""
    book = await rules.read(session, me.person.id, None)
    context = {
        "tabs": TABS,
        "tab": "rules",
        "book": book,
        "may_edit": me.has(Role.chief, Role.admin),
        "done": "新版本已生效，之前的积分记录仍按原规则。" if done == "saved" else "",
    }
    return render(request, "points/rules.html", context, me=me, current="points")


def _number(form: FormData, name: str, label: str, *, required: bool) -> int | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        if required:
            raise ValidationFailed(f"请填写{label}", fields={name: "必填"})
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(f"{label}须是整数", fields={name: "须是整数"}) from None


@router.post("/rules")
async def rules_save(request: Request, session: Session, me: Actor) -> Response:
    """A new version of the whole book, from the table's rows (kind, points, cap, words)."""
    form = await request.form()
    kinds = [str(k) for k in form.getlist("event_kind")][:30]
    entries: list[dict[str, Any]] = []
    for i, kind in enumerate(kinds):
        entries.append(
            {
                "event_kind": kind,
                "points": _number(form, f"points_{i}", f"第{i + 1}项的积分", required=True),
                "monthly_cap": _number(form, f"cap_{i}", f"第{i + 1}项的每月上限", required=False),
                "description": str(form.get(f"description_{i}") or "").strip(),
            }
        )
    data = {
        "rules": entries,
        "monthly_cap": _number(form, "monthly_cap", "每月总上限", required=False),
        "note": str(form.get("note") or "").strip() or None,
    }
    body = forms.parse(RuleBookIn, data, {"rules": "规则", "note": "修改说明"})
    await rules.replace(session, me.person.id, None, body)
    return back("/points/rules", "saved")


async def _places(session: Any, me: Any) -> list[tuple[str, str]]:
    return [
        (a.id, a.name)
        for a in await map_areas(session, me.person)
        if a.level in ("township", "village")
    ]


def _at(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed("日期格式不正确", fields={"at": "格式不正确"}) from None


def _period(value: str) -> PeriodKind:
    if value and value not in PERIODS:
        raise ValidationFailed("筛选条件“期间”不正确", fields={"period": "不正确"})
    return cast(PeriodKind, value or "quarter")


async def _board(
    session: Any, me: Any, area_id: str, period: PeriodKind, at: date | None
) -> LeaderboardOut:
    """The board of the area chosen; with none chosen, one's own area, else the first place."""
    places = await _places(session, me)
    if area_id:
        return await board.leaderboard(session, me.person, area_id[:26], period, at, TOP)
    try:
        return await board.leaderboard(session, me.person, None, period, at, TOP)
    except board.ChooseArea:
        if not places:
            raise
        return await board.leaderboard(session, me.person, places[0][0], period, at, TOP)


def _periods_to_pick(kind: PeriodKind, at: date | None) -> list[tuple[str, str]]:
    """(a day of the period, its name): this quarter and the three before, or this year and
    the one before (the browser's own date input speaks the browser's language)."""
    today = clock.now().astimezone(clock.SHANGHAI).date()
    if kind == "year":
        out = [(date(y, 1, 1).isoformat(), f"{y}年度") for y in (today.year, today.year - 1)]
    else:
        year, quarter = today.year, (today.month - 1) // 3
        out = []
        for _ in range(4):
            out.append((date(year, quarter * 3 + 1, 1).isoformat(), f"{year}年{QUARTERS[quarter]}"))
            year, quarter = (year, quarter - 1) if quarter else (year - 1, 3)
    if at is not None and at.isoformat() not in {v for v, _ in out}:
        out.append((at.isoformat(), at.isoformat()))
    return out


@router.get("/leaderboard")
async def leaderboard(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: str = "",
    period: str = "",
    at: str = "",
) -> HTMLResponse:
    kind = _period(period)
    day = _at(at)
    out = await _board(session, me, area_id, kind, day)
    places = await _places(session, me)
    if out.area.id not in {i for i, _ in places}:
        places.insert(0, (out.area.id, out.area.name))
    context = {
        "tabs": TABS,
        "tab": "leaderboard",
        "board": out,
        "places": places,
        "periods": PERIODS,
        "days": _periods_to_pick(kind, day),
        "chosen": {"area_id": out.area.id, "period": kind, "at": at},
    }
    return render(request, "points/leaderboard.html", context, me=me, current="points")


@router.get("/leaderboard.pdf")
async def leaderboard_pdf(
    session: Session,
    settings: AppSettings,
    me: Viewer,
    area_id: str = "",
    period: str = "",
    at: str = "",
) -> Response:
    """The 光荣榜 as the A4 sheet for the village notice board (the API's PDF)."""
    kind = _period(period)
    content = await board.leaderboard_pdf(
        session, me.person, settings, area_id[:26] or None, kind, _at(at), TOP
    )
    disposition = f"inline; filename=\"leaderboard.pdf\"; filename*=UTF-8''{quote('光荣榜.pdf')}"
    return Response(
        content=content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )
