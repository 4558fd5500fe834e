"""Every query of the 联户长's year: the 联户长 of an area, page by page, and one grouped count
per kind of work over the page (never one query per person). Plain selects of the recorded
rows (case trails, visits, hazards, disputes, the ledger)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, distinct, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jinghutong.identity.access import within
from jinghutong.models import (
    Area,
    Case,
    CaseEvent,
    Dispute,
    Hazard,
    Person,
    PointsEntry,
    Role,
    RoleGrant,
    Visit,
)
from jinghutong.points.leaderboard.repository import NOT_EARNED

Counts = dict[str, int]


async def leaders(
    session: AsyncSession, path: str, after: str | None, limit: int
) -> list[tuple[str, str]]:
    """(id, name) of the 联户长 of micro-grids under `path`, by id."""
    held = (
        select(RoleGrant.person_id)
        .join(Area, Area.id == RoleGrant.area_id)
        .where(RoleGrant.role == Role.group_leader.value, within(Area.path, [path]))
    )
    query = select(Person.id, Person.name).where(Person.id.in_(held))
    if after is not None:
        query = query.where(Person.id > after)
    rows = await session.execute(query.order_by(Person.id).limit(limit))
    return [(pid, name) for pid, name in rows.all()]


class YearRepository:
    def __init__(
        self, session: AsyncSession, ids: list[str], path: str, start: datetime, end: datetime
    ) -> None:
        self.session, self.ids, self.path = session, ids, path
        self.start, self.end = start, end

    def _in_year(self, column: Any) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)

    async def _grouped(self, query: Select[Any, Any]) -> Counts:
        if not self.ids:
            return {}
        return {pid: int(n or 0) for pid, n in (await self.session.execute(query)).all()}

    def _grids(self) -> Any:
        return (
            select(RoleGrant.person_id, Area.id.label("area_id"), Area.name, Area.path)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(
                RoleGrant.role == Role.group_leader.value,
                RoleGrant.person_id.in_(self.ids),
                within(Area.path, [self.path]),
            )
        )

    async def grids(self) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = {}
        rows = await self.session.execute(self._grids().order_by(RoleGrant.person_id, Area.path))
        for pid, area_id, name, _ in rows.all():
            out.setdefault(pid, []).append((area_id, name))
        return out

    async def dispatches_fed_back(self) -> Counts:
        """Duty-room dispatches they accepted and fed back on (fed back this year)."""
        accepted = aliased(CaseEvent)
        took_it = exists().where(
            accepted.case_id == CaseEvent.case_id,
            accepted.actor_id == CaseEvent.actor_id,
            accepted.type == "accepted",
        )
        return await self._grouped(
            select(CaseEvent.actor_id, func.count(distinct(CaseEvent.case_id)))
            .join(Case, Case.id == CaseEvent.case_id)
            .where(
                CaseEvent.actor_id.in_(self.ids),
                CaseEvent.type == "feedback",
                Case.origin == "dispatch",
                self._in_year(CaseEvent.created_at),
                took_it,
            )
            .group_by(CaseEvent.actor_id)
        )

    async def visits(self) -> Counts:
        return await self._grouped(
            select(Visit.visitor_id, func.count(Visit.id))
            .where(Visit.visitor_id.in_(self.ids), self._in_year(Visit.visited_at))
            .group_by(Visit.visitor_id)
        )

    async def hazards_found(self) -> Counts:
        return await self._grouped(
            select(Hazard.reporter_id, func.count(Hazard.id))
            .where(Hazard.reporter_id.in_(self.ids), self._in_year(Hazard.created_at))
            .group_by(Hazard.reporter_id)
        )

    async def _disputes_in_grid(self, when: Any) -> Counts:
        grids = self._grids().subquery()
        return await self._grouped(
            select(grids.c.person_id, func.count(distinct(Dispute.id)))
            .select_from(grids)
            .join(Dispute, Dispute.area_path.like(grids.c.path + "%"))
            .where(self._in_year(when))
            .group_by(grids.c.person_id)
        )

    async def disputes_recorded(self) -> Counts:
        return await self._disputes_in_grid(Dispute.created_at)

    async def disputes_settled(self) -> Counts:
        return await self._disputes_in_grid(Dispute.settled_at)

    async def points_earned(self) -> Counts:
        return await self._grouped(
            select(PointsEntry.person_id, func.sum(PointsEntry.points))
            .where(
                PointsEntry.person_id.in_(self.ids),
                PointsEntry.event_kind.not_in(NOT_EARNED),
                self._in_year(PointsEntry.created_at),
            )
            .group_by(PointsEntry.person_id)
        )

    async def ratings(self) -> dict[str, tuple[int, float]]:
        """(rated cases, mean rating) of the cases they accepted this year."""
        if not self.ids:
            return {}
        handled = (
            select(CaseEvent.actor_id.label("person_id"), CaseEvent.case_id)
            .where(
                CaseEvent.actor_id.in_(self.ids),
                CaseEvent.type == "accepted",
                self._in_year(CaseEvent.created_at),
            )
            .distinct()
            .subquery()
        )
        rows = await self.session.execute(
            select(handled.c.person_id, func.count(Case.id), func.avg(Case.rating))
            .join(Case, Case.id == handled.c.case_id)
            .where(Case.rating.is_not(None))
            .group_by(handled.c.person_id)
        )
        return {pid: (int(n), float(mean)) for pid, n, mean in rows.all()}
