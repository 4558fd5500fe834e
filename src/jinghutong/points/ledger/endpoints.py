"""The ledger: my points, entries, manual entries (a second person approves)."""

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
from jinghutong.points.ledger import adjustments, service
from jinghutong.points.ledger import errors as e
from jinghutong.points.ledger.schemas import (
    AdjustmentIn,
    AdjustmentOut,
    DecisionIn,
    EntryPage,
    MeOut,
)
from jinghutong.points.rules.policy import DeductionRefused, ProtectedSource

router = APIRouter(prefix="/points", tags=["points"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_decide = (*_auth, *_replay, e.AdjustmentNotFound, e.SecondPersonOnly, e.AlreadyDecided)


@router.get("/me", responses=errors(*_auth))
async def my_points(me: CurrentPrincipal, session: Session) -> MeOut:
    """My balance, my household's pooled balance, this month's earned and the caps left."""
    return await service.me(session, me.person.id)


@router.get("/entries", responses=errors(*_auth, e.PersonNotFound, BadCursor))
async def list_entries(
    me: CurrentPrincipal,
    session: Session,
    person_id: Annotated[str | None, Query(max_length=26, description="默认本人")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> EntryPage:
    """Ledger entries, newest first, each with its reason in plain words."""
    return await service.entries(session, me.person.id, person_id, cursor, limit)


@router.post(
    "/adjustments",
    status_code=201,
    response_model=AdjustmentOut,
    responses=errors(
        *_auth, *_replay, ValidationFailed, e.NotProposer, e.PersonNotFound, e.ZeroPoints,
        e.StaffEarnNoPoints, e.SourceNotFound, DeductionRefused, ProtectedSource,
    ),
)  # fmt: skip
async def propose_adjustment(
    body: AdjustmentIn, me: CurrentPrincipal, session: Session, submit: Once
) -> JSONResponse:
    """Propose a commendation or a deduction (staff); a second person decides."""
    return await submit.once(body, 201, lambda: adjustments.propose(session, me.person.id, body))


@router.post(
    "/adjustments/{adjustment_id}/approve", response_model=AdjustmentOut, responses=errors(*_decide)
)
async def approve_adjustment(
    adjustment_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: DecisionIn | None = None,
) -> JSONResponse:
    """Approve a manual entry (not the proposer): the ledger entry is written."""
    note = body.note if body else ""
    return await submit.once(
        body,
        200,
        lambda: adjustments.decide(session, me.person.id, adjustment_id, True, note),
    )


@router.post(
    "/adjustments/{adjustment_id}/reject", response_model=AdjustmentOut, responses=errors(*_decide)
)
async def reject_adjustment(
    adjustment_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: DecisionIn | None = None,
) -> JSONResponse:
    """Reject a manual entry (not the proposer): nothing is written to the ledger."""
    note = body.note if body else ""
    return await submit.once(
        body,
        200,
        lambda: adjustments.decide(session, me.person.id, adjustment_id, False, note),
    )
