"""What happens to a booking after it is made: confirm (schedule a home visit), cancel,
reschedule, complete. Each locks the appointment row first, so two clicks never both win."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments import notices, reminders, views
from jinghutong.appointments.auth import Standing, standing
from jinghutong.appointments.repository import (
    AppointmentRepository,
    CatalogueRepository,
    SlotRepository,
)
from jinghutong.appointments.schemas import (
    AppointmentOut,
    CancelIn,
    CompleteIn,
    ConfirmIn,
    RescheduleIn,
)
from jinghutong.appointments.service import AppointmentNotFound, take_place
from jinghutong.core import clock
from jinghutong.core.errors import Conflict, Forbidden, ValidationFailed
from jinghutong.models import (
    Appointment,
    AppointmentService,
    AppointmentStatus,
    Person,
)

SCHEDULED = (AppointmentStatus.confirmed, AppointmentStatus.rescheduled)


class OnlyStaff(Forbidden):
    detail = "这一步由民警或工作人员操作"


class AlreadyCancelled(Conflict):
    detail = "这条预约已经取消了"


class AlreadyCompleted(Conflict):
    detail = "这条预约已经办结了"


class NotAwaitingConfirmation(Conflict):
    detail = "这条预约已经确认过了"


class NotScheduledYet(Conflict):
    detail = "这条预约还没有安排时间，请先确认"


class OtherStationSlot(ValidationFailed):
    detail = "只能改到同一个派出所的时段；要到别的派出所办理，请取消后重新预约"


class TimeInThePast(ValidationFailed):
    detail = "时间须晚于现在"


async def _load(
    session: AsyncSession, person_id: str, appointment_id: str
) -> tuple[Appointment, Standing, AppointmentService]:
    appointment = await AppointmentRepository(session).get(appointment_id, for_update=True)
    if appointment is None:
        raise AppointmentNotFound()
    who = await standing(session, person_id, appointment)
    if not who.sees:
        raise AppointmentNotFound()
    service = (await CatalogueRepository(session).by_ids([appointment.service_id]))[
        appointment.service_id
    ]
    return appointment, who, service


def _still_open(appointment: Appointment) -> None:
    if appointment.status == AppointmentStatus.cancelled:
        raise AlreadyCancelled()
    if appointment.status == AppointmentStatus.completed:
        raise AlreadyCompleted()


def _future(at: datetime | None, field: str) -> datetime:
    if at is None:
        raise ValidationFailed("请填写上门时间", fields={field: "必须填写"})
    if at <= clock.now():
        raise TimeInThePast(fields={field: "须晚于现在"})
    return at


async def confirm(
    session: AsyncSession, me: Person, appointment_id: str, body: ConfirmIn
) -> AppointmentOut:
    """The officer schedules a requested home visit (a time is required)."""
    appointment, who, service = await _load(session, me.id, appointment_id)
    if not who.manager:
        raise OnlyStaff()
    _still_open(appointment)
    if appointment.status != AppointmentStatus.requested:
        raise NotAwaitingConfirmation()
    appointment.scheduled_at = _future(body.scheduled_at, "scheduled_at")
    appointment.status = AppointmentStatus.confirmed
    appointment.confirmed_at = clock.now()
    appointment.assignee_id = appointment.assignee_id or me.id
    appointment.note = body.note or appointment.note
    await reminders.schedule(session, appointment)
    text = f"民警将于{notices.when(appointment)}上门办理"
    await notices.tell(
        session, _owners(appointment), "appointment.confirmed", appointment, service, text
    )
    return await views.appointment_out(session, appointment)


def _owners(appointment: Appointment) -> list[str]:
    return list(dict.fromkeys([appointment.person_id, appointment.booked_by_id]))


async def cancel(
    session: AsyncSession, me: Person, appointment_id: str, body: CancelIn
) -> AppointmentOut:
    """The villager (or who booked) or staff cancel; the place goes back to the slot."""
    appointment, _who, service = await _load(session, me.id, appointment_id)
    _still_open(appointment)
    if appointment.slot_id:
        await SlotRepository(session).release(appointment.slot_id)
    appointment.status = AppointmentStatus.cancelled
    appointment.cancelled_at = clock.now()
    appointment.cancelled_by_id = me.id
    if body.reason:
        appointment.note = body.reason
    await reminders.withdraw(session, appointment)
    others = [p for p in [*_owners(appointment), appointment.assignee_id] if p and p != me.id]
    text = f"{notices.when(appointment)}的预约已取消" + (f"：{body.reason}" if body.reason else "")
    await notices.tell(session, others, "appointment.cancelled", appointment, service, text)
    return await views.appointment_out(session, appointment)


async def reschedule(
    session: AsyncSession, me: Person, appointment_id: str, body: RescheduleIn
) -> AppointmentOut:
    """Move to another slot of the same service, or (staff) set a new home-visit time."""
    appointment, who, service = await _load(session, me.id, appointment_id)
    _still_open(appointment)
    if appointment.status not in SCHEDULED:
        raise NotScheduledYet()
    if appointment.home_visit:
        if not who.manager:
            raise OnlyStaff("上门时间由民警安排，如需改时间请联系民警")
        appointment.scheduled_at = _future(body.scheduled_at, "scheduled_at")
    else:
        if body.slot_id is None:
            raise ValidationFailed("请选择新的时段", fields={"slot_id": "必须填写"})
        if body.slot_id == appointment.slot_id:
            raise ValidationFailed("新时段与原时段相同", fields={"slot_id": "请选择其他时段"})
        await _same_station(session, appointment, body.slot_id)
        slot = await take_place(session, service.id, body.slot_id, appointment.person_id)
        if appointment.slot_id:
            await SlotRepository(session).release(appointment.slot_id)
        appointment.slot_id = slot.id
        appointment.scheduled_at = slot.starts_at
    appointment.status = AppointmentStatus.rescheduled
    await reminders.schedule(session, appointment)
    others = [p for p in [*_owners(appointment), appointment.assignee_id] if p and p != me.id]
    reason = (body.reason or "").strip()
    text = f"预约改到{notices.when(appointment)}" + (f"：{reason}" if reason else "")
    await notices.tell(session, others, "appointment.rescheduled", appointment, service, text)
    return await views.appointment_out(session, appointment)


async def _same_station(session: AsyncSession, appointment: Appointment, slot_id: str) -> None:
    """A booking moves within its station's counter: the staff managing it hold no role over
    another station, whose counter it would take a place at (the authorisation matrix,
    tests/authz, found a 村警 moving a booking onto another station's slot)."""
    if appointment.slot_id is None:
        return
    slots = await SlotRepository(session).by_ids([appointment.slot_id, slot_id])
    current, wanted = slots.get(appointment.slot_id), slots.get(slot_id)
    if current is not None and wanted is not None and wanted.area_id != current.area_id:
        raise OtherStationSlot(fields={"slot_id": "不是本所的时段"})


async def complete(
    session: AsyncSession, me: Person, appointment_id: str, body: CompleteIn
) -> AppointmentOut:
    """Staff record that the service was done."""
    appointment, who, service = await _load(session, me.id, appointment_id)
    if not who.manager:
        raise OnlyStaff()
    _still_open(appointment)
    if appointment.status not in SCHEDULED:
        raise NotScheduledYet()
    appointment.status = AppointmentStatus.completed
    appointment.completed_at = clock.now()
    appointment.assignee_id = appointment.assignee_id or me.id
    appointment.note = body.note or appointment.note
    await reminders.withdraw(session, appointment)
    text = body.note or "已办理完成，感谢您的配合"
    await notices.tell(
        session, _owners(appointment), "appointment.completed", appointment, service, text
    )
    return await views.appointment_out(session, appointment)
