"""The one permission rule: "person has role R on an area that contains X".

Area paths are materialized (`/station/township/village/…/`), so "contains" is a prefix test
and a scope is a list of path prefixes that list queries turn into `path LIKE prefix || '%'`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from jinghutong.models import Area, Role, RoleGrant, at_or_above


async def has_role_over(
    session: AsyncSession, person_id: str, roles: Iterable[Role | str], target_path: str
) -> bool:
    """True when the person holds one of `roles` on `target_path` or on an area above it."""
    query = (
        select(RoleGrant.id)
        .join(Area, Area.id == RoleGrant.area_id)
        .where(
            RoleGrant.person_id == person_id,
            RoleGrant.role.in_([str(r) for r in roles]),
            at_or_above(Area.id, Area.path, target_path),
        )
        .limit(1)
    )
    return (await session.scalar(query)) is not None


async def holders_over(
    session: AsyncSession, roles: Iterable[Role | str], target_path: str
) -> list[str]:
    """Who holds one of `roles` on `target_path` or on an area above it, by person id."""
    query = (
        select(RoleGrant.person_id)
        .join(Area, Area.id == RoleGrant.area_id)
        .where(
            RoleGrant.role.in_([str(r) for r in roles]),
            at_or_above(Area.id, Area.path, target_path),
        )
        .order_by(RoleGrant.person_id)
    )
    return list(dict.fromkeys((await session.scalars(query)).all()))


async def scope_paths(
    session: AsyncSession, person_id: str, roles: Iterable[Role | str]
) -> list[str]:
    """The area paths under which the person holds one of `roles` (outermost only)."""
    query = (
        select(Area.path)
        .join(RoleGrant, RoleGrant.area_id == Area.id)
        .where(RoleGrant.person_id == person_id, RoleGrant.role.in_([str(r) for r in roles]))
    )
    paths = sorted(set((await session.scalars(query)).all()))
    outermost: list[str] = []
    for path in paths:  # sorted: a parent comes before its descendants
        if not path_within(path, outermost):
            outermost.append(path)
    return outermost


def path_within(path: str, paths: Iterable[str]) -> bool:
    """`within` in Python: the area at `path` lies under one of `paths`."""
    return any(path.startswith(p) for p in paths)


def within(column: InstrumentedAttribute[str], paths: list[str]) -> ColumnElement[bool]:
    """SQL condition: `column` lies under one of `paths` (false for an empty scope)."""
    if not paths:
        return false()
    return or_(*(column.like(path + "%") for path in paths))
