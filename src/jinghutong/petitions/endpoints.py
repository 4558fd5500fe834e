"""所长直通车 endpoints: write to the chief, the lists, one petition, reply, assign, close, rate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import Session, WriteSession
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal, WriteSessionPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.models import PetitionStatus
from jinghutong.petitions import handling, service
from jinghutong.petitions.schemas import (
    AssignIn,
    CloseIn,
    MessageIn,
    PetitionDetail,
    PetitionIn,
    PetitionPage,
    RateIn,
    Scope,
    Sort,
)

router = APIRouter(prefix="/petitions", tags=["petitions"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_found = (service.PetitionNotFound,)


@router.post(
    "",
    status_code=201,
    response_model=PetitionDetail,
    responses=errors(*_auth, ValidationFailed, service.NeedHousehold, MediaUnavailable, *_replay),
)
async def write_to_the_chief(
    body: PetitionIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """Write to the station chief (text, photos, voice); a retry with the same key is one letter."""
    return await submit.once(body, 201, lambda: service.create(session, me.person, body))


@router.get("", responses=errors(*_auth, service.InboxIsTheChiefs, BadCursor))
async def list_petitions(
    me: CurrentPrincipal,
    session: Session,
    scope: Annotated[
        Scope | None,
        Query(description="mine 我写的 · inbox 所长信箱（所长默认）· assigned 交给我办的"),
    ] = None,
    status: PetitionStatus | None = None,
    village_id: Annotated[str | None, Query(max_length=26)] = None,
    overdue: Annotated[bool | None, Query(description="true：只看超期未答复的")] = None,
    sort: Annotated[
        Sort, Query(description="newest · oldest · deadline（期限近的在前）")
    ] = "newest",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PetitionPage:
    """The chief's inbox (filter by status, village, overdue), my letters, or mine to handle."""
    return await service.list_petitions(
        session,
        me.person.id,
        scope=scope,
        status=status,
        village_id=village_id,
        overdue=overdue,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )


@router.get("/{petition_id}", responses=errors(*_auth, *_found))
async def open_petition(
    petition_id: str, me: WriteSessionPrincipal, session: WriteSession
) -> PetitionDetail:
    """One petition with every message and its trail; the chief's first look marks it read."""
    return await service.open_petition(session, me.person.id, petition_id)


@router.post(
    "/{petition_id}/messages",
    status_code=201,
    response_model=PetitionDetail,
    responses=errors(
        *_auth, *_found, ValidationFailed, MediaUnavailable, handling.PetitionClosed, *_replay
    ),
)
async def reply(
    petition_id: str,
    body: MessageIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """Reply (the chief or the assigned officer) or follow up (the sender)."""
    return await submit.once(
        body, 201, lambda: handling.reply(session, me.person, petition_id, body)
    )


@router.post(
    "/{petition_id}/assign",
    response_model=PetitionDetail,
    responses=errors(
        *_auth,
        *_found,
        handling.OnlyTheChief,
        handling.PetitionClosed,
        handling.NotAnOfficer,
        handling.DeadlinePassed,
        *_replay,
    ),
)
async def assign(
    petition_id: str,
    body: AssignIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """The chief hands this petition to one officer, with a deadline the sender sees."""
    return await submit.once(
        body, 200, lambda: handling.assign(session, me.person, petition_id, body)
    )


@router.post(
    "/{petition_id}/close",
    response_model=PetitionDetail,
    responses=errors(*_auth, *_found, handling.OnlyTheChief, handling.PetitionClosed, *_replay),
)
async def close(
    petition_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: CloseIn | None = None,
) -> JSONResponse:
    """Close the petition (the chief only; there is no way to delete one)."""
    body = body or CloseIn()
    return await submit.once(
        body, 200, lambda: handling.close(session, me.person, petition_id, body)
    )


@router.post(
    "/{petition_id}/rate",
    response_model=PetitionDetail,
    responses=errors(
        *_auth,
        *_found,
        handling.OnlyTheSender,
        handling.AlreadyRated,
        handling.NotAnsweredYet,
        ValidationFailed,
        *_replay,
    ),
)
async def rate(
    petition_id: str,
    body: RateIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """The sender rates the answer (1–5), once."""
    return await submit.once(
        body, 200, lambda: handling.rate(session, me.person, petition_id, body)
    )
