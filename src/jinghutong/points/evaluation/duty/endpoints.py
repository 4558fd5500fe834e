"""值班: the village governance centre's duty roster — plan, read, remove, check in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.work_summary.schemas import MONTH_PATTERN
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.points.evaluation.duty import errors as e
from jinghutong.points.evaluation.duty import service, villages
from jinghutong.points.evaluation.duty.schemas import (
    DutyVillagePage,
    ShiftIn,
    ShiftOut,
    ShiftPage,
)

router = APIRouter(prefix="/duty-shifts", tags=["evaluation"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)


@router.post(
    "",
    status_code=201,
    response_model=ShiftOut,
    responses=errors(
        *_auth, *_replay, ValidationFailed, e.VillageNotFound, e.NotAVillage, e.NotAPlanner,
        e.NotVillagePolice, e.DayPassed, e.DayTooFar, e.ShiftExists,
    ),
)  # fmt: skip
async def plan_shift(
    body: ShiftIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Put a 村警 of the village on duty for a day."""
    return await submit.once(body, 201, lambda: service.plan(session, me.person.id, body))


@router.get(
    "",
    responses=errors(
        *_auth, e.VillageNotFound, e.NotAVillage, e.NotADutyViewer, BadCursor, ValidationFailed
    ),
)
async def list_shifts(
    me: CurrentPrincipal,
    session: Session,
    village_id: Annotated[
        str | None, Query(max_length=26, description="不填为我能看到的各村")
    ] = None,
    month: Annotated[
        str | None, Query(pattern=MONTH_PATTERN, description="YYYY-MM，北京时间；不填为本月")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> ShiftPage:
    """The month's shifts of a village (or of the villages I work in), by day."""
    return await service.list_shifts(
        session, me.person.id, village_id=village_id, month=month, cursor=cursor, limit=limit
    )


@router.get("/villages", responses=errors(*_auth, e.NotADutyViewer, BadCursor))
async def list_duty_villages(
    me: CurrentPrincipal,
    session: Session,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 100,
) -> DutyVillagePage:
    """The villages whose roster I read, each with its 村警 and whether I may plan there."""
    return await villages.villages(session, me.person.id, cursor, limit)


@router.delete(
    "/{shift_id}", responses=errors(*_auth, e.ShiftNotFound, e.NotAPlanner, e.ShiftStarted)
)
async def remove_shift(shift_id: str, me: CurrentPrincipal, session: Session) -> ShiftOut:
    """Take a shift off the roster before its day."""
    return await service.remove(session, me.person.id, shift_id)


@router.post(
    "/{shift_id}/check-in",
    response_model=ShiftOut,
    responses=errors(
        *_auth, *_replay, e.ShiftNotFound, e.NotYourShift, e.NotTheDay, e.AlreadyCheckedIn
    ),
)
async def check_in(
    shift_id: str, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """The person on duty checks in, on the day (Asia/Shanghai)."""
    return await submit.once(None, 200, lambda: service.check_in(session, me.person.id, shift_id))
