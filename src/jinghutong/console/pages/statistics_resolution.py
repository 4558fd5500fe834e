"""统计 · 化解与响应 — where disputes and cases ended (联户网格 / 村 / 镇 / 派出所, with the
小事不出联户网格 and 大事不出镇 shares), response times p50/p90 by village, escalations,
所长直通车 letters answered in time, bulletin reach and read rates: the answer of
`statistics.figures.resolution.resolution_figures`, the function
`GET /api/v1/statistics/resolution` calls, laid out as tables."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jinghutong.console.pages.statistics_common import (
    From,
    Text,
    To,
    Viewer,
    area_choices,
    page_context,
    pick,
    typed_of,
    with_default_area,
)
from jinghutong.console.templating import render
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.statistics.figures import resolution

router = APIRouter()


@router.get("/resolution")
async def resolution_page(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: Text = "",
    start: From = "",
    to: To = "",
    compare: Text = "",
) -> HTMLResponse:
    """The resolution figures of one area over one period (`compare` only kept for the
    other tabs' links)."""
    choices = await area_choices(session, me.person)
    context = page_context(me, choices, typed_of(area_id, start, to, compare))
    context.update(tab="resolution", figures=None, query="")
    try:
        picker = with_default_area(pick(area_id, start, to, compare), choices)
        context["typed"] = picker.typed
        figures = await resolution.resolution_figures(
            session, me.person, area_id=picker.area_id, start=picker.start, end=picker.end
        )
    except ValidationFailed as exc:
        context["error"] = exc.message
        return render(
            request, "statistics/resolution.html", context, me=me, current="statistics",
            status=422,
        )  # fmt: skip
    picker.typed.update({"from": str(figures.period.from_), "to": str(figures.period.to)})
    context.update(figures=figures, r=figures, query=picker.query())
    return render(request, "statistics/resolution.html", context, me=me, current="statistics")
