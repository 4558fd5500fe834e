"""社情民意 items: record, list, handle, the roll-up per village."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime

from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.governance.sentiment import auth, handling, rollup, service  # noqa: F401
from jinghutong.governance.sentiment import errors as e
from jinghutong.governance.sentiment.schemas import (
    HandleIn,
    SentimentDetail,
    SentimentIn,
    SentimentPage,
    SentimentSummary,
)
from jinghutong.governance.sources import SourceUnavailable
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.media.api import MediaUnavailable
from jinghutong.media.endpoints import AppStorage
from jinghutong.models import SentimentCategory, SentimentStatus, Urgency

router = APIRouter(prefix="/sentiments", tags=["sentiment"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
AreaId = Annotated[str | None, Query(max_length=26, description="只看这个区域（村、网格、微网格）")]


@router.post(
    "",
    status_code=201,
    response_model=SentimentDetail,
    responses=errors(
        *_auth,
        e.NotARecorder,
        e.PlaceUnavailable,
        SourceUnavailable,
        MediaUnavailable,
        ValidationFailed,
        *_replay,
    ),
)
async def record_sentiment(
    body: SentimentIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """Record what people want, suggest or are unsettled by; urgent: the area officer is told."""
    return await submit.once(
        body, 201, lambda: service.create(session, storage, settings, me.person, body)
    )


@router.get("", responses=errors(*_auth, e.NotARecorder, e.AreaNotFound, BadCursor))
async def list_sentiments(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    category: SentimentCategory | None = None,
    urgency: Urgency | None = None,
    status: SentimentStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SentimentPage:
    """Items in the caller's area, newest first (filter by area, category, urgency, status)."""
    filters = {"category": category, "urgency": urgency, "status": status}
    return await service.list_items(
        session, me.person.id, area_id=area_id, filters=filters, cursor=cursor, limit=limit
    )


@router.get("/summary", responses=errors(*_auth, e.NotARecorder, e.AreaNotFound, ValidationFailed))
async def sentiment_summary(
    me: CurrentPrincipal,
    session: Session,
    area_id: AreaId = None,
    from_: Annotated[
        AwareDatetime | None, Query(alias="from", description="登记时间不早于")
    ] = None,
    to: Annotated[AwareDatetime | None, Query(description="登记时间早于")] = None,
) -> SentimentSummary:
    """Per village in the caller's area: counts by category, urgent, still open."""
    return await rollup.summary(session, me.person.id, area_id, from_, to)


@router.get("/{item_id}", responses=errors(*_auth, e.SentimentNotFound))
async def get_sentiment(
    item_id: str,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
) -> SentimentDetail:
    """One item with its voice and photos, what it came from, and its trail."""
    return await service.get_item(session, storage, settings, me.person.id, item_id)


@router.post(
    "/{item_id}/handle",
    response_model=SentimentDetail,
    responses=errors(
        *_auth, e.SentimentNotFound, e.NotAHandler, e.AlreadyHandled, ValidationFailed, *_replay
    ),
)
async def handle_sentiment(
    item_id: str,
    body: HandleIn,
    me: CurrentPrincipal,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    submit: Once,
) -> JSONResponse:
    """A handler (村警, officers, chief) records how it was handled, once."""
    return await submit.once(
        body,
        200,
        lambda: handling.handle(session, storage, settings, me.person, item_id, body),
    )
