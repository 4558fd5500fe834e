"""The queries the governance records share: the people, places and records a hazard or a
dispute refers to (PlacesRepository), a register's newest-first page, and the notices owed by
phone about one record. Each record kind keeps its own queries in its own repository."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity import access
from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    Household,
    Person,
    PhoneNotice,
    Role,
    RosterMember,
    Visit,
)

Record = TypeVar("Record", bound=Any)


async def newest_first(
    session: AsyncSession,
    model: type[Record],
    condition: ColumnElement[bool],
    before: str | None,
    limit: int,
) -> list[Record]:
    """A page of a register, newest first (ids grow with time), after the cursor's row."""
    query = select(model).where(condition)
    if before is not None:
        query = query.where(model.id < before)
    query = query.order_by(model.id.desc()).limit(limit)
    return list((await session.scalars(query)).all())


async def phone_notices(
    session: AsyncSession, subject_type: str, subject_id: str
) -> list[PhoneNotice]:
    """The notices owed by phone about one record, oldest first."""
    query = (
        select(PhoneNotice)
        .where(PhoneNotice.subject_type == subject_type, PhoneNotice.subject_id == subject_id)
        .order_by(PhoneNotice.id)
    )
    return list((await session.scalars(query)).all())


def _wanted(ids: Iterable[str | None]) -> list[str]:
    return sorted({i for i in ids if i})


class PlacesRepository:
    """The people, households, areas and records a governance record refers to."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def member(self, member_id: str | None) -> RosterMember | None:
        return await self.session.get(RosterMember, member_id) if member_id else None

    async def persons(self, ids: Iterable[str | None]) -> dict[str, Person]:
        wanted = _wanted(ids)
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {p.id: p for p in rows}

    async def members(self, ids: Iterable[str | None]) -> dict[str, RosterMember]:
        wanted = _wanted(ids)
        if not wanted:
            return {}
        query = select(RosterMember).where(RosterMember.id.in_(wanted))
        return {m.id: m for m in await self.session.scalars(query)}

    async def households(self, ids: Iterable[str | None]) -> dict[str, Household]:
        wanted = _wanted(ids)
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Household).where(Household.id.in_(wanted)))
        return {h.id: h for h in rows}

    async def villages_on(self, paths: Iterable[str]) -> dict[str, Area]:
        """The villages among the areas on these paths, by id (one query for a page)."""
        segments = sorted({s for path in paths for s in path.split("/") if s})
        if not segments:
            return {}
        query = select(Area).where(Area.id.in_(segments), Area.level == AreaLevel.village)
        return {a.id: a for a in await self.session.scalars(query)}

    async def holders_over(self, roles: Iterable[Role | str], path: str) -> list[str]:
        """Who holds one of `roles` on `path` or on an area above it."""
        return await access.holders_over(self.session, roles, path)

    async def case_numbers(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = await self.session.execute(select(Case.id, Case.number).where(Case.id.in_(wanted)))
        return {cid: number for cid, number in rows.all()}

    async def visit_times(self, ids: Iterable[str]) -> dict[str, datetime]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        query = select(Visit.id, Visit.visited_at).where(Visit.id.in_(wanted))
        return {vid: at for vid, at in (await self.session.execute(query)).all()}
