"""Every query of the dispute register (the people and places around a dispute:
governance.repository.PlacesRepository), and the one count later statistics read: settled
disputes by the level they ended at."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.repository import newest_first
from jinghutong.models import (
    Dispute,
    DisputeLevel,
    DisputeParty,
    DisputeStatus,
    MediationSession,
    RosterMember,
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
        return await newest_first(self.session, Dispute, condition, before, limit)

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
