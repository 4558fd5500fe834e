"""Who a person is to points: where they stand (household, micro-grid) and whether they are staff.

Points are for villagers and 联户长. Staff — anyone holding a STAFF_ROLES grant anywhere — earn
none: they are evaluated instead (考评, points/evaluation)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    STAFF_ROLES,
    Area,
    AreaLevel,
    Household,
    Membership,
    MembershipStatus,
    Role,
    RoleGrant,
    at_or_above,
)

_STAFF = [str(role) for role in STAFF_ROLES]


@dataclass(frozen=True)
class Standing:
    """Where a person stands when an entry is written: their household (the first active
    membership, as cases' routing reads a home) and the micro-grid path the 光荣榜 groups by."""

    household_id: str | None
    area_path: str


async def standing(session: AsyncSession, person_id: str) -> Standing:
    """The person's household and its micro-grid; a 联户长 with no household stands in the
    micro-grid they lead; someone with neither, at the area of their first grant (or nowhere)."""
    home = (
        await session.execute(
            select(Household.id, Household.area_path)
            .join(Membership, Membership.household_id == Household.id)
            .where(Membership.person_id == person_id, Membership.status == MembershipStatus.active)
            .order_by(Membership.created_at, Membership.id)
            .limit(1)
        )
    ).first()
    if home is not None:
        return Standing(household_id=home[0], area_path=home[1])
    led = await session.scalar(
        select(Area.path)
        .join(RoleGrant, RoleGrant.area_id == Area.id)
        .where(RoleGrant.person_id == person_id)
        .order_by(
            (RoleGrant.role != str(Role.group_leader)),
            (Area.level != str(AreaLevel.micro_grid)),
            RoleGrant.created_at,
        )
        .limit(1)
    )
    return Standing(household_id=None, area_path=led or "")


async def is_staff(session: AsyncSession, person_id: str) -> bool:
    """True when the person holds any staff role anywhere: staff earn no points (考评 instead)."""
    found = await session.scalar(
        select(RoleGrant.id)
        .where(RoleGrant.person_id == person_id, RoleGrant.role.in_(_STAFF))
        .limit(1)
    )
    return found is not None


async def staff_among(session: AsyncSession, person_ids: set[str]) -> set[str]:
    """Those of `person_ids` who hold a staff role anywhere (one query for a sweep's batch)."""
    if not person_ids:
        return set()
    rows = await session.scalars(
        select(RoleGrant.person_id)
        .where(RoleGrant.person_id.in_(sorted(person_ids)), RoleGrant.role.in_(_STAFF))
        .distinct()
    )
    return set(rows.all())


async def holders_over(session: AsyncSession, roles: Iterable[Role], path: str) -> list[str]:
    """Who holds one of `roles` on `path` or on an area above it (to be told of a claim)."""
    query = (
        select(RoleGrant.person_id)
        .join(Area, Area.id == RoleGrant.area_id)
        .where(RoleGrant.role.in_([str(r) for r in roles]), at_or_above(Area.id, Area.path, path))
        .order_by(RoleGrant.person_id)
    )
    return list(dict.fromkeys((await session.scalars(query)).all()))
