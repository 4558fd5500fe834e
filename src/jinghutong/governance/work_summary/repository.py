"""Every query of the 五件事: the 村警 within reach, and one grouped count per kind of work over
the page's 村警 and the month (never one query per person). These read the other domains'
tables directly: counting needs their rows, not their rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, distinct, func, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import within
from jinghutong.models import (
    Appointment,
    AppointmentStatus,
    Area,
    Bulletin,
    BulletinStatus,
    CaseEvent,
    Dispute,
    MediationSession,
    Person,
    Role,
    RoleGrant,
    SentimentItem,
    Visit,
)

# The trail events that mean a 村警 handled a case themself (not a comment or a rating).
HANDLING_EVENTS = ("accepted", "feedback", "resolved")
# A bulletin counts once it went out (or is going out); a draft, one waiting for approval, one
# scheduled for later or cancelled before it went did not reach anyone.
PUBLISHED = (BulletinStatus.sending.value, BulletinStatus.sent.value)

Counts = dict[str, int]


class PoliceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        paths: list[str],
        self_id: str | None,
        person_id: str | None,
        after: str | None,
        limit: int,
    ) -> list[tuple[str, str]]:
        """(id, name) of the 村警 whose village lies under `paths` (or who is `self_id`)."""
        reach: ColumnElement[bool] = within(Area.path, paths)
        if self_id is not None:
            reach = or_(reach, RoleGrant.person_id == self_id)
        police = (
            select(RoleGrant.person_id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.role == Role.village_police.value, reach)
        )
        query = select(Person.id, Person.name).where(Person.id.in_(police))
        if person_id is not None:
            query = query.where(Person.id == person_id)
        if after is not None:
            query = query.where(Person.id > after)
        rows = await self.session.execute(query.order_by(Person.id).limit(limit))
        return [(pid, name) for pid, name in rows.all()]

    async def villages(self, person_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        query = (
            select(RoleGrant.person_id, Area.id, Area.name)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.role == Role.village_police.value, RoleGrant.person_id.in_(person_ids))
            .order_by(RoleGrant.person_id, Area.path)
        )
        out: dict[str, list[tuple[str, str]]] = {}
        for pid, area_id, name in (await self.session.execute(query)).all():
            out.setdefault(pid, []).append((area_id, name))
        return out


class WorkRepository:
    """Counts of one month's work, each by person."""

    def __init__(self, session: AsyncSession, ids: list[str], start: datetime, end: datetime):
        self.session = session
        self.ids = ids
        self.start = start
        self.end = end

    def _in_month(self, column: Any) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)

    async def _grouped(self, query: Select[Any, Any]) -> Counts:
        if not self.ids:
            return {}
        return {pid: n for pid, n in (await self.session.execute(query)).all()}

    async def cases_handled(self) -> Counts:
        """Distinct cases on whose trail they accepted, fed back or resolved this month."""
        return await self._grouped(
            select(CaseEvent.actor_id, func.count(distinct(CaseEvent.case_id)))
            .where(
                CaseEvent.actor_id.in_(self.ids),
                CaseEvent.type.in_(HANDLING_EVENTS),
                self._in_month(CaseEvent.created_at),
            )
            .group_by(CaseEvent.actor_id)
        )

    async def errands(self) -> Counts:
        """Appointments they booked for someone else (代办), unless cancelled."""
        return await self._grouped(
            select(Appointment.booked_by_id, func.count(Appointment.id))
            .where(
                Appointment.booked_by_id.in_(self.ids),
                Appointment.person_id != Appointment.booked_by_id,
                Appointment.status != AppointmentStatus.cancelled.value,
                self._in_month(Appointment.created_at),
            )
            .group_by(Appointment.booked_by_id)
        )

    async def disputes_mediated(self) -> Counts:
        """Distinct disputes with a mediation session they recorded, held this month."""
        return await self._grouped(
            select(MediationSession.recorder_id, func.count(distinct(MediationSession.dispute_id)))
            .where(
                MediationSession.recorder_id.in_(self.ids),
                self._in_month(MediationSession.held_at),
            )
            .group_by(MediationSession.recorder_id)
        )

    def _settled_credit(self) -> Select[Any, Any]:
        """(person, dispute) for disputes settled this month that the person mediated in or was
        handed (交办): a settlement is the work of whoever carried the dispute to it."""
        credit = union(
            select(
                MediationSession.recorder_id.label("person_id"),
                MediationSession.dispute_id.label("dispute_id"),
            ).where(MediationSession.recorder_id.in_(self.ids)),
            select(Dispute.assignee_id, Dispute.id).where(Dispute.assignee_id.in_(self.ids)),
        ).subquery()
        return (
            select(credit.c.person_id, credit.c.dispute_id)
            .join(Dispute, Dispute.id == credit.c.dispute_id)
            .where(self._in_month(Dispute.settled_at))
        )

    async def disputes_settled(self) -> Counts:
        settled = self._settled_credit().subquery()
        return await self._grouped(
            select(settled.c.person_id, func.count(distinct(settled.c.dispute_id))).group_by(
                settled.c.person_id
            )
        )

    async def disputes_worked(self) -> Counts:
        """Distinct disputes mediated or settled this month (the 矛调 count itself)."""
        sessions = select(MediationSession.recorder_id, MediationSession.dispute_id).where(
            MediationSession.recorder_id.in_(self.ids),
            self._in_month(MediationSession.held_at),
        )
        worked = union(sessions, self._settled_credit()).subquery()
        return await self._grouped(
            select(worked.c.recorder_id, func.count(distinct(worked.c.dispute_id))).group_by(
                worked.c.recorder_id
            )
        )

    async def visits(self) -> Counts:
        return await self._grouped(
            select(Visit.visitor_id, func.count(Visit.id))
            .where(Visit.visitor_id.in_(self.ids), self._in_month(Visit.visited_at))
            .group_by(Visit.visitor_id)
        )

    async def sentiment(self) -> Counts:
        return await self._grouped(
            select(SentimentItem.recorder_id, func.count(SentimentItem.id))
            .where(
                SentimentItem.recorder_id.in_(self.ids), self._in_month(SentimentItem.created_at)
            )
            .group_by(SentimentItem.recorder_id)
        )

    async def bulletins(self) -> Counts:
        """Bulletins they wrote that went out this month."""
        return await self._grouped(
            select(Bulletin.author_id, func.count(Bulletin.id))
            .where(
                Bulletin.author_id.in_(self.ids),
                Bulletin.status.in_(PUBLISHED),
                self._in_month(Bulletin.published_at),
            )
            .group_by(Bulletin.author_id)
        )
