"""村警 五件事: the month's work counted per 村警."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.work_summary import service
from jinghutong.governance.work_summary.schemas import MONTH_PATTERN, WorkSummary
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/work-summary", tags=["work-summary"])


@router.get(
    "",
    responses=errors(
        NotAuthenticated,
        TokenInvalid,
        service.NotAnOverseer,
        service.PoliceNotFound,
        BadCursor,
        ValidationFailed,
    ),
)
async def work_summary(
    me: CurrentPrincipal,
    session: Session,
    person_id: Annotated[
        str | None, Query(max_length=26, description="只看这位村警；不填为我能看到的全部村警")
    ] = None,
    month: Annotated[
        str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM，北京时间；不填为本月")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> WorkSummary:
    """Per 村警, the month's 警情、代办、矛调、信息、宣防 counts."""
    return await service.summary(
        session, me.person.id, person_id=person_id, month=month, cursor=cursor, limit=limit
    )
