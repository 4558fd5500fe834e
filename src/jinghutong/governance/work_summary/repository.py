"""Every query of the 五件事: the 村警 within reach, and one grouped count per kind of work over
the page's 村警 and the month (never one query per person). These read the other domains'
tables directly: counting needs their rows, not their rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

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
WorkKind = Literal[
    "cases", "errands", "mediated", "settled", "worked", "visits", "sentiment", "bulletins"
]


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


Records = dict[str, list[str]]  # person → the ids of the records behind a count


class WorkRepository:
    """Counts of one month's work, each by person. Each count is built from a select of
    (person_id, record_id) pairs, so the records behind a count come from the same query
    (`records`): the evaluation (points/evaluation) lists what it scores."""

    def __init__(self, session: AsyncSession, ids: list[str], start: datetime, end: datetime):
        self.session = session
        self.ids = ids
        self.start = start
        self.end = end

    def _in_month(self, column: Any) -> ColumnElement[bool]:
        return (column >= self.start) & (column < self.end)

    async def _grouped(self, pairs: Select[Any, Any]) -> Counts:
        if not self.ids:
            return {}
        rows = pairs.subquery()
        query = select(rows.c.person_id, func.count(distinct(rows.c.record_id))).group_by(
            rows.c.person_id
        )
        return {pid: n for pid, n in (await self.session.execute(query)).all()}

    async def _listed(self, pairs: Select[Any, Any]) -> Records:
        if not self.ids:
            return {}
        rows = pairs.subquery()
        query = (
            select(rows.c.person_id, rows.c.record_id)
            .distinct()
            .order_by(rows.c.person_id, rows.c.record_id)
        )
        out: Records = {}
        for pid, record_id in (await self.session.execute(query)).all():
            out.setdefault(pid, []).append(record_id)
        return out

    def _cases_handled(self) -> Select[Any, Any]:
        """Cases on whose trail they accepted, fed back or resolved this month."""
        return select(
            CaseEvent.actor_id.label("person_id"), CaseEvent.case_id.label("record_id")
        ).where(
            CaseEvent.actor_id.in_(self.ids),
            CaseEvent.type.in_(HANDLING_EVENTS),
            self._in_month(CaseEvent.created_at),
        )

    def _errands(self) -> Select[Any, Any]:
        """Appointments they booked for someone else (代办), unless cancelled."""
        return select(
            Appointment.booked_by_id.label("person_id"), Appointment.id.label("record_id")
        ).where(
            Appointment.booked_by_id.in_(self.ids),
            Appointment.person_id != Appointment.booked_by_id,
            Appointment.status != AppointmentStatus.cancelled.value,
            self._in_month(Appointment.created_at),
        )

    def _mediated(self) -> Select[Any, Any]:
        """Disputes with a mediation session they recorded, held this month."""
        return select(
            MediationSession.recorder_id.label("person_id"),
            MediationSession.dispute_id.label("record_id"),
        ).where(
            MediationSession.recorder_id.in_(self.ids),
            self._in_month(MediationSession.held_at),
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
            select(credit.c.person_id, credit.c.dispute_id.label("record_id"))
            .join(Dispute, Dispute.id == credit.c.dispute_id)
            .where(self._in_month(Dispute.settled_at))
        )

    def _worked(self) -> Select[Any, Any]:
        """Disputes mediated or settled this month (the 矛调 count itself)."""
        worked = union(self._mediated(), self._settled_credit()).subquery()
        return select(worked.c.person_id, worked.c.record_id)

    def _visits(self) -> Select[Any, Any]:
        return select(Visit.visitor_id.label("person_id"), Visit.id.label("record_id")).where(
            Visit.visitor_id.in_(self.ids), self._in_month(Visit.visited_at)
        )

    def _sentiment(self) -> Select[Any, Any]:
        return select(
            SentimentItem.recorder_id.label("person_id"), SentimentItem.id.label("record_id")
        ).where(SentimentItem.recorder_id.in_(self.ids), self._in_month(SentimentItem.created_at))

    def _bulletins(self) -> Select[Any, Any]:
        """Bulletins they wrote that went out this month."""
        return select(Bulletin.author_id.label("person_id"), Bulletin.id.label("record_id")).where(
            Bulletin.author_id.in_(self.ids),
            Bulletin.status.in_(PUBLISHED),
            self._in_month(Bulletin.published_at),
        )

    async def cases_handled(self) -> Counts:
        return await self._grouped(self._cases_handled())

    async def errands(self) -> Counts:
        return await self._grouped(self._errands())

    async def disputes_mediated(self) -> Counts:
        return await self._grouped(self._mediated())

    async def disputes_settled(self) -> Counts:
        return await self._grouped(self._settled_credit())

    async def disputes_worked(self) -> Counts:
        return await self._grouped(self._worked())

    async def visits(self) -> Counts:
        return await self._grouped(self._visits())

    async def sentiment(self) -> Counts:
        return await self._grouped(self._sentiment())

    async def bulletins(self) -> Counts:
        return await self._grouped(self._bulletins())

    async def records(self, kind: WorkKind) -> Records:
        """The ids behind one of the counts above, by person, in id order (one query)."""
        pairs = {
            "cases": self._cases_handled,
            "errands": self._errands,
            "mediated": self._mediated,
            "settled": self._settled_credit,
            "worked": self._worked,
            "visits": self._visits,
            "sentiment": self._sentiment,
            "bulletins": self._bulletins,
        }[kind]()
        return await self._listed(pairs)
