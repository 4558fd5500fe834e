"""Reading endpoints: the feed, read receipts, statistics, unread households, CAP export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from jinghutong.bulletins import cap
from jinghutong.bulletins import errors as e
from jinghutong.bulletins.reading import service
from jinghutong.bulletins.schemas import FeedPage, ReadOut, StatsOut, UnreadPage
from jinghutong.core.deps import AppSettings, Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, errors
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(tags=["bulletins"])
_auth = (NotAuthenticated, TokenInvalid)
Cursor = Annotated[str | None, Query(max_length=26)]
Limit = Annotated[int, Query(ge=1, le=100)]


@router.get("/feed", responses=errors(*_auth))
async def my_feed(
    me: CurrentPrincipal, session: Session, cursor: Cursor = None, limit: Limit = 20
) -> FeedPage:
    """The bulletins that reached me, newest first."""
    return await service.feed(session, me.person, cursor, limit)


@router.post("/bulletins/{bulletin_id}/read", responses=errors(*_auth, e.NotRecipient))
async def read_bulletin(bulletin_id: str, me: CurrentPrincipal, session: Session) -> ReadOut:
    """Read receipt (again is harmless)."""
    return await service.mark_read(session, me.person, bulletin_id)


@router.get("/bulletins/{bulletin_id}/stats", responses=errors(*_auth, e.BulletinNotFound))
async def bulletin_stats(bulletin_id: str, me: CurrentPrincipal, session: Session) -> StatsOut:
    """Deliveries by status and reads, in total and by village."""
    return await service.stats(session, me.person, bulletin_id)


@router.get(
    "/bulletins/{bulletin_id}/unread-households",
    responses=errors(*_auth, e.BulletinNotFound, e.NotImportant),
)
async def unread_households(
    bulletin_id: str,
    me: CurrentPrincipal,
    session: Session,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> UnreadPage:
    """For an important bulletin: households in my area where nobody has read it yet."""
    return await service.unread_households(session, me.person, bulletin_id, cursor, limit)


@router.get(
    "/bulletins/{bulletin_id}/cap.xml",
    response_class=Response,
    responses={200: {"content": {"application/cap+xml": {}}}, **errors(*_auth, e.BulletinNotFound)},
)
async def bulletin_cap(
    bulletin_id: str, me: CurrentPrincipal, session: Session, settings: AppSettings
) -> Response:
    """The bulletin as an OASIS CAP 1.2 alert."""
    body = await cap.export(session, me.person, bulletin_id, settings)
    return Response(body, media_type="application/cap+xml")
