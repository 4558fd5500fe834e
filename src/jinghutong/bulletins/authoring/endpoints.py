"""Bulletin authoring endpoints: drafts, audience preview, publish, approve, reject, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.bulletins import errors as e
from jinghutong.bulletins.authoring import service
from jinghutong.bulletins.schemas import (
    BulletinIn,
    BulletinOut,
    BulletinPage,
    BulletinPatch,
    PreviewOut,
    PublishIn,
    RejectIn,
    Status,
)
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/bulletins", tags=["bulletins"])
_auth = (NotAuthenticated, TokenInvalid)
_audience = (e.AudienceInvalid, e.AudienceOutOfScope, ValidationFailed)


@router.post("", status_code=201, responses=errors(*_auth, e.NotAnAuthor, *_audience))
async def create_bulletin(body: BulletinIn, me: CurrentPrincipal, session: Session) -> BulletinOut:
    """Write a draft bulletin with its audience spec."""
    return await service.create(session, me.person, body)


@router.get("", responses=errors(*_auth))
async def list_bulletins(
    me: CurrentPrincipal,
    session: Session,
    status: Status | None = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> BulletinPage:
    """My bulletins and those reaching into my area, newest first."""
    return await service.page(session, me.person, status, cursor, limit)


@router.get("/{bulletin_id}", responses=errors(*_auth, e.BulletinNotFound))
async def get_bulletin(bulletin_id: str, me: CurrentPrincipal, session: Session) -> BulletinOut:
    """One bulletin (author and staff over its reach)."""
    return service.out(await service.load(session, me.person, bulletin_id))


@router.patch(
    "/{bulletin_id}",
    responses=errors(*_auth, e.BulletinNotFound, e.NotEditable, e.NotApprover, *_audience),
)
async def update_bulletin(
    bulletin_id: str, body: BulletinPatch, me: CurrentPrincipal, session: Session
) -> BulletinOut:
    """Edit a draft."""
    return await service.update(session, me.person, bulletin_id, body)


@router.post(
    "/{bulletin_id}/audience-preview", responses=errors(*_auth, e.BulletinNotFound, *_audience)
)
async def preview_audience(bulletin_id: str, me: CurrentPrincipal, session: Session) -> PreviewOut:
    """How many households and persons the audience reaches, and how many by WeChat."""
    return await service.preview(session, me.person, bulletin_id)


@router.post(
    "/{bulletin_id}/publish",
    responses=errors(
        *_auth,
        e.BulletinNotFound,
        e.AlreadyPublished,
        e.PublishInPast,
        e.EmptyAudience,
        e.NotApprover,
        *_audience,
    ),
)
async def publish_bulletin(
    bulletin_id: str, me: CurrentPrincipal, session: Session, body: PublishIn | None = None
) -> BulletinOut:
    """Send now or at `at`; beyond one's own villages it waits for the chief's approval."""
    at = body.at if body else None
    return await service.publish(session, me.person, bulletin_id, at)


@router.post(
    "/{bulletin_id}/approve",
    responses=errors(*_auth, e.BulletinNotFound, e.NotApprover, e.NotPendingApproval),
)
async def approve_bulletin(bulletin_id: str, me: CurrentPrincipal, session: Session) -> BulletinOut:
    """The chief approves a bulletin waiting for approval: it goes out at its time."""
    return await service.approve(session, me.person, bulletin_id)


@router.post(
    "/{bulletin_id}/reject",
    responses=errors(*_auth, e.BulletinNotFound, e.NotApprover, e.NotPendingApproval),
)
async def reject_bulletin(
    bulletin_id: str, body: RejectIn, me: CurrentPrincipal, session: Session
) -> BulletinOut:
    """The chief sends a bulletin back to draft with a reason."""
    return await service.reject(session, me.person, bulletin_id, body.reason)


@router.post(
    "/{bulletin_id}/cancel",
    responses=errors(*_auth, e.BulletinNotFound, e.CannotCancel, e.NotApprover),
)
async def cancel_bulletin(bulletin_id: str, me: CurrentPrincipal, session: Session) -> BulletinOut:
    """Withdraw: messages not yet sent are not sent."""
    return await service.cancel(session, me.person, bulletin_id)
