"""联户长 yearly: a read-only table of each 联户长's year of work in an area."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.points.evaluation import errors as e
from jinghutong.points.evaluation.group_leaders import service
from jinghutong.points.evaluation.group_leaders.schemas import LeadersYearOut

router = APIRouter(prefix="/evaluations", tags=["evaluation"])


@router.get(
    "/group-leaders",
    responses=errors(
        NotAuthenticated, TokenInvalid, e.NotAnEvaluationReader, service.LeaderAreaNotFound,
        service.ChooseArea, BadCursor, ValidationFailed,
    ),
)  # fmt: skip
async def group_leaders_year(
    me: CurrentPrincipal,
    session: Session,
    year: Annotated[int | None, Query(ge=2000, le=2099, description="年份；不填为今年")] = None,
    area_id: Annotated[
        str | None, Query(max_length=26, description="派出所、乡镇、村或网格；只有一个辖区时可不填")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> LeadersYearOut:
    """Per 联户长 of the area: the year's dispatches, visits, hazards, disputes, points, rating."""
    return await service.year_table(
        session, me.person.id, year=year, area_id=area_id, cursor=cursor, limit=limit
    )
