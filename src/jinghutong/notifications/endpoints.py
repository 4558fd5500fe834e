"""Notification endpoints: my list, mark read, and what the subscribe prompt answered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import (
    NotAuthenticated,
    NotFound,
    TokenInvalid,
    ValidationFailed,
    errors,
)
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.notifications import service
from jinghutong.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    SubscriptionsIn,
    SubscriptionsOut,
)

router = APIRouter(tags=["notifications"])
_auth = (NotAuthenticated, TokenInvalid)


@router.get("/notifications", responses=errors(*_auth))
async def list_notifications(
    me: CurrentPrincipal,
    session: Session,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NotificationPage:
    """My notifications, newest first."""
    return await service.list_mine(session, me.person.id, cursor, limit)


@router.post("/notifications/{notification_id}/read", responses=errors(*_auth, NotFound))
async def read_notification(
    notification_id: str, me: CurrentPrincipal, session: Session
) -> NotificationOut:
    """Mark one of my notifications read (again is harmless)."""
    return await service.mark_read(session, me.person.id, notification_id)


@router.post("/subscriptions", responses=errors(*_auth, ValidationFailed))
async def record_subscriptions(
    body: SubscriptionsIn, me: CurrentPrincipal, session: Session
) -> SubscriptionsOut:
    """Record what `wx.requestSubscribeMessage` answered: each accept allows one message."""
    return await service.record_subscriptions(session, me.person.id, body.results)
