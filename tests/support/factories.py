"""Small factory functions for arranging data in tests (flush, never commit)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import crypto
from jinghutong.core.ids import new_id
from jinghutong.core.passwords import hash_password
from jinghutong.models import Area, AreaLevel, Household, Membership, Person, RoleGrant

STAFF_PASSWORD = "correct horse battery"
_PASSWORD_HASH: str | None = None


def _password_hash() -> str:
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = hash_password(STAFF_PASSWORD)
    return _PASSWORD_HASH


async def make_area(
    session: AsyncSession, name: str, level: AreaLevel, parent: Area | None = None
) -> Area:
    area_id = new_id()
    path = (parent.path if parent else "/") + area_id + "/"
    area = Area(
        id=area_id,
        parent_id=parent.id if parent else None,
        level=level,
        name=name,
        path=path,
        depth=(parent.depth + 1) if parent else 0,
        lat=29.6,
        lng=118.9,
    )
    session.add(area)
    await session.flush()
    return area


@dataclass
class Tree:
    station: Area
    township: Area
    village: Area
    grid: Area
    micro_grid: Area
    other_village: Area
    other_micro_grid: Area


async def make_tree(session: AsyncSession) -> Tree:
    """One station, one township, two villages each with one grid and one micro-grid."""
    station = await make_area(session, "测试派出所", AreaLevel.station)
    township = await make_area(session, "大墅镇", AreaLevel.township, station)
    village = await make_area(session, "上坊村", AreaLevel.village, township)
    grid = await make_area(session, "上坊村第一网格", AreaLevel.grid, village)
    micro = await make_area(session, "上坊村第1微网格", AreaLevel.micro_grid, grid)
    other_village = await make_area(session, "桐坑源村", AreaLevel.village, township)
    other_grid = await make_area(session, "桐坑源村第一网格", AreaLevel.grid, other_village)
    other_micro = await make_area(session, "桐坑源村第1微网格", AreaLevel.micro_grid, other_grid)
    return Tree(station, township, village, grid, micro, other_village, other_micro)


async def make_person(
    session: AsyncSession,
    name: str = "方桂英",
    *,
    openid: str | None = None,
    username: str | None = None,
    phone: str | None = None,
) -> Person:
    person = Person(
        name=name,
        openid=openid,
        username=username,
        password_hash=_password_hash() if username else None,
        phone=phone,
        phone_index=crypto.blind_index(phone) if phone else None,
    )
    session.add(person)
    await session.flush()
    return person


async def make_household(
    session: AsyncSession, micro_grid: Area, address: str = "上坊村下坞12号", head: str = "方桂英"
) -> Household:
    household = Household(
        area_id=micro_grid.id, area_path=micro_grid.path, address=address, head_name=head
    )
    session.add(household)
    await session.flush()
    return household


async def grant(session: AsyncSession, person: Person, role: str, area: Area) -> RoleGrant:
    row = RoleGrant(person_id=person.id, role=role, area_id=area.id)
    session.add(row)
    await session.flush()
    return row


async def join(
    session: AsyncSession, person: Person, household: Household, status: str = "active"
) -> Membership:
    row = Membership(person_id=person.id, household_id=household.id, status=status)
    session.add(row)
    await session.flush()
    return row
