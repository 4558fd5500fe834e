"""光荣榜: the quarter's or year's points per village and micro-grid, and its A4 PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, errors
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.points.leaderboard import service
from jinghutong.points.leaderboard.periods import PeriodKind
from jinghutong.points.leaderboard.schemas import LeaderboardOut

router = APIRouter(prefix="/points", tags=["points"])
_errors = errors(
    NotAuthenticated,
    TokenInvalid,
    service.BoardAreaNotFound,
    service.ChooseArea,
    service.DayOutOfRange,
)
_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "A4 PDF"},
    **_errors,
}

AreaId = Annotated[
    str | None,
    Query(
        max_length=26, description="派出所、乡镇（按村排）或村（按微网格排）；不填：自己的村或辖区"
    ),
]
Period = Annotated[PeriodKind, Query(description="quarter 季度 · year 年度")]
At = Annotated[date | None, Query(description="哪一天所在的季度或年度（北京时间），默认今天")]
Top = Annotated[int, Query(ge=1, le=50, description="每个村或微网格列前几名")]


@router.get("/leaderboard", responses=_errors)
async def leaderboard(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    period: Period = "quarter",
    at: At = None,
    top: Top = 10,
) -> LeaderboardOut:
    """The top people by points earned in the quarter or year, per village or micro-grid."""
    return await service.leaderboard(session, me.person, area_id, period, at, top)


@router.get("/leaderboard.pdf", response_class=Response, responses=_PDF)
async def leaderboard_pdf(
    me: CurrentPrincipal,
    session: Session,
    settings: AppSettings,
    area_id: AreaId = None,
    period: Period = "quarter",
    at: At = None,
    top: Top = 10,
) -> Response:
    """The 光荣榜 as an A4 sheet for the village notice board (staff print it)."""
    content = await service.leaderboard_pdf(session, me.person, settings, area_id, period, at, top)
    disposition = f"inline; filename=\"leaderboard.pdf\"; filename*=UTF-8''{quote('光荣榜.pdf')}"
    return Response(
        content=content,
        media_type="application/pdf",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
