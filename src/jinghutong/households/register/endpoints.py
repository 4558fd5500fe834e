"""Register endpoints: list, search, read, create and edit households within scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    ValidationFailed,
    errors,
)
from jinghutong.households.register import service
from jinghutong.households.register.schemas import (
    HouseholdDetail,
    HouseholdIn,
    HouseholdPage,
    HouseholdPatch,
    TagCount,
)
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/households", tags=["households"])


@router.get("", responses=errors(NotAuthenticated, NotFound, ValidationFailed))
async def list_households(
    principal: CurrentPrincipal,
    session: Session,
    area_id: Annotated[str | None, Query(max_length=26, description="只看这个区域之下")] = None,
    q: Annotated[str | None, Query(max_length=50, description="按门牌地址或户主姓名搜索")] = None,
    tag: Annotated[str | None, Query(max_length=20, description="只看带这个标签的户")] = None,
    cursor: Annotated[str | None, Query(max_length=64, description="上一页的 next_cursor")] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
) -> HouseholdPage:
    """Households the caller may see, in creation order, a page at a time."""
    return await service.list_households(
        session, principal.person, area_id=area_id, q=q, tag=tag, cursor=cursor, limit=limit
    )


@router.get("/tags", responses=errors(NotAuthenticated))
async def list_tags(principal: CurrentPrincipal, session: Session) -> list[TagCount]:
    """The station's household tags and the free tags in use, counted within the caller's scope."""
    return await service.tag_counts(session, principal.person)


@router.get("/{household_id}", responses=errors(NotAuthenticated, NotFound))
async def get_household(
    household_id: str, principal: CurrentPrincipal, session: Session
) -> HouseholdDetail:
    """One household with its tags, members (phones masked) and area trail."""
    return await service.get_household(session, principal.person, household_id)


@router.post(
    "",
    status_code=201,
    responses=errors(NotAuthenticated, Forbidden, NotFound, Conflict, ValidationFailed),
)
async def create_household(
    body: HouseholdIn, principal: CurrentPrincipal, session: Session
) -> HouseholdDetail:
    """Register a household in a micro-grid (村警, 防区民警 or admin over it)."""
    return await service.create_household(session, principal.person, body)


@router.patch(
    "/{household_id}",
    responses=errors(NotAuthenticated, Forbidden, NotFound, Conflict, ValidationFailed),
)
async def update_household(
    household_id: str, body: HouseholdPatch, principal: CurrentPrincipal, session: Session
) -> HouseholdDetail:
    """Change some fields of a household; `tags` replaces the list; moving needs both areas."""
    return await service.update_household(session, principal.person, household_id, body)
