"""Staff directory endpoint."""

from __future__ import annotations

from typing import Annotated, get_args

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.staff import service
from jinghutong.staff.schemas import StaffPage, StaffRole

router = APIRouter(prefix="/staff", tags=["staff"])
_ROLES = ",".join(get_args(StaffRole))


def _roles(raw: str | None) -> list[StaffRole]:
    names = [r.strip() for r in (raw or "").split(",") if r.strip()]
    unknown = [r for r in names if r not in get_args(StaffRole)]
    if unknown:
        raise ValidationFailed("没有这种工作角色", fields={"role": f"可选：{_ROLES}"})
    return names  # type: ignore[return-value]


@router.get(
    "",
    responses=errors(
        NotAuthenticated,
        TokenInvalid,
        service.NotStaff,
        service.AreaNotFound,
        BadCursor,
        ValidationFailed,
    ),
)
async def list_staff(
    me: CurrentPrincipal,
    session: Session,
    role: Annotated[
        str | None,
        Query(max_length=120, description=f"只看这些角色，逗号分隔（{_ROLES}）"),
    ] = None,
    area_id: Annotated[str | None, Query(max_length=26, description="只看这个区域之下")] = None,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> StaffPage:
    """People holding staff roles within the caller's scope (phones masked); staff only."""
    return await service.list_staff(session, me.person, _roles(role), area_id, cursor, limit)
