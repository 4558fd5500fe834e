"""Every petition query. Messages and events are only ever added."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.sqltypes import UTCDateTime
from jinghutong.identity.access import holders_over, within
from jinghutong.models import (
    Area,
    AreaLevel,
    Household,
    Membership,
    MembershipStatus,
    Person,
    Petition,
    PetitionEvent,
    PetitionMessage,
    PetitionStatus,
    Role,
    RoleGrant,
    at_or_above,
)

OFFICER_ROLES = (Role.area_officer, Role.village_police, Role.auxiliary_officer, Role.duty_room)
# Petitions without a deadline sort after those with one.
NO_DEADLINE = datetime.fromisoformat("9999-12-31T00:00:00+00:00")
WAITING = (PetitionStatus.open, PetitionStatus.assigned)


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    return and_(
        Petition.deadline_at.is_not(None),
        Petition.deadline_at < now,
        Petition.status.in_([str(s) for s in WAITING]),
    )


def deadline_key() -> ColumnElement[datetime]:
    return func.coalesce(Petition.deadline_at, literal(NO_DEADLINE, UTCDateTime()))


class PetitionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, petition_id: str, *, for_update: bool = False) -> Petition | None:
        query = select(Petition).where(Petition.id == petition_id)
        if for_update:  # serialises appends to one petition's trail (PostgreSQL row lock)
            query = query.with_for_update()
        return await self.session.scalar(query)

    async def add(self, petition: Petition) -> Petition:
        self.session.add(petition)
        await self.session.flush()
        return petition

    async def add_message(self, message: PetitionMessage) -> PetitionMessage:
        self.session.add(message)
        await self.session.flush()
        return message

    async def add_event(self, event: PetitionEvent) -> PetitionEvent:
        self.session.add(event)
        await self.session.flush()
        return event

    async def messages(self, petition_id: str) -> list[PetitionMessage]:
        query = (
            select(PetitionMessage)
            .where(PetitionMessage.petition_id == petition_id)
            .order_by(PetitionMessage.created_at, PetitionMessage.id)
        )
        return list((await self.session.scalars(query)).all())

    async def events(self, petition_id: str) -> list[PetitionEvent]:
        query = (
            select(PetitionEvent)
            .where(PetitionEvent.petition_id == petition_id)
            .order_by(PetitionEvent.seq)
        )
        return list((await self.session.scalars(query)).all())

    async def last_event(self, petition_id: str) -> PetitionEvent | None:
        query = (
            select(PetitionEvent)
            .where(PetitionEvent.petition_id == petition_id)
            .order_by(PetitionEvent.seq.desc())
            .limit(1)
        )
        return await self.session.scalar(query)

    async def staff_replied(self, petition_id: str) -> bool:
        query = select(PetitionMessage.id).where(
            PetitionMessage.petition_id == petition_id, PetitionMessage.author_role != "sender"
        )
        return (await self.session.scalar(query.limit(1))) is not None

    async def page(
        self,
        condition: ColumnElement[bool],
        sort: str,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[Petition]:
        query = select(Petition).where(condition)
        if sort == "deadline":
            key = deadline_key()
            if after:
                at = datetime.fromisoformat(after[0])
                bound = literal(at, UTCDateTime())
                query = query.where(or_(key > bound, and_(key == bound, Petition.id > after[1])))
            query = query.order_by(key, Petition.id)
        elif sort == "oldest":
            if after:
                query = query.where(Petition.id > after[1])
            query = query.order_by(Petition.id)
        else:
            if after:
                query = query.where(Petition.id < after[1])
            query = query.order_by(Petition.id.desc())
        return list((await self.session.scalars(query.limit(limit))).all())


class PeopleRepository:
    """The people and places around a petition."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def names(self, person_ids: Iterable[str | None]) -> dict[str, str]:
        ids = sorted({i for i in person_ids if i})
        if not ids:
            return {}
        rows = await self.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
        return {pid: name for pid, name in rows.all()}

    async def areas(self, area_ids: Iterable[str | None]) -> dict[str, Area]:
        ids = sorted({i for i in area_ids if i})
        if not ids:
            return {}
        return {a.id: a for a in await self.session.scalars(select(Area).where(Area.id.in_(ids)))}

    async def households_of(self, person_id: str) -> list[Household]:
        query = (
            select(Household)
            .join(Membership, Membership.household_id == Household.id)
            .where(
                Membership.person_id == person_id,
                Membership.status == MembershipStatus.active,
            )
            .order_by(Household.id)
        )
        return list((await self.session.scalars(query)).all())

    async def village_over(self, path: str) -> Area | None:
        query = select(Area).where(
            Area.level == AreaLevel.village, at_or_above(Area.id, Area.path, path)
        )
        return await self.session.scalar(query.limit(1))

    async def holders_over(self, roles: Iterable[str], path: str) -> list[str]:
        """Who holds one of `roles` on `path` or on an area above it."""
        return await holders_over(self.session, roles, path)

    async def is_officer_within(self, person_id: str, paths: list[str]) -> bool:
        """True when the person holds an officer role on an area inside one of `paths`."""
        query = (
            select(RoleGrant.id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(
                RoleGrant.person_id == person_id,
                RoleGrant.role.in_([str(r) for r in OFFICER_ROLES]),
                within(Area.path, paths),
            )
        )
        return (await self.session.scalar(query.limit(1))) is not None
