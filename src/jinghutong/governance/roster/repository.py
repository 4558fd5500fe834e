"""Every query of the roster, the cameras and the notices owed by phone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import (
    Area,
    Camera,
    Dispute,
    GovernanceEvent,
    Hazard,
    Household,
    Person,
    PhoneNotice,
    RosterMember,
)

NOTICE_RECORD = "phone_notice"
PHONED = "phoned"


def _under(column: Any, paths: list[str]) -> ColumnElement[bool]:
    """`column` lies under one of `paths` (false for none); works on any string expression."""
    if not paths:
        return literal(False)
    return or_(*(column.like(path + "%") for path in paths))


class RosterRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def areas(self, area_ids: Iterable[str]) -> dict[str, Area]:
        ids = sorted(set(area_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(select(Area).where(Area.id.in_(ids)))
        return {a.id: a for a in rows}

    async def person(self, person_id: str) -> Person | None:
        return await self.session.get(Person, person_id)

    async def household(self, household_id: str) -> Household | None:
        return await self.session.get(Household, household_id)

    async def members_in(self, village_path: str, include_inactive: bool) -> list[RosterMember]:
        query = select(RosterMember).where(RosterMember.area_path.like(village_path + "%"))
        if not include_inactive:
            query = query.where(RosterMember.active.is_(True))
        return list((await self.session.scalars(query.order_by(RosterMember.id))).all())

    async def cameras_in(self, village_path: str, include_inactive: bool) -> list[Camera]:
        query = select(Camera).where(Camera.area_path.like(village_path + "%"))
        if not include_inactive:
            query = query.where(Camera.active.is_(True))
        return list((await self.session.scalars(query.order_by(Camera.id))).all())

    async def member(self, member_id: str, *, for_update: bool = False) -> RosterMember | None:
        query = select(RosterMember).where(RosterMember.id == member_id)
        if for_update:  # serialises edits and the appends to its trail
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def camera(self, camera_id: str, *, for_update: bool = False) -> Camera | None:
        query = select(Camera).where(Camera.id == camera_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, row: RosterMember | Camera) -> None:
        self.session.add(row)
        await self.session.flush()


class NoticeRepository:
    """Notices with the area and number of the hazard or dispute they are about."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _query(self) -> tuple[Select[PhoneNotice, str, str], ColumnElement[str]]:
        subject_path = func.coalesce(Hazard.area_path, Dispute.area_path)
        number = func.coalesce(Hazard.number, Dispute.number)
        return (
            select(PhoneNotice, subject_path.label("path"), number.label("number"))
            .outerjoin(
                Hazard,
                and_(PhoneNotice.subject_type == "hazard", Hazard.id == PhoneNotice.subject_id),
            )
            .outerjoin(
                Dispute,
                and_(PhoneNotice.subject_type == "dispute", Dispute.id == PhoneNotice.subject_id),
            )
        ), subject_path

    async def page(
        self, scope: list[str], status: str, after: str | None, limit: int
    ) -> list[tuple[PhoneNotice, str, str | None]]:
        """Newest first; only notices whose subject lies under `scope`."""
        query, subject_path = self._query()
        query = query.where(_under(subject_path, scope), PhoneNotice.status == status)
        if after:
            query = query.where(PhoneNotice.id < after)
        query = query.order_by(PhoneNotice.id.desc()).limit(limit)
        return [(n, p, num) for n, p, num in (await self.session.execute(query)).all()]

    async def get(
        self, notice_id: str, *, for_update: bool = False
    ) -> tuple[PhoneNotice, str | None, str | None] | None:
        query, _ = self._query()
        query = query.where(PhoneNotice.id == notice_id)
        if for_update:
            query = query.with_for_update(of=PhoneNotice)
        row = (await self.session.execute(query)).first()
        return None if row is None else (row[0], row[1], row[2])

    async def done_events(self, notice_ids: list[str]) -> dict[str, GovernanceEvent]:
        if not notice_ids:
            return {}
        query = select(GovernanceEvent).where(
            GovernanceEvent.record_type == NOTICE_RECORD,
            GovernanceEvent.record_id.in_(notice_ids),
            GovernanceEvent.action == PHONED,
        )
        return {e.record_id: e for e in await self.session.scalars(query)}

    async def names(self, person_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in person_ids if i})
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}
