"""Every query of the dispute register and of the people and places around a dispute, and the
one count later statistics read: settled disputes by the level they ended at."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    Dispute,
    DisputeLevel,
    DisputeParty,
    DisputeStatus,
    Household,
    MediationSession,
    Person,
    PhoneNotice,
    RoleGrant,
    RosterMember,
    Visit,
    at_or_above,
)

# Not concluded yet: someone may still hand it over, mediate it, settle it or give up.
OPEN_STATUSES = (DisputeStatus.open, DisputeStatus.assigned, DisputeStatus.mediating)
# Handed over and not concluded: a 交办 deadline is running.
UNDER_DEADLINE = (DisputeStatus.assigned, DisputeStatus.mediating)


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    """Handed over, not settled or given up, and past the 交办 deadline."""
    return and_(
        Dispute.status.in_([str(s) for s in UNDER_DEADLINE]),
        Dispute.deadline_at.is_not(None),
        Dispute.deadline_at < now,
    )


def members_of(person_id: str) -> ColumnElement[bool]:
    """The dispute is handed to a roster member who is this person (an account on WeChat)."""
    members = select(RosterMember.id).where(RosterMember.person_id == person_id)
    return Dispute.assignee_member_id.in_(members.scalar_subquery())


class DisputeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, dispute_id: str, *, for_update: bool = False) -> Dispute | None:
        # The row lock serialises changes to one dispute (and appends to its trail).
        return await self.session.get(Dispute, dispute_id, with_for_update=for_update)

    async def add(self, *rows: Dispute | DisputeParty | MediationSession) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def parties(self, dispute_id: str) -> list[DisputeParty]:
        query = (
            select(DisputeParty)
            .where(DisputeParty.dispute_id == dispute_id)
            .order_by(DisputeParty.id)
        )
        return list((await self.session.scalars(query)).all())

    async def party(self, dispute_id: str, party_id: str) -> DisputeParty | None:
        query = select(DisputeParty).where(
            DisputeParty.id == party_id, DisputeParty.dispute_id == dispute_id
        )
        return await self.session.scalar(query)

    async def sessions(self, dispute_id: str) -> list[MediationSession]:
        query = (
            select(MediationSession)
            .where(MediationSession.dispute_id == dispute_id)
            .order_by(MediationSession.held_at, MediationSession.id)
        )
        return list((await self.session.scalars(query)).all())

    async def page(
        self, condition: ColumnElement[bool], before: str | None, limit: int
    ) -> list[Dispute]:
        """Newest first (ids grow with time), after the cursor's row."""
        query = select(Dispute).where(condition)
        if before is not None:
            query = query.where(Dispute.id < before)
        query = query.order_by(Dispute.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def phone_notices(self, dispute_id: str) -> list[PhoneNotice]:
        query = (
            select(PhoneNotice)
            .where(PhoneNotice.subject_type == "dispute", PhoneNotice.subject_id == dispute_id)
            .order_by(PhoneNotice.id)
        )
        return list((await self.session.scalars(query)).all())

    async def settled_by_level(
        self, area_path: str, since: datetime, until: datetime
    ) -> dict[DisputeLevel, int]:
        """Disputes of the area at `area_path` (and below) settled in [since, until), counted by
        the level they ended at — "小事不出联户网格、大事不出镇". A settled dispute keeps its
        count after its 回访 closes it; one given up (调解不成) is not settled. Every level is
        in the answer, 0 where none."""
        query = (
            select(Dispute.level, func.count(Dispute.id))
            .where(
                Dispute.area_path.like(area_path + "%"),
                Dispute.settled_at.is_not(None),
                Dispute.settled_at >= since,
                Dispute.settled_at < until,
            )
            .group_by(Dispute.level)
        )
        counts = {level: 0 for level in DisputeLevel}
        for level, n in (await self.session.execute(query)).all():
            counts[DisputeLevel(level)] = int(n)
        return counts


class PlacesRepository:
    """The people, households, areas and records a dispute refers to."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def member(self, member_id: str | None) -> RosterMember | None:
        return await self.session.get(RosterMember, member_id) if member_id else None

    async def persons(self, ids: Iterable[str | None]) -> dict[str, Person]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Person).where(Person.id.in_(wanted)))
        return {p.id: p for p in rows}

    async def members(self, ids: Iterable[str | None]) -> dict[str, RosterMember]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        query = select(RosterMember).where(RosterMember.id.in_(wanted))
        return {m.id: m for m in await self.session.scalars(query)}

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
