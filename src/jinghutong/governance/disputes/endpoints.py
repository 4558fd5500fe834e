"""矛盾纠纷 and 交办: record, list, read, a party's phone, and the actions assign (交办),
mediate, settle (调解协议), fail (调解不成) and follow-up (回访)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import AppSettings, Session, WriteSession
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.disputes import actions, service
from jinghutong.governance.disputes import errors as e
from jinghutong.governance.disputes.schemas import (
    DisputeAssignIn,
    DisputeCandidateOut,
    DisputeDetail,
    DisputeFailIn,
    DisputeFollowUpIn,
    DisputeIn,
    DisputeMediateIn,
    DisputePage,
    DisputeSettleIn,
)
from jinghutong.governance.roster.api import RosterMemberUnavailable
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.governance.sources import SourceUnavailable
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal, WriteSessionPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import AppStorage, MediaContext
from jinghutong.models import DisputeCategory, DisputeLevel, DisputeStatus

router = APIRouter(prefix="/disputes", tags=["disputes"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_act = (*_auth, e.DisputeNotFound, ValidationFailed, e.WrongState, *_replay)


@router.post(
    "",
    status_code=201,
    response_model=DisputeDetail,
    responses=errors(
        *_auth,
        e.NotARecorder,
        ValidationFailed,
        e.PlaceUnavailable,
        e.PartyHouseholdUnavailable,
        SourceUnavailable,
        MediaUnavailable,
        *_replay,
    ),
)
async def record_dispute(
    body: DisputeIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Record a dispute in one's area with its parties; a retry with the same key is one."""
    return await submit.once(
        body, 201, lambda: service.create(session, storage, settings, me.person, body)
    )


@router.get("", responses=errors(*_auth, e.AreaNotFound, BadCursor))
async def list_disputes(
    me: CurrentPrincipal,
    session: Session,
    status: DisputeStatus | None = None,
    category: DisputeCategory | None = None,
    level: DisputeLevel | None = None,
    area_id: Annotated[str | None, Query(max_length=26)] = None,
    assigned_to_me: Annotated[bool, Query(description="true：只看交办给我的")] = False,
    overdue: Annotated[bool | None, Query(description="true：只看交办超期未化解的")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> DisputePage:
    """Disputes in one's area, recorded by one, or handed to one; newest first."""
    filters = {
        "status": status,
        "category": category,
        "level": level,
        "area_id": area_id,
        "assigned_to_me": assigned_to_me,
        "overdue": overdue,
    }
    return await service.list_disputes(
        session, me.person.id, filters=filters, cursor=cursor, limit=limit
    )


@router.get("/{dispute_id}", responses=errors(*_auth, e.DisputeNotFound))
async def get_dispute(
    dispute_id: str,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
) -> DisputeDetail:
    """One dispute: parties, assignee, sessions, outcome, media, trail, links, notices owed."""
    return await service.get_dispute(session, storage, settings, me.person.id, dispute_id)


@router.get("/{dispute_id}/assignees", responses=errors(*_auth, e.DisputeNotFound, e.MayNotAssign))
async def dispute_assignees(
    dispute_id: str, me: CurrentPrincipal, session: Session
) -> list[DisputeCandidateOut]:
    """Whom I may hand this dispute to by account: officers, the 村警, 联户长 over its place,
    nearest rung first (a 联户长 sees only those above the micro-grid)."""
    return await service.assignees(session, me.person.id, dispute_id)


@router.get(
    "/{dispute_id}/parties/{party_id}/phone",
    responses=errors(
        *_auth, e.DisputeNotFound, e.MayNotReadPhone, e.PartyNotFound, e.NoPhoneOnRecord
    ),
)
async def party_phone(
    dispute_id: str,
    party_id: str,
    me: WriteSessionPrincipal,
    session: WriteSession,
) -> GovernancePhoneOut:
    """A party's full phone number, to call them (handlers and the assignee; audited)."""
    return await service.party_phone(session, me.person.id, dispute_id, party_id)


@router.post(
    "/{dispute_id}/assign",
    response_model=DisputeDetail,
    responses=errors(
        *_act,
        e.MayNotAssign,
        e.LeaderPassesUp,
        e.DeadlineOutOfRange,
        e.AssigneeUnavailable,
        RosterMemberUnavailable,
    ),
)
async def assign(
    dispute_id: str,
    body: DisputeAssignIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """交办 to an account, a roster member or a unit, with a deadline."""
    return await submit.once(
        body, 200, lambda: actions.assign(session, media, me.person, dispute_id, body)
    )


@router.post(
    "/{dispute_id}/mediate",
    response_model=DisputeDetail,
    responses=errors(*_act, e.MayNotMediate, e.HeldInFuture, MediaUnavailable),
)
async def mediate(
    dispute_id: str,
    body: DisputeMediateIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """Record a mediation session: who mediated, who came, what was agreed, photos."""
    return await submit.once(
        body, 200, lambda: actions.mediate(session, media, me.person, dispute_id, body)
    )


@router.post(
    "/{dispute_id}/settle",
    response_model=DisputeDetail,
    responses=errors(*_act, e.MayNotConclude, e.LevelTooLow, MediaUnavailable),
)
async def settle(
    dispute_id: str,
    body: DisputeSettleIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """调解协议: the agreement's text and photos of the signed paper; the 回访 is scheduled."""
    return await submit.once(
        body, 200, lambda: actions.settle(session, media, me.person, dispute_id, body)
    )


@router.post(
    "/{dispute_id}/fail", response_model=DisputeDetail, responses=errors(*_act, e.MayNotConclude)
)
async def fail(
    dispute_id: str,
    body: DisputeFailIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """调解不成: the reason, where the parties are referred and the advice given."""
    return await submit.once(
        body, 200, lambda: actions.fail(session, media, me.person, dispute_id, body)
    )


@router.post(
    "/{dispute_id}/follow-up",
    response_model=DisputeDetail,
    responses=errors(*_act, e.MayNotFollowUp),
)
async def follow_up(
    dispute_id: str,
    body: DisputeFollowUpIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """回访 after a settlement or a failure: how it stands, satisfied or not; closes it."""
    return await submit.once(
        body, 200, lambda: actions.follow_up(session, media, me.person, dispute_id, body)
    )
