"""走访 visits: record, list, one visit, findings, households nobody visited lately."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime

from jinghutong.cases.routing import NowhereToRoute
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.visits import auth, findings, rounds, service  # noqa: F401 - media hook
from jinghutong.governance.visits import errors as e
from jinghutong.governance.visits.schemas import (
    FindingIn,
    TopicList,
    TopicOut,
    UnvisitedPage,
    VisitDetail,
    VisitIn,
    VisitPage,
)
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import VISIT_TOPIC_NAMES

# No prefix: the round lives under /areas/{id} (as the roster does).
router = APIRouter(tags=["visits"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)


@router.post(
    "/visits",
    status_code=201,
    response_model=VisitDetail,
    responses=errors(
        *_auth,
        e.NotARecorder,
        e.PlaceUnavailable,
        e.VisitTimeRefused,
        MediaUnavailable,
        ValidationFailed,
        *_replay,
    ),
)
async def record_visit(
    body: VisitIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Record a visit to households of one's area (or a walk round a place); a retry is one."""
    return await submit.once(
        body, 201, lambda: service.record(session, storage, settings, me.person, body)
    )


@router.get("/visits/topics")
async def visit_topics() -> TopicList:
    """The topics a visit may be about, with their Chinese names (for the picker)."""
    return TopicList(items=[TopicOut(code=t, name=n) for t, n in VISIT_TOPIC_NAMES.items()])


@router.get(
    "/visits",
    responses=errors(*_auth, e.NotARecorder, e.AreaNotFound, e.HouseholdNotFound, BadCursor),
)
async def list_visits(
    me: CurrentPrincipal,
    session: Session,
    area_id: Annotated[
        str | None, Query(max_length=26, description="只看这个区域（村、网格、微网格）的走访")
    ] = None,
    household_id: Annotated[
        str | None, Query(max_length=26, description="这一户的全部走访（户的页面用）")
    ] = None,
    mine: Annotated[bool, Query(description="true：只看我登记的")] = False,
    from_: Annotated[
        AwareDatetime | None, Query(alias="from", description="走访时间不早于")
    ] = None,
    to: Annotated[AwareDatetime | None, Query(description="走访时间早于")] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> VisitPage:
    """Visits in the caller's area, newest first (or one household's, or the caller's own)."""
    which = service.Which(area_id, household_id, mine, from_, to)
    return await service.list_visits(session, me.person.id, which, cursor, limit)


@router.get("/visits/{visit_id}", responses=errors(*_auth, e.VisitNotFound))
async def get_visit(
    visit_id: str,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
) -> VisitDetail:
    """One visit: its households, voice and photos, who made it, what it led to, its trail."""
    return await service.get_visit(session, storage, settings, me.person.id, visit_id)


@router.post(
    "/visits/{visit_id}/findings",
    status_code=201,
    response_model=VisitDetail,
    responses=errors(
        *_auth,
        e.VisitNotFound,
        e.NeedHousehold,
        e.FindingUnavailable,
        e.AlreadyLinked,
        NowhereToRoute,
        MediaUnavailable,
        ValidationFailed,
        *_replay,
    ),
)
async def add_finding(
    visit_id: str,
    body: FindingIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """What the visit led to: a case reported for its household, or a booking made for them."""
    return await submit.once(
        body, 201, lambda: findings.add(session, storage, settings, me.person, visit_id, body)
    )


@router.get(
    "/areas/{area_id}/unvisited",
    responses=errors(*_auth, e.AreaNotFound, BadCursor),
)
async def unvisited(
    area_id: str,
    me: CurrentPrincipal,
    session: Session,
    settings: AppSettings,
    days: Annotated[
        int | None, Query(ge=1, le=365, description="多少天内没人走访；不填用系统设置（默认 30）")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> UnvisitedPage:
    """The area's households nobody visited in N days, the longest unvisited first."""
    n = days or settings.governance.unvisited_days
    return await rounds.unvisited(session, me.person.id, area_id, n, cursor, limit)
