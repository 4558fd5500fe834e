"""Every query of the duty roster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.identity.access import within
from jinghutong.models import Area, AreaLevel, DutyShift, Person, Role, RoleGrant

_INSERT_ONCE = per_dialect(
    lambda insert: (
        insert(DutyShift)
        .on_conflict_do_nothing(index_elements=["village_id", "person_id", "day"])
        .returning(DutyShift.id)
    )
)


@dataclass(frozen=True)
class Placed:
    shift: DutyShift
    person_name: str
    village: Area


class DutyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _placed(self) -> Select[DutyShift, str, Area]:
        return (
            select(DutyShift, Person.name, Area)
            .join(Person, Person.id == DutyShift.person_id)
            .join(Area, Area.id == DutyShift.village_id)
        )

    async def get(self, shift_id: str, *, for_update: bool = False) -> Placed | None:
        query = self._placed().where(DutyShift.id == shift_id)
        if for_update:
            query = query.with_for_update(of=DutyShift)
        row = (await self.session.execute(query)).first()
        return Placed(row[0], row[1], row[2]) if row is not None else None

    async def is_village_police(self, person_id: str, village_id: str) -> bool:
        found = await self.session.scalar(
            select(RoleGrant.id).where(
                RoleGrant.person_id == person_id,
                RoleGrant.role == Role.village_police.value,
                RoleGrant.area_id == village_id,
            )
        )
        return found is not None

    async def insert(self, **values: Any) -> str | None:
        """The new shift's id, or None when that person already has that day in that village."""
        statement = for_session(_INSERT_ONCE, self.session).values(**values)
        return await self.session.scalar(statement)

    async def delete(self, shift: DutyShift) -> None:
        await self.session.delete(shift)
        await self.session.flush()

    async def page(
        self,
        paths: list[str],
        first_day: date,
        next_first_day: date,
        after: tuple[date, str] | None,
        limit: int,
    ) -> list[Placed]:
        """Shifts of villages under `paths` in [first_day, next_first_day), by day."""
        query = self._placed().where(
            within(Area.path, paths), DutyShift.day >= first_day, DutyShift.day < next_first_day
        )
        if after is not None:
            day, last_id = after
            query = query.where(
                or_(DutyShift.day > day, and_(DutyShift.day == day, DutyShift.id > last_id))
            )
        query = query.order_by(DutyShift.day, DutyShift.id).limit(limit)
        return [Placed(s, n, v) for s, n, v in (await self.session.execute(query)).all()]

    async def villages(self, paths: list[str], after: str | None, limit: int) -> list[Area]:
        """The villages under `paths`, by id."""
        query = select(Area).where(Area.level == AreaLevel.village, within(Area.path, paths))
        if after is not None:
            query = query.where(Area.id > after)
        query = query.order_by(Area.id).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def police_of(self, village_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        """Each village's 村警 (id, name), by name."""
        if not village_ids:
            return {}
        query = (
            select(RoleGrant.area_id, Person.id, Person.name)
            .join(Person, Person.id == RoleGrant.person_id)
            .where(RoleGrant.role == Role.village_police.value, RoleGrant.area_id.in_(village_ids))
            .order_by(RoleGrant.area_id, Person.name, Person.id)
        )
        out: dict[str, list[tuple[str, str]]] = {}
        for village_id, person_id, name in (await self.session.execute(query)).all():
            out.setdefault(village_id, []).append((person_id, name))
        return out
