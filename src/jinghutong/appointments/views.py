"""Turning appointments and slots into payloads."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments.repository import CatalogueRepository, PeopleRepository, SlotRepository
from jinghutong.appointments.schemas import (
    AppointmentOut,
    HouseholdRef,
    Ref,
    ServiceOut,
    SlotOut,
    SlotRef,
)
from jinghutong.core import clock
from jinghutong.models import Appointment, AppointmentService, AppointmentSlot, AppointmentStatus

STATUS_NAMES = {
    AppointmentStatus.requested: "待安排",
    AppointmentStatus.confirmed: "已确认",
    AppointmentStatus.rescheduled: "已改约",
    AppointmentStatus.cancelled: "已取消",
    AppointmentStatus.completed: "已办结",
}


def local_hm(slot: AppointmentSlot) -> tuple[str, str]:
    start = slot.starts_at.astimezone(clock.SHANGHAI).strftime("%H:%M")
    end = slot.ends_at.astimezone(clock.SHANGHAI).strftime("%H:%M")
    return start, end


def service_out(service: AppointmentService) -> ServiceOut:
    return ServiceOut(
        id=service.id,
        code=service.code,
        name=service.name,
        description=service.description,
        what_to_bring=list(service.what_to_bring or []),
        home_visit=service.home_visit,
    )


def slot_out(slot: AppointmentSlot) -> SlotOut:
    start, end = local_hm(slot)
    free = max(0, slot.capacity - slot.booked)
    return SlotOut(
        id=slot.id,
        service_id=slot.service_id,
        area_id=slot.area_id,
        date=slot.day,
        start=start,
        end=end,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        capacity=slot.capacity,
        booked=slot.booked,
        free=free,
        closed=slot.closed,
        bookable=not slot.closed and free > 0 and slot.starts_at > clock.now(),
    )


async def appointments_out(session: AsyncSession, rows: list[Appointment]) -> list[AppointmentOut]:
    services = await CatalogueRepository(session).by_ids(a.service_id for a in rows)
    slots = await SlotRepository(session).by_ids(a.slot_id for a in rows)
    people = PeopleRepository(session)
    names = await people.names(
        [i for a in rows for i in (a.person_id, a.booked_by_id, a.assignee_id)]
    )
    households = await people.households(a.household_id for a in rows)
    out = []
    for a in rows:
        service = services[a.service_id]
        slot = slots.get(a.slot_id or "")
        household = households.get(a.household_id or "")
        out.append(
            AppointmentOut(
                id=a.id,
                service=Ref(id=service.id, name=service.name),
                home_visit=a.home_visit,
                status=a.status,
                status_name=STATUS_NAMES.get(AppointmentStatus(a.status), a.status),
                person=Ref(id=a.person_id, name=names.get(a.person_id, "")),
                booked_by=Ref(id=a.booked_by_id, name=names.get(a.booked_by_id, "")),
                on_behalf=a.booked_by_id != a.person_id,
                household=HouseholdRef(id=household.id, address=household.address)
                if household
                else None,
                slot=SlotRef(
                    id=slot.id, date=slot.day, start=local_hm(slot)[0], end=local_hm(slot)[1]
                )
                if slot
                else None,
                scheduled_at=a.scheduled_at,
                address=a.address,
                reason=a.reason,
                assignee=Ref(id=a.assignee_id, name=names.get(a.assignee_id, ""))
                if a.assignee_id
                else None,
                note=a.note,
                what_to_bring=list(service.what_to_bring or []),
                created_at=a.created_at,
                confirmed_at=a.confirmed_at,
                cancelled_at=a.cancelled_at,
                completed_at=a.completed_at,
            )
        )
    return out


async def appointment_out(session: AsyncSession, appointment: Appointment) -> AppointmentOut:
    return (await appointments_out(session, [appointment]))[0]
