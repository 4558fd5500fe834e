"""Who may see a media item: its uploader, and — once it is attached to something — whoever
the attaching domain says may see that thing (cases plug their visibility rule in here)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.deps import Session
from jinghutong.identity.auth import _bearer, current_principal
from jinghutong.identity.service import Principal
from jinghutong.models import Media

# (session, viewer person id, the media) -> may this person see it?
MediaAccessChecker = Callable[[AsyncSession, str, Media], Awaitable[bool]]
_checkers: dict[str, MediaAccessChecker] = {}


def register_media_access(attached_to_type: str, checker: MediaAccessChecker) -> None:
    """Plug in the rule for media attached to `attached_to_type` ("case", "petition" …).
    The checker sees the Media (attached_to_id, check_status) and decides; call at import."""
    _checkers[attached_to_type] = checker


async def may_view(session: AsyncSession, person_id: str, media: Media) -> bool:
    if media.owner_id == person_id:
        return True
    if media.attached_to_type is None:
        return False
    checker = _checkers.get(media.attached_to_type)
    return checker is not None and await checker(session, person_id, media)


async def optional_principal(
    request: Request,
    session: Session,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """The caller when a bearer token came (a signed link needs none)."""
    if credentials is None:
        return None
    return await current_principal(request, session, credentials)


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
