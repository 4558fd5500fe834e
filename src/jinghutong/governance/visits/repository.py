"""Every visit query. Visits and the households they reached are only ever added."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.sqltypes import UTCDateTime
from jinghutong.identity.access import within
from jinghutong.models import Area, Household, Person, Visit, VisitHousehold

# Households never visited sort before every visited one.
NEVER = datetime.fromisoformat("0001-01-01T00:00:00+00:00")


def visits_of_household(household_id: str) -> ColumnElement[bool]:
    """SQL condition on `Visit`: it reached this household (index on household_id)."""
    return Visit.id.in_(
        select(VisitHousehold.visit_id).where(VisitHousehold.household_id == household_id)
    )


class VisitRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, visit_id: str, *, for_update: bool = False) -> Visit | None:
        query = select(Visit).where(Visit.id == visit_id)
        if for_update:  # serialises appends to the visit's trail (PostgreSQL row lock)
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, visit: Visit, household_ids: list[str]) -> Visit:
        self.session.add(visit)
        await self.session.flush()
        self.session.add_all(
            VisitHousehold(visit_id=visit.id, household_id=h, visited_at=visit.visited_at)
            for h in household_ids
        )
        await self.session.flush()
        return visit

    async def households_of(self, visit_ids: Iterable[str]) -> dict[str, list[Household]]:
        ids = sorted(set(visit_ids))
        out: dict[str, list[Household]] = {i: [] for i in ids}
        if not ids:
            return out
        query = (
            select(VisitHousehold.visit_id, Household)
            .join(Household, Household.id == VisitHousehold.household_id)
            .where(VisitHousehold.visit_id.in_(ids))
            .order_by(Household.address, Household.id)
        )
        for visit_id, household in (await self.session.execute(query)).all():
            out[visit_id].append(household)
        return out

    async def page(
        self, condition: ColumnElement[bool], after: tuple[datetime, str] | None, limit: int
    ) -> list[Visit]:
        """Newest visit first, by when it happened (then id), from after the cursor."""
        query = select(Visit).where(condition)
        if after is not None:
            at = literal(after[0], UTCDateTime())
            query = query.where(
                or_(Visit.visited_at < at, and_(Visit.visited_at == at, Visit.id < after[1]))
            )
        query = query.order_by(Visit.visited_at.desc(), Visit.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def unvisited(
        self, path: str, since: datetime, after: tuple[datetime, str] | None, limit: int
    ) -> list[tuple[Household, datetime | None]]:
        """The area's households nobody visited since `since`, the longest unvisited first.

        Why it scales: the area's households come from the area_path prefix index, and each
        is tested with one probe of the (household_id, visited_at) index on visit_households
        — NOT EXISTS a row at or after `since` — so for a round's area (a micro-grid, a
        village) the cost follows the households in it, never the length of the visit
        history. The last visit is one more backward probe of the same index (its highest
        visited_at), only for the households that survive the anti-join. (For a whole
        station PostgreSQL may instead hash the window's visits in one pass; on 15,000
        households and 300,000 visits that took ~0.1 s, a micro-grid ~0.2 ms.)"""
        visited = VisitHousehold.household_id == Household.id
        recently = exists().where(visited, VisitHousehold.visited_at >= since)
        last = select(func.max(VisitHousehold.visited_at)).where(visited).scalar_subquery()
        key = func.coalesce(last, literal(NEVER, UTCDateTime()))
        query = select(Household, last).where(within(Household.area_path, [path]), ~recently)
        if after is not None:
            bound = literal(after[0], UTCDateTime())
            query = query.where(or_(key > bound, and_(key == bound, Household.id > after[1])))
        query = query.order_by(key, Household.id).limit(limit)
        return [(h, at) for h, at in (await self.session.execute(query)).all()]


class PlacesRepository:
    """The households, areas and people around visits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def households(self, household_ids: list[str]) -> dict[str, Household]:
        if not household_ids:
            return {}
        query = select(Household).where(Household.id.in_(household_ids))
        return {h.id: h for h in await self.session.scalars(query)}

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def areas(self, area_ids: Iterable[str]) -> dict[str, Area]:
        ids = sorted(set(area_ids))
        if not ids:
            return {}
        return {a.id: a for a in await self.session.scalars(select(Area).where(Area.id.in_(ids)))}

    async def names(self, person_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in person_ids if i})
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}
