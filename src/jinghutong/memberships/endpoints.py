"""Membership endpoints: join by scanning, the approval list, approve/reject, leave/remove."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from jinghutong.core.deps import ClientAddress, Limiter, Session
from jinghutong.core.errors import (
    NotAuthenticated,
    TokenInvalid,
    TooManyRequests,
    ValidationFailed,
    errors,
)
from jinghutong.households.codes.service import CodeMalformed, CodeNotFound, CodeRotated
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.memberships import service
from jinghutong.memberships.schemas import BindIn, MembershipOut, MembershipPage

router = APIRouter(tags=["memberships"])
_auth = (NotAuthenticated, TokenInvalid)
Status = Literal["pending", "active", "rejected", "left", "removed"]


@router.post(
    "/households/bind",
    status_code=201,
    responses={
        200: {"model": MembershipOut, "description": "已经申请过或已是成员：返回原来的记录"},
        **errors(
            *_auth, CodeMalformed, ValidationFailed, CodeNotFound, CodeRotated, TooManyRequests
        ),
    },
)
async def bind_household(
    body: BindIn,
    response: Response,
    me: CurrentPrincipal,
    session: Session,
    limiter: Limiter,
    client: ClientAddress,
) -> MembershipOut:
    """Ask to join the household whose code was scanned (201 new, 200 already asked)."""
    membership, created = await service.bind(
        session, limiter, me.person, body.scene, body.relation, client
    )
    if not created:
        response.status_code = 200
    return membership


@router.get("/memberships", responses=errors(*_auth, ValidationFailed))
async def list_memberships(
    me: CurrentPrincipal,
    session: Session,
    status: Annotated[
        Status | None, Query(description="默认：审核列表只看 pending；mine=true 时看全部")
    ] = None,
    mine: Annotated[bool, Query(description="true：我自己的成员记录")] = False,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> MembershipPage:
    """What I may approve (default: pending), or with mine=true my own memberships."""
    wanted = status or (None if mine else "pending")
    return await service.list_memberships(session, me.person.id, wanted, mine, cursor, limit)


_decide_errors = errors(
    *_auth, service.MembershipNotFound, service.NotYourDecision, service.AlreadyDecided
)


@router.post("/memberships/{membership_id}/approve", responses=_decide_errors)
async def approve_membership(
    membership_id: str, me: CurrentPrincipal, session: Session
) -> MembershipOut:
    """Approve a pending application (a member of that household, or its 联户长/村警)."""
    return await service.decide(session, me.person.id, membership_id, approve=True)


@router.post("/memberships/{membership_id}/reject", responses=_decide_errors)
async def reject_membership(
    membership_id: str, me: CurrentPrincipal, session: Session
) -> MembershipOut:
    """Reject a pending application."""
    return await service.decide(session, me.person.id, membership_id, approve=False)


@router.delete(
    "/memberships/{membership_id}",
    responses=errors(*_auth, service.MembershipNotFound, service.AlreadyEnded),
)
async def end_membership(
    membership_id: str, me: CurrentPrincipal, session: Session
) -> MembershipOut:
    """Leave a household (my own membership) or remove someone from it."""
    return await service.end(session, me.person.id, membership_id)
