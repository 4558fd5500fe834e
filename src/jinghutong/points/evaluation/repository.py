"""Every query of the sheets and their appeals (the records behind them: records.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import (
    Area,
    AreaLevel,
    EvaluationAppeal,
    EvaluationSheet,
    Person,
    Role,
    RoleGrant,
    SheetStatus,
)


@dataclass(frozen=True)
class Placed:
    """A sheet with the names around it."""

    sheet: EvaluationSheet
    person_name: str
    village: Area | None


class SheetRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_month(self, month: str) -> None:
        """Until this unit of work ends, nobody else computes this month's sheets (PostgreSQL:
        a transaction-scoped advisory lock; SQLite writes one transaction at a time)."""
        if self.session.get_bind().dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"evaluation:{month}"},
            )

    def _placed(self) -> Select[EvaluationSheet, str, Area]:
        return (
            select(EvaluationSheet, Person.name, Area)
            .join(Person, Person.id == EvaluationSheet.person_id)
            .outerjoin(Area, Area.id == EvaluationSheet.village_id)
        )

    async def get(self, sheet_id: str, *, for_update: bool = False) -> Placed | None:
        query = self._placed().where(EvaluationSheet.id == sheet_id)
        if for_update:
            query = query.with_for_update(of=EvaluationSheet)
        row = (await self.session.execute(query)).first()
        return Placed(row[0], row[1], row[2]) if row is not None else None

    async def page(
        self,
        paths: list[str],
        self_id: str | None,
        month: str | None,
        village_id: str | None,
        after: str | None,
        limit: int,
    ) -> list[Placed]:
        """Sheets of 村警 whose village lies under `paths` (or whose 村警 is `self_id`),
        newest first."""
        reach: ColumnElement[bool] = within(Area.path, paths)
        if self_id is not None:
            reach = or_(reach, EvaluationSheet.person_id == self_id)
        query = self._placed().where(reach)
        if month is not None:
            query = query.where(EvaluationSheet.month == month)
        if village_id is not None:
            query = query.where(EvaluationSheet.village_id == village_id)
        if after is not None:
            query = query.where(EvaluationSheet.id < after)
        query = query.order_by(EvaluationSheet.id.desc()).limit(limit)
        return [Placed(s, n, v) for s, n, v in (await self.session.execute(query)).all()]

    async def of_month_under(self, paths: list[str], month: str) -> list[Placed]:
        """The month's sheets of the villages under `paths`, by village and name (the export)."""
        query = (
            self._placed()
            .where(within(Area.path, paths), EvaluationSheet.month == month)
            .order_by(Area.path, Person.name, EvaluationSheet.id)
        )
        return [Placed(s, n, v) for s, n, v in (await self.session.execute(query)).all()]

    async def of_people(
        self, person_ids: list[str], month: str, *, for_update: bool = False
    ) -> dict[str, EvaluationSheet]:
        if not person_ids:
            return {}
        query = select(EvaluationSheet).where(
            EvaluationSheet.person_id.in_(person_ids), EvaluationSheet.month == month
        )
        if for_update:
            query = query.with_for_update()
        return {s.person_id: s for s in (await self.session.scalars(query)).all()}

    async def appeals(self, sheet_ids: Iterable[str]) -> dict[str, EvaluationAppeal]:
        ids = sorted(set(sheet_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(EvaluationAppeal).where(EvaluationAppeal.sheet_id.in_(ids))
        )
        return {a.sheet_id: a for a in rows.all()}

    async def names(self, person_ids: Iterable[str]) -> dict[str, str]:
        ids = sorted({p for p in person_ids if p})
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}

    async def confirmed_before(self, at: datetime, limit: int) -> list[EvaluationSheet]:
        """Confirmed sheets (locked, skipping those someone is acting on) confirmed before `at`."""
        query = (
            select(EvaluationSheet)
            .where(
                EvaluationSheet.status == SheetStatus.confirmed,
                EvaluationSheet.confirmed_at < at,
            )
            .order_by(EvaluationSheet.confirmed_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(query)).all())

    async def stations(self) -> list[Area]:
        query = select(Area).where(Area.level == AreaLevel.station).order_by(Area.path)
        return list((await self.session.scalars(query)).all())

    async def police_without_sheet(self, path: str, month: str) -> bool:
        """Is there a 村警 of a village under `path` with no sheet for `month`?"""
        sheets = select(EvaluationSheet.person_id).where(EvaluationSheet.month == month)
        query = (
            select(RoleGrant.id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(
                RoleGrant.role == Role.village_police.value,
                within(Area.path, [path]),
                RoleGrant.person_id.not_in(sheets),
            )
            .limit(1)
        )
        return (await self.session.scalar(query)) is not None
