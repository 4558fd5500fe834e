"""The figures: counts by category, place and month with 同比/环比, resolution, as JSON and xlsx."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import APIRouter, Query, Response

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.statistics.figures import auth, resolution, service, xlsx
from jinghutong.statistics.figures.periods import Compare
from jinghutong.statistics.figures.schemas import GroupBy, IncidentFigures, ResolutionFigures

router = APIRouter(prefix="/statistics", tags=["statistics"])
_errors = (
    NotAuthenticated,
    TokenInvalid,
    auth.NoStatisticsRights,
    auth.AreaOutOfScope,
    auth.AreaRequired,
    auth.AreaTooFine,
    service.BadPeriod,
    ValidationFailed,
)
_incident_errors = errors(*_errors, service.GroupTooCoarse)

AreaId = Annotated[
    str | None,
    Query(min_length=1, max_length=26, description="区域 id（村或以上）；只管一个区域时可不填"),
]
From = Annotated[
    date | None,
    Query(alias="from", description="起（含），北京时间的日期；不填为截止日所在年的1月1日"),
]
To = Annotated[date | None, Query(description="止（含）；不填或晚于今天时为今天")]
Grouping = Annotated[
    GroupBy, Query(description="category 按类别 · township 按乡镇 · village 按村 · month 按月")
]
Comparing = Annotated[Compare, Query(description="yoy 同比（上年同期）· mom 环比（上一期）")]


def _xlsx(content: bytes, filename: str, fallback: str) -> Response:
    return Response(
        content=content,
        media_type=xlsx.XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{fallback}"; '
            f"filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        },
    )


def _workbook_responses(description: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {xlsx.XLSX_MEDIA_TYPE: {}}, "description": description}}


@router.get("/incidents", responses=_incident_errors)
async def incident_figures(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    start: From = None,
    to: To = None,
    group_by: Grouping = "category",
    compare: Comparing = Compare.yoy,
) -> IncidentFigures:
    """警情 counts with 同比/环比, 日均, 有效警情占比, by category, township, village or month."""
    return await service.incident_figures(
        session, me.person, area_id=area_id, start=start, end=to, group_by=group_by,
        compare=compare,
    )  # fmt: skip


@router.get(
    "/incidents.xlsx",
    response_class=Response,
    responses={
        **_workbook_responses("警情统计（总体、分类、分组各一个工作表）"),
        **_incident_errors,
    },
)
async def incident_workbook(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    start: From = None,
    to: To = None,
    group_by: Grouping = "category",
    compare: Comparing = Compare.yoy,
) -> Response:
    """The same figures as an Excel workbook for the monthly report."""
    figures = await service.incident_figures(
        session, me.person, area_id=area_id, start=start, end=to, group_by=group_by,
        compare=compare,
    )  # fmt: skip
    content = await anyio.to_thread.run_sync(xlsx.incidents_workbook, figures)
    name = f"{figures.area.name}{figures.period.label}警情统计.xlsx"
    return _xlsx(content, name, f"incidents-{figures.period.from_}-{figures.period.to}.xlsx")


@router.get("/resolution", responses=errors(*_errors))
async def resolution_figures(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    start: From = None,
    to: To = None,
) -> ResolutionFigures:
    """Where disputes and cases ended, response times, escalations, letters, bulletin reach."""
    return await resolution.resolution_figures(
        session, me.person, area_id=area_id, start=start, end=to
    )


@router.get(
    "/resolution.xlsx",
    response_class=Response,
    responses={**_workbook_responses("化解与响应（每张表一个工作表）"), **errors(*_errors)},
)
async def resolution_workbook(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    start: From = None,
    to: To = None,
) -> Response:
    """The resolution figures as an Excel workbook for the monthly report."""
    figures = await resolution.resolution_figures(
        session, me.person, area_id=area_id, start=start, end=to
    )
    content = await anyio.to_thread.run_sync(xlsx.resolution_workbook, figures)
    name = f"{figures.area.name}{figures.period.label}化解与响应.xlsx"
    return _xlsx(content, name, f"resolution-{figures.period.from_}-{figures.period.to}.xlsx")
