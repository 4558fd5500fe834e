"""Every appointment query. The slot counter moves only through `reserve` / `release`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jinghutong.core import clock
from jinghutong.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentService,
    AppointmentSlot,
    Area,
    AreaLevel,
    Household,
    Job,
    JobState,
    Membership,
    MembershipStatus,
    Person,
    RoleGrant,
    at_or_above,
)


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


class CatalogueRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active(self) -> list[AppointmentService]:
        query = (
            select(AppointmentService)
            .where(AppointmentService.active.is_(True))
            .order_by(AppointmentService.sort_order, AppointmentService.code)
        )
        return list((await self.session.scalars(query)).all())

    async def get(self, service_id: str) -> AppointmentService | None:
        service = await self.session.get(AppointmentService, service_id)
        return service if service is not None and service.active else None

    async def by_ids(self, ids: Iterable[str]) -> dict[str, AppointmentService]:
        rows = await self.session.scalars(
            select(AppointmentService).where(AppointmentService.id.in_(sorted(set(ids))))
        )
        return {s.id: s for s in rows}


class SlotRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, slot: AppointmentSlot) -> AppointmentSlot:
        self.session.add(slot)
        await self.session.flush()
        return slot

    async def get(self, slot_id: str) -> AppointmentSlot | None:
        return await self.session.get(AppointmentSlot, slot_id, populate_existing=True)

    async def by_ids(self, ids: Iterable[str | None]) -> dict[str, AppointmentSlot]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.session.scalars(
            select(AppointmentSlot).where(AppointmentSlot.id.in_(wanted))
        )
        return {s.id: s for s in rows}

    async def for_days(
        self, service_id: str, first: date, last: date, area_id: str | None
    ) -> list[AppointmentSlot]:
        query = select(AppointmentSlot).where(
            AppointmentSlot.service_id == service_id,
            AppointmentSlot.day >= first,
            AppointmentSlot.day <= last,
        )
        if area_id:
            query = query.where(AppointmentSlot.area_id == area_id)
        rows = await self.session.scalars(query.order_by(AppointmentSlot.starts_at))
        return list(rows.all())

    async def reserve(self, slot_id: str) -> bool:
        """Take one place: a single conditional UPDATE, so concurrent bookers of the last
        place cannot both succeed (the row lock orders them; the loser matches no row)."""
        result = await self.session.execute(
            update(AppointmentSlot)
            .where(
                AppointmentSlot.id == slot_id,
                AppointmentSlot.booked < AppointmentSlot.capacity,
                AppointmentSlot.closed.is_(False),
            )
            .values(booked=AppointmentSlot.booked + 1)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def release(self, slot_id: str) -> None:
        await self.session.execute(
            update(AppointmentSlot)
            .where(AppointmentSlot.id == slot_id, AppointmentSlot.booked > 0)
            .values(booked=AppointmentSlot.booked - 1)
            .execution_options(synchronize_session=False)
        )

    async def close(self, slot_id: str) -> None:
        await self.session.execute(
            update(AppointmentSlot)
            .where(AppointmentSlot.id == slot_id)
            .values(closed=True)
            .execution_options(synchronize_session=False)
        )


class AppointmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, appointment: Appointment) -> Appointment:
        self.session.add(appointment)
        await self.session.flush()
        return appointment

    async def get(self, appointment_id: str, *, for_update: bool = False) -> Appointment | None:
        query = select(Appointment).where(Appointment.id == appointment_id)
        if for_update:
            query = query.with_for_update()
        return await self.session.scalar(query.execution_options(populate_existing=True))

    async def holds_place(self, person_id: str, slot_id: str) -> bool:
        query = select(Appointment.id).where(
            Appointment.person_id == person_id,
            Appointment.slot_id == slot_id,
            Appointment.status.in_([str(s) for s in ACTIVE_APPOINTMENT_STATUSES]),
        )
        return (await self.session.scalar(query.limit(1))) is not None

    async def page(
        self, condition: ColumnElement[bool], before: str | None, limit: int
    ) -> list[Appointment]:
        query = select(Appointment).where(condition)
        if before:
            query = query.where(Appointment.id < before)
        rows = await self.session.scalars(query.order_by(Appointment.id.desc()).limit(limit))
        return list(rows.all())

    async def cancel_job(self, job_id: str | None) -> None:
        """Withdraw a pending reminder (its handler re-checks anyway, should one be running)."""
        if not job_id:
            return
        await self.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.state == JobState.pending)
            .values(
                state=JobState.done,
                finished_at=clock.now(),
                last_error="withdrawn: the appointment was cancelled or moved",
                dedupe_key=None,
            )
            .execution_options(synchronize_session=False)
        )


class PeopleRepository:
    """People, households and areas around an appointment."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def person(self, person_id: str) -> Person | None:
        return await self.session.get(Person, person_id)

    async def names(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.session.execute(
            select(Person.id, Person.name).where(Person.id.in_(wanted))
        )
        return {pid: name for pid, name in rows.all()}

    async def households(self, ids: Iterable[str | None]) -> dict[str, Household]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        rows = await self.session.scalars(select(Household).where(Household.id.in_(wanted)))
        return {h.id: h for h in rows}

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

    async def holders_over(self, roles: Iterable[str], path: str) -> list[str]:
        query = (
            select(RoleGrant.person_id)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.role.in_(list(roles)), at_or_above(Area.id, Area.path, path))
            .order_by(Area.depth.desc(), RoleGrant.person_id)
        )
        return list(dict.fromkeys((await self.session.scalars(query)).all()))

    async def area(self, area_id: str) -> Area | None:
        return await self.session.get(Area, area_id)

    async def stations_of(self, person_id: str, roles: Iterable[str]) -> list[Area]:
        """Stations the person works at with one of `roles`: granted on the station, on an
        area inside it (an area officer's villages), or above it (a county's staff)."""
        granted = aliased(Area)
        query = (
            select(Area)
            .join(
                granted, or_(granted.path.like(Area.path + "%"), Area.path.like(granted.path + "%"))
            )
            .join(RoleGrant, RoleGrant.area_id == granted.id)
            .where(
                Area.level == AreaLevel.station,
                RoleGrant.person_id == person_id,
                RoleGrant.role.in_(list(roles)),
            )
            .order_by(Area.id)
        )
        return list(dict.fromkeys((await self.session.scalars(query)).all()))
