"""Booking: a place in a counter slot, or a home visit for someone who cannot come; by the
villager, or by a 村警 on their behalf (代办). Also the lists and one appointment."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments import notices, reminders, views
from jinghutong.appointments.auth import HOME_VISIT_ROLES, MANAGER_ROLES, may_book_for, standing
from jinghutong.appointments.repository import (
    AppointmentRepository,
    PeopleRepository,
    SlotRepository,
)
from jinghutong.appointments.schemas import AppointmentIn, AppointmentOut, AppointmentPage, Scope
from jinghutong.appointments.slots import SlotNotFound, service_or_404
from jinghutong.core import clock
from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jinghutong.core.pagination import decode_cursor, encode_cursor
from jinghutong.identity.access import scope_paths, within
from jinghutong.models import (
    Appointment,
    AppointmentService,
    AppointmentSlot,
    AppointmentStatus,
    Household,
    Person,
)


class AppointmentNotFound(NotFound):
    detail = "没有找到这条预约，或您无权查看"


class NeedHousehold(ValidationFailed):
    detail = "请先扫描户码加入家庭，再预约上门服务"


class NotYourVillager(Forbidden):
    detail = "只能为本村（本辖区）的村民代办预约"


class SlotFull(Conflict):
    detail = "这个时段已约满，请选择其他时段"


class SlotClosed(Conflict):
    detail = "这个时段已停止预约，请选择其他时段"


class SlotPassed(Conflict):
    detail = "这个时段已经开始或已过去，请选择其他时段"


class AlreadyBooked(Conflict):
    detail = "您已经预约了这个时段"


class NotStaff(Forbidden):
    detail = "只有民警和工作人员可以查看辖区的预约"


async def _household(
    session: AsyncSession, person_id: str, wanted: str | None, required: bool
) -> Household | None:
    households = await PeopleRepository(session).households_of(person_id)
    if wanted is not None:
        households = [h for h in households if h.id == wanted]
        if not households:
            raise NeedHousehold("不是这一户的成员", fields={"household_id": "请选择已加入的家庭"})
    if len(households) == 1:
        return households[0]
    if not households and not required:
        return None
    if not households:
        raise NeedHousehold(fields={"household_id": "请先加入家庭"})
    raise NeedHousehold("加入了多个家庭，请选择是哪一户", fields={"household_id": "请选择一户"})


async def _for_whom(
    session: AsyncSession, me: Person, body: AppointmentIn, home_visit: bool
) -> tuple[str, Household | None]:
    """(the villager's person id, their household); a 代办 must be over that household."""
    if body.person_id is None or body.person_id == me.id:
        return me.id, await _household(session, me.id, body.household_id, home_visit)
    if body.household_id is None:
        raise ValidationFailed("代办预约请选择村民所在的户", fields={"household_id": "必须填写"})
    household = await _household(session, body.person_id, body.household_id, True)
    assert household is not None
    if not await may_book_for(session, me.id, household.area_path):
        raise NotYourVillager()
    return body.person_id, household


async def book(session: AsyncSession, me: Person, body: AppointmentIn) -> AppointmentOut:
    service = await service_or_404(session, body.service_id)
    person_id, household = await _for_whom(session, me, body, service.home_visit)
    appointment = Appointment(
        service_id=service.id,
        person_id=person_id,
        booked_by_id=me.id,
        household_id=household.id if household else None,
        note=body.note,
    )
    if service.home_visit:
        assert household is not None
        await _home_visit(session, appointment, service, household, body)
    else:
        await _slot_booking(session, appointment, service, household, body)
    return await views.appointment_out(session, appointment)


async def _home_visit(
    session: AsyncSession,
    appointment: Appointment,
    service: AppointmentService,
    household: Household,
    body: AppointmentIn,
) -> None:
    if body.slot_id is not None:
        raise ValidationFailed("上门服务不用选时段", fields={"slot_id": "上门服务不用填写"})
    if not body.reason:
        raise ValidationFailed("请说明为什么需要上门办理", fields={"reason": "必须填写"})
    people = PeopleRepository(session)
    officers: list[str] = []
    for roles in HOME_VISIT_ROLES:
        officers = officers or await people.holders_over(roles, household.area_path)
    appointment.home_visit = True
    appointment.status = AppointmentStatus.requested
    appointment.address = body.address or household.address
    appointment.reason = body.reason
    appointment.area_path = household.area_path
    appointment.assignee_id = officers[0] if officers else None
    await AppointmentRepository(session).add(appointment)
    body_text = f"{appointment.address}：{body.reason}"
    await notices.tell(
        session, officers[:1], "appointment.home_visit", appointment, service, body_text
    )
    if appointment.booked_by_id != appointment.person_id:
        await notices.tell(
            session, [appointment.person_id], "appointment.booked", appointment, service,
            "村警已为您代办上门服务申请，民警安排好时间后会通知您",
        )  # fmt: skip


async def _slot_booking(
    session: AsyncSession,
    appointment: Appointment,
    service: AppointmentService,
    household: Household | None,
    body: AppointmentIn,
) -> None:
    if body.slot_id is None:
        raise ValidationFailed("请选择预约时段", fields={"slot_id": "必须填写"})
    slot = await take_place(session, service.id, body.slot_id, appointment.person_id)
    appointment.slot_id = slot.id
    appointment.scheduled_at = slot.starts_at
    appointment.status = AppointmentStatus.confirmed
    appointment.confirmed_at = clock.now()
    appointment.area_path = household.area_path if household else slot.area_path
    await AppointmentRepository(session).add(appointment)
    await reminders.schedule(session, appointment)
    text = f"{notices.when(appointment)}，请带好：{'、'.join(service.what_to_bring or [])}"
    await notices.tell(
        session, [appointment.person_id], "appointment.booked", appointment, service, text
    )


async def take_place(
    session: AsyncSession, service_id: str, slot_id: str, person_id: str
) -> AppointmentSlot:
    """Check the slot and take one place in it (in the caller's unit of work)."""
    slots = SlotRepository(session)
    slot = await slots.get(slot_id)
    if slot is None or slot.service_id != service_id:
        raise SlotNotFound(fields={"slot_id": "没有这个时段"})
    if slot.closed:
        raise SlotClosed()
    if slot.starts_at <= clock.now():
        raise SlotPassed()
    if await AppointmentRepository(session).holds_place(person_id, slot.id):
        raise AlreadyBooked()
    if not await slots.reserve(slot.id):
        fresh = await slots.get(slot.id)
        raise SlotClosed() if fresh is not None and fresh.closed else SlotFull()
    return slot


# -- reading -----------------------------------------------------------------------------------


async def visible(session: AsyncSession, person_id: str, appointment_id: str) -> AppointmentOut:
    appointment = await AppointmentRepository(session).get(appointment_id)
    if appointment is None or not (await standing(session, person_id, appointment)).sees:
        raise AppointmentNotFound()
    return await views.appointment_out(session, appointment)


async def _scope(session: AsyncSession, person_id: str, scope: Scope) -> ColumnElement[bool]:
    if scope == "assigned":
        return Appointment.assignee_id == person_id
    if scope == "area":
        paths = await scope_paths(session, person_id, MANAGER_ROLES)
        if not paths:
            raise NotStaff()
        return within(Appointment.area_path, paths)
    return or_(Appointment.person_id == person_id, Appointment.booked_by_id == person_id)


@dataclass(frozen=True)
class Which:
    """The list's filters besides its scope (None: any)."""

    status: AppointmentStatus | None = None
    service_id: str | None = None
    home_visit: bool | None = None
    upcoming: bool = False  # only those with a time still to come


async def list_appointments(
    session: AsyncSession,
    person_id: str,
    scope: Scope,
    which: Which,
    cursor: str | None,
    limit: int,
) -> AppointmentPage:
    conditions = [await _scope(session, person_id, scope)]
    if which.status:
        conditions.append(Appointment.status == which.status)
    if which.service_id:
        conditions.append(Appointment.service_id == which.service_id)
    if which.home_visit is not None:
        conditions.append(Appointment.home_visit.is_(which.home_visit))
    if which.upcoming:
        conditions.append(Appointment.scheduled_at >= clock.now())
    after = decode_cursor(cursor) if cursor else None
    rows = await AppointmentRepository(session).page(and_(*conditions), after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    last = encode_cursor(rows[-1].id) if more and rows else None
    return AppointmentPage(items=await views.appointments_out(session, rows), next_cursor=last)
