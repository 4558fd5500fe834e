"""Area tree endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.areas import service
from jinghutong.areas.schemas import AreaDetail, AreaOut
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, NotFound, errors
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/areas", tags=["areas"])


@router.get("", responses=errors(NotAuthenticated, NotFound))
async def list_areas(
    principal: CurrentPrincipal,
    session: Session,
    parent_id: Annotated[
        str | None, Query(max_length=26, description="列出此区域的下级；不填则列出本人的顶层区域")
    ] = None,
) -> list[AreaOut]:
    """Child areas (or the caller's top areas) with household counts within scope."""
    return await service.list_areas(session, principal.person, parent_id)


@router.get("/{area_id}", responses=errors(NotAuthenticated, NotFound))
async def get_area(area_id: str, principal: CurrentPrincipal, session: Session) -> AreaDetail:
    """One area, its household count within scope and the trail above it."""
    return await service.get_area(session, principal.person, area_id)
