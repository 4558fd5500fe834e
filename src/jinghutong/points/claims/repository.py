"""Every query of the claims and of the names and places a claim is shown with."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Area, AreaLevel, Household, Person, PointsClaim


class ClaimRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, claim_id: str, *, for_update: bool = False) -> PointsClaim | None:
        query = select(PointsClaim).where(PointsClaim.id == claim_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def page(
        self, condition: ColumnElement[bool], status: str | None, before: str | None, limit: int
    ) -> list[PointsClaim]:
        """Newest first (ids are time-ordered), `limit` rows from before the id `before`."""
        query = select(PointsClaim).where(condition)
        if status is not None:
            query = query.where(PointsClaim.status == status)
        if before is not None:
            query = query.where(PointsClaim.id < before)
        query = query.order_by(PointsClaim.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def names(self, person_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted(set(person_ids))
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}

    async def addresses(self, household_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in household_ids if i})
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Household.id, Household.address).where(Household.id.in_(ids))
        )
        return {hid: address for hid, address in rows.all()}

    async def villages(self, paths: Iterable[str]) -> dict[str, Area]:
        """The village each path lies in (a path's segments are the ids of the areas above it,
        so one lookup of those ids finds them all), by path; a path in no village is left out."""
        wanted = sorted(set(paths))
        segments = {s for p in wanted for s in p.split("/") if s}
        if not segments:
            return {}
        query = select(Area).where(Area.level == AreaLevel.village, Area.id.in_(sorted(segments)))
        by_id = {a.id: a for a in (await self.session.scalars(query)).all()}
        out: dict[str, Area] = {}
        for path in wanted:
            found = next((by_id[s] for s in path.split("/") if s in by_id), None)
            if found is not None:
                out[path] = found
        return out
