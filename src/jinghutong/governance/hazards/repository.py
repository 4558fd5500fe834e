"""Every query of the hazard register, and those about the people and places around a hazard
that only hazards ask (the shared ones: governance.repository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance import repository
from jinghutong.governance.repository import newest_first
from jinghutong.models import (
    Area,
    Hazard,
    HazardStatus,
    Membership,
    MembershipStatus,
    RoleGrant,
    at_or_above,
)

OPEN_STATUSES = (
    HazardStatus.reported,
    HazardStatus.notified,
    HazardStatus.rectified,
    HazardStatus.accepted,
)


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Under rectification and past the deadline the handler set."""
    return and_(
        Hazard.status == HazardStatus.notified,
        Hazard.deadline_at.is_not(None),
        Hazard.deadline_at < now,
    )


class HazardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, hazard_id: str, *, for_update: bool = False) -> Hazard | None:
        # The row lock serialises changes to one hazard (and appends to its trail).
        return await self.session.get(Hazard, hazard_id, with_for_update=for_update)

    async def add(self, hazard: Hazard) -> Hazard:
        self.session.add(hazard)
        await self.session.flush()
        return hazard

    async def page(
        self, condition: ColumnElement[bool], before: str | None, limit: int
    ) -> list[Hazard]:
        return await newest_first(self.session, Hazard, condition, before, limit)

    async def due(self, now: datetime, limit: int) -> list[Hazard]:
        """Rectifications past their escalation time, locked; rows another worker (or a person
        acting on the hazard right now) holds are skipped and left for the next sweep."""
        query = (
            select(Hazard)
            .where(
                Hazard.status == HazardStatus.notified,
                Hazard.due_at.is_not(None),
                Hazard.due_at <= now,
            )
            .order_by(Hazard.due_at, Hazard.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list((await self.session.scalars(query)).all())


class PlacesRepository(repository.PlacesRepository):
    """The people, households, areas and records a hazard refers to."""

    async def has_role_around(self, person_id: str, path: str, village_path: str | None) -> bool:
        """A role on the place or above it, or on any area of its village."""
        near: ColumnElement[bool] = at_or_above(Area.id, Area.path, path)
        if village_path is not None:
            near = or_(near, Area.path.like(village_path + "%"))
        query = (
            select(RoleGrant.id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.person_id == person_id, near)
            .limit(1)
        )
        return (await self.session.scalar(query)) is not None

    async def is_member(self, person_id: str, household_id: str) -> bool:
        query = select(Membership.id).where(
            Membership.person_id == person_id,
            Membership.household_id == household_id,
            Membership.status == MembershipStatus.active,
        )
        return (await self.session.scalar(query.limit(1))) is not None
