"""积分申报: claim work nothing recorded; the village's 村警 or an officer decides."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import MediaContext
from jinghutong.points.claims import errors as e
from jinghutong.points.claims import service
from jinghutong.points.claims.schemas import (
    ApproveIn,
    ClaimIn,
    ClaimOut,
    ClaimPage,
    RejectIn,
    Scope,
    Status,
)

router = APIRouter(prefix="/points/claims", tags=["points"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_decide = (
    *_auth, *_replay, ValidationFailed, e.ClaimNotFound, e.OwnClaim, e.NotAReviewer,
    e.ClaimDecided,
)  # fmt: skip


@router.post(
    "",
    status_code=201,
    response_model=ClaimOut,
    responses=errors(
        *_auth, *_replay, ValidationFailed, MediaUnavailable, e.StaffDoNotClaim,
        e.NothingClaimed, e.NoHome, e.BadDay,
    ),
)  # fmt: skip
async def submit_claim(
    body: ClaimIn, me: CurrentPrincipal, session: Session, media: MediaContext, submit: Once
) -> JSONResponse:
    """Claim points for work nothing recorded, in words, voice or photos; a retry is one."""
    return await submit.once(body, 201, lambda: service.submit(session, media, me.person.id, body))


@router.get("", responses=errors(*_auth, BadCursor))
async def list_claims(
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    scope: Annotated[Scope, Query(description="mine 我的申报 · review 待我审核的范围")] = "mine",
    status: Annotated[Status | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ClaimPage:
    """My claims, or the claims of the area I review, newest first."""
    return await service.list_claims(session, media, me.person.id, scope, status, cursor, limit)


@router.get("/{claim_id}", responses=errors(*_auth, e.ClaimNotFound))
async def read_claim(
    claim_id: str, me: CurrentPrincipal, session: Session, media: MediaContext
) -> ClaimOut:
    """One claim (its claimant or a reviewer), with its voice and photos."""
    return await service.read(session, media, me.person.id, claim_id)


@router.post(
    "/{claim_id}/approve",
    response_model=ClaimOut,
    responses=errors(*_decide, e.ClaimsNotAwarded),
)
async def approve_claim(
    claim_id: str,
    body: ApproveIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """Approve with 1–50 points (the month's caps apply)."""
    return await submit.once(
        body, 200, lambda: service.approve(session, media, me.person.id, claim_id, body)
    )


@router.post("/{claim_id}/reject", response_model=ClaimOut, responses=errors(*_decide))
async def reject_claim(
    claim_id: str,
    body: RejectIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """Reject with a reason the claimant reads."""
    return await submit.once(
        body, 200, lambda: service.reject(session, media, me.person.id, claim_id, body)
    )
