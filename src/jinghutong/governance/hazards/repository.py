"""Every query of the hazard register and of the people and places around a hazard."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    Hazard,
    HazardStatus,
    Household,
    Membership,
    MembershipStatus,
    Person,
    PhoneNotice,
    RoleGrant,
    RosterMember,
    Visit,
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
        """Newest first (ids grow with time), after the cursor's row."""
        query = select(Hazard).where(condition)
        if before is not None:
            query = query.where(Hazard.id < before)
        query = query.order_by(Hazard.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

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

    async def phone_notices(self, hazard_id: str) -> list[PhoneNotice]:
        query = (
            select(PhoneNotice)
            .where(PhoneNotice.subject_type == "hazard", PhoneNotice.subject_id == hazard_id)
            .order_by(PhoneNotice.id)
        )
        return list((await self.session.scalars(query)).all())


class PlacesRepository:
    """The people, households, areas and records a hazard refers to."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def member(self, member_id: str) -> RosterMember | None:
        return await self.session.get(RosterMember, member_id)

    async def persons(self, ids: Iterable[str | None]) -> dict[str, Person]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {p.id: p for p in rows}

    async def households(self, ids: Iterable[str | None]) -> dict[str, Household]:
        wanted = sorted({i for i in ids if i})
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

    async def holders_over(self, roles: Iterable[str], path: str) -> list[str]:
        """Who holds one of `roles` on `path` or on an area above it."""
        query = (
            select(RoleGrant.person_id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(
                RoleGrant.role.in_([str(r) for r in roles]), at_or_above(Area.id, Area.path, path)
            )
            .order_by(RoleGrant.person_id)
        )
        return list(dict.fromkeys((await self.session.scalars(query)).all()))

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
