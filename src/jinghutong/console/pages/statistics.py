"""统计 — the dashboard of the 警情 statistics (issue 18): the station's kind of figures (总警情,
有效警情 and its 占比, each category, with 同比 or 环比), bars of this period against the
compared one, the monthly lines, the table by village; the Excel workbooks for the monthly
report. Every number is the answer of `statistics.figures.service.incident_figures`, the
function `GET /api/v1/statistics/incidents` calls, with the same parameters and scope (an area
outside one's scope is its 403); the page only lays it out (statistics_charts.py).

The resolution figures (statistics_resolution.py), the printable monthly report
(statistics_report.py) and the import of 110 history (statistics_import.py) are its tabs."""

from __future__ import annotations

from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.console.pages import (
    statistics_import,
    statistics_report,
    statistics_resolution,
)
from jinghutong.console.pages.statistics_charts import layout
from jinghutong.console.pages.statistics_common import (
    From,
    Text,
    To,
    Viewer,
    area_choices,
    incident_pair,
    page_context,
    pick,
    typed_of,
    with_default_area,
)
from jinghutong.console.templating import render
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.statistics.figures import resolution, service, xlsx
from jinghutong.statistics.figures.schemas import GroupBy

router = APIRouter(prefix="/statistics")
GROUPINGS: dict[str, GroupBy] = {
    "village": "village",
    "township": "township",
    "month": "month",
    "category": "category",
}


@router.get("")
async def dashboard(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: Text = "",
    start: From = "",
    to: To = "",
    compare: Text = "",
) -> HTMLResponse:
    """The figures of one area over one period: cards, bars, monthly lines, villages."""
    choices = await area_choices(session, me.person)
    context = page_context(me, choices, typed_of(area_id, start, to, compare))
    context.update(tab="incidents", figures=None, query="")
    try:
        picker = with_default_area(pick(area_id, start, to, compare), choices)
        context["typed"] = picker.typed
        by_month, by_village = await incident_pair(session, me.person, picker)
    except ValidationFailed as exc:  # a bad period or area: said above the picker, kept typed
        context["error"] = exc.message
        return render(
            request, "statistics/dashboard.html", context, me=me, current="statistics", status=422
        )
    picker.typed.update({"from": str(by_village.period.from_), "to": str(by_village.period.to)})
    context.update(layout(by_month, by_village), query=picker.query())
    return render(request, "statistics/dashboard.html", context, me=me, current="statistics")


def _workbook(content: bytes, filename: str, fallback: str) -> Response:
    return Response(
        content=content,
        media_type=xlsx.XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{fallback}"; '
            f"filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        },
    )


@router.get("/incidents.xlsx")
async def incidents_workbook(
    session: Session,
    me: Viewer,
    area_id: Text = "",
    start: From = "",
    to: To = "",
    compare: Text = "",
    group_by: Text = "village",
) -> Response:
    """The same workbook as `GET /api/v1/statistics/incidents.xlsx`, from the same service."""
    if group_by not in GROUPINGS:
        raise ValidationFailed("分组方式不正确", fields={"group_by": "不正确"})
    picker = pick(area_id, start, to, compare)
    figures = await service.incident_figures(
        session, me.person, area_id=picker.area_id, start=picker.start, end=picker.end,
        group_by=GROUPINGS[group_by], compare=picker.compare,
    )  # fmt: skip
    content = await anyio.to_thread.run_sync(xlsx.incidents_workbook, figures)
    name = f"{figures.area.name}{figures.period.label}警情统计.xlsx"
    return _workbook(content, name, f"incidents-{figures.period.from_}-{figures.period.to}.xlsx")


@router.get("/resolution.xlsx")
async def resolution_workbook(
    session: Session, me: Viewer, area_id: Text = "", start: From = "", to: To = ""
) -> Response:
    """The same workbook as `GET /api/v1/statistics/resolution.xlsx`."""
    picker = pick(area_id, start, to, "")
    figures = await resolution.resolution_figures(
        session, me.person, area_id=picker.area_id, start=picker.start, end=picker.end
    )
    content = await anyio.to_thread.run_sync(xlsx.resolution_workbook, figures)
    name = f"{figures.area.name}{figures.period.label}化解与响应.xlsx"
    return _workbook(content, name, f"resolution-{figures.period.from_}-{figures.period.to}.xlsx")


router.include_router(statistics_resolution.router)
router.include_router(statistics_report.router)
router.include_router(statistics_import.router)
