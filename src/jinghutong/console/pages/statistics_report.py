"""统计 · 月报 — the monthly report to print: the headline sentence, the table by category, the
months and the villages, and the resolution figures of the same area and period, on one page
(print.css and statistics.css keep the content alone, charts and tables on A4). The period
defaults to the last whole month; any other period prints the same way. The numbers are the
answers of the same service functions as the dashboard's and the API's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jinghutong.console.pages.statistics_charts import layout
from jinghutong.console.pages.statistics_common import (
    From,
    Text,
    To,
    Viewer,
    area_choices,
    incident_pair,
    last_month,
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


@router.get("/report")
async def report_page(
    request: Request,
    session: Session,
    me: Viewer,
    area_id: Text = "",
    start: From = "",
    to: To = "",
    compare: Text = "",
) -> HTMLResponse:
    """The printable report of one area over one period (the last whole month by default)."""
    if not start and not to:
        first, last = last_month()
        start, to = first.isoformat(), last.isoformat()
    choices = await area_choices(session, me.person)
    context = page_context(me, choices, typed_of(area_id, start, to, compare))
    context.update(tab="report", figures=None, query="")
    try:
        picker = with_default_area(pick(area_id, start, to, compare), choices)
        context["typed"] = picker.typed
        by_month, by_village = await incident_pair(session, me.person, picker)
        resolved = await resolution.resolution_figures(
            session, me.person, area_id=picker.area_id, start=picker.start, end=picker.end
        )
    except ValidationFailed as exc:
        context["error"] = exc.message
        return render(
            request, "statistics/report.html", context, me=me, current="statistics", status=422
        )
    picker.typed.update({"from": str(by_village.period.from_), "to": str(by_village.period.to)})
    context.update(layout(by_month, by_village), query=picker.query())
    context["r"] = resolved
    return render(request, "statistics/report.html", context, me=me, current="statistics")
