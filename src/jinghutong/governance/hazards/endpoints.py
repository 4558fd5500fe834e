"""安全隐患 register: report, list, read, and the actions notify (告知整改), report-rectified,
accept, reject (验收), close (销号 or 撤销) and regrade."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.core.deps import AppSettings, Session, WriteSession
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.hazards import actions, service
from jinghutong.governance.hazards import errors as e
from jinghutong.governance.hazards.schemas import (
    AcceptIn,
    CloseIn,
    HazardDetail,
    HazardIn,
    HazardPage,
    NotifyIn,
    RectifiedIn,
    RegradeIn,
    RejectIn,
)
from jinghutong.governance.roster.api import RosterMemberUnavailable
from jinghutong.governance.schemas import GovernancePhoneOut
from jinghutong.governance.sources import SourceUnavailable
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal, WriteSessionPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import AppStorage, MediaContext
from jinghutong.models import HazardGrade, HazardKind, HazardStatus

router = APIRouter(prefix="/hazards", tags=["hazards"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_act = (*_auth, e.HazardNotFound, ValidationFailed, e.WrongState, *_replay)
_handler = (*_act, e.NotAHandler)


@router.post(
    "",
    status_code=201,
    response_model=HazardDetail,
    responses=errors(
        *_auth,
        e.NotARecorder,
        ValidationFailed,
        e.PlaceUnavailable,
        SourceUnavailable,
        MediaUnavailable,
        *_replay,
    ),
)
async def report_hazard(
    body: HazardIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Register a hazard found in one's area; a retry with the same key is one hazard."""
    return await submit.once(
        body, 201, lambda: service.create(session, storage, settings, me.person, body)
    )


@router.get("", responses=errors(*_auth, service.AreaNotFound, BadCursor))
async def list_hazards(
    me: CurrentPrincipal,
    session: Session,
    status: HazardStatus | None = None,
    grade: HazardGrade | None = None,
    kind: HazardKind | None = None,
    area_id: Annotated[str | None, Query(max_length=26)] = None,
    overdue: Annotated[bool | None, Query(description="true：只看整改超期的")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> HazardPage:
    """Hazards in one's area (a 联户长: their micro-grid's and their own), newest first."""
    return await service.list_hazards(
        session,
        me.person.id,
        status=status,
        grade=grade,
        kind=kind,
        area_id=area_id,
        overdue=overdue,
        cursor=cursor,
        limit=limit,
    )


@router.get("/{hazard_id}", responses=errors(*_auth, e.HazardNotFound))
async def get_hazard(
    hazard_id: str,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
) -> HazardDetail:
    """One hazard with its media, trail, links and the notices owed by phone."""
    return await service.get_hazard(session, storage, settings, me.person.id, hazard_id)


@router.get(
    "/{hazard_id}/responsible-phone",
    responses=errors(*_auth, e.HazardNotFound, e.NotAHandler, e.NoPhoneOnRecord),
)
async def responsible_phone(
    hazard_id: str, me: WriteSessionPrincipal, session: WriteSession
) -> GovernancePhoneOut:
    """The responsible person's full phone number, to call them (handlers; the read is audited)."""
    return await service.responsible_phone(session, me.person.id, hazard_id)


@router.post(
    "/{hazard_id}/notify",
    response_model=HazardDetail,
    responses=errors(
        *_handler, e.DeadlineOutOfRange, e.ResponsibleUnavailable, RosterMemberUnavailable
    ),
)
async def notify(
    hazard_id: str,
    body: NotifyIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """告知整改: name who must act and the deadline (and confirm the grade)."""
    return await submit.once(
        body, 200, lambda: actions.notify(session, media, me.person.id, hazard_id, body)
    )


@router.post(
    "/{hazard_id}/report-rectified",
    response_model=HazardDetail,
    responses=errors(*_act, e.MayNotReportRectified, MediaUnavailable),
)
async def report_rectified(
    hazard_id: str,
    body: RectifiedIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """整改上报: what was done, with photos (the responsible, the 联户长 or a handler)."""
    return await submit.once(
        body, 200, lambda: actions.report_rectified(session, media, me.person.id, hazard_id, body)
    )


@router.post(
    "/{hazard_id}/accept",
    response_model=HazardDetail,
    responses=errors(*_handler, e.OwnRectification),
)
async def accept(
    hazard_id: str,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
    body: AcceptIn | None = None,
) -> JSONResponse:
    """验收通过 (not by whoever reported the rectification)."""
    body = body or AcceptIn()
    return await submit.once(
        body, 200, lambda: actions.accept(session, media, me.person.id, hazard_id, body)
    )


@router.post(
    "/{hazard_id}/reject",
    response_model=HazardDetail,
    responses=errors(*_handler, e.DeadlineOutOfRange),
)
async def reject(
    hazard_id: str,
    body: RejectIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """验收不通过: the reason and a new deadline; back to rectification."""
    return await submit.once(
        body, 200, lambda: actions.reject(session, media, me.person.id, hazard_id, body)
    )


@router.post(
    "/{hazard_id}/close", response_model=HazardDetail, responses=errors(*_handler, MediaUnavailable)
)
async def close(
    hazard_id: str,
    body: CloseIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """销号 after acceptance with a note and evidence, or 撤销 (dismissed) with a reason."""
    return await submit.once(
        body, 200, lambda: actions.close(session, media, me.person.id, hazard_id, body)
    )


@router.post(
    "/{hazard_id}/regrade", response_model=HazardDetail, responses=errors(*_handler, e.SameGrade)
)
async def regrade(
    hazard_id: str,
    body: RegradeIn,
    me: CurrentPrincipal,
    session: Session,
    media: MediaContext,
    submit: Once,
) -> JSONResponse:
    """调整等级 of an open hazard, with the reason."""
    return await submit.once(
        body, 200, lambda: actions.regrade(session, media, me.person.id, hazard_id, body)
    )
