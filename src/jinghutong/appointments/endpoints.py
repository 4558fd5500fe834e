"""预约办理 endpoints: the catalogue and its slots, booking, the lists, and the four actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from jinghutong.appointments import actions, service, slots
from jinghutong.appointments.schemas import (
    AppointmentIn,
    AppointmentOut,
    AppointmentPage,
    CancelIn,
    CompleteIn,
    ConfirmIn,
    RescheduleIn,
    Scope,
    ServiceList,
    SlotIn,
    SlotList,
    SlotOut,
)
from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.core.pagination import BadCursor
from jinghutong.idempotency.endpoints import Once
from jinghutong.idempotency.service import IdempotencyInFlight, IdempotencyKeyReused
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.models import AppointmentStatus

router = APIRouter(tags=["appointments"])
_auth = (NotAuthenticated, TokenInvalid)
_replay = (IdempotencyKeyReused, IdempotencyInFlight)
_found = (service.AppointmentNotFound,)
_closed = (actions.AlreadyCancelled, actions.AlreadyCompleted)


@router.get("/appointment-services", responses=errors(*_auth))
async def list_services(me: CurrentPrincipal, session: Session) -> ServiceList:
    """What can be booked, with what to bring."""
    return await slots.catalogue(session)


@router.get(
    "/appointment-services/{service_id}/slots",
    responses=errors(*_auth, slots.ServiceNotFound, ValidationFailed),
)
async def list_slots(
    service_id: str,
    me: CurrentPrincipal,
    session: Session,
    date: Annotated[date | None, Query(description="哪一天；不填为今天起两周")] = None,
    area_id: Annotated[str | None, Query(max_length=26, description="哪个派出所")] = None,
) -> SlotList:
    """The slots of one service and how many places are free."""
    return await slots.list_slots(session, service_id, date, area_id)


@router.post(
    "/appointment-services/{service_id}/slots",
    status_code=201,
    responses=errors(
        *_auth,
        slots.ServiceNotFound,
        slots.NotASlotKeeper,
        slots.HomeVisitsHaveNoSlots,
        slots.SlotInThePast,
        slots.WhichStation,
        ValidationFailed,
    ),
)
async def create_slot(
    service_id: str, body: SlotIn, me: CurrentPrincipal, session: Session
) -> SlotOut:
    """Staff open a slot with a capacity (times in Asia/Shanghai)."""
    return await slots.create_slot(session, me.person.id, service_id, body)


@router.post(
    "/appointment-slots/{slot_id}/close",
    responses=errors(*_auth, slots.SlotNotFound, slots.NotASlotKeeper, slots.SlotAlreadyClosed),
)
async def close_slot(slot_id: str, me: CurrentPrincipal, session: Session) -> SlotOut:
    """Stop taking bookings in a slot (bookings already made stand)."""
    return await slots.close_slot(session, me.person.id, slot_id)


@router.post(
    "/appointments",
    status_code=201,
    response_model=AppointmentOut,
    responses=errors(
        *_auth,
        ValidationFailed,
        slots.ServiceNotFound,
        slots.SlotNotFound,
        service.NeedHousehold,
        service.NotYourVillager,
        service.SlotFull,
        service.SlotClosed,
        service.SlotPassed,
        service.AlreadyBooked,
        *_replay,
    ),
)
async def book(
    body: AppointmentIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """Book a counter slot or ask for a home visit (address + reason); 村警 may book for others."""
    return await submit.once(body, 201, lambda: service.book(session, me.person, body))


@router.get("/appointments", responses=errors(*_auth, service.NotStaff, BadCursor))
async def list_appointments(
    me: CurrentPrincipal,
    session: Session,
    scope: Annotated[
        Scope, Query(description="mine 我的（含我代办的）· assigned 交给我的 · area 辖区内的")
    ] = "mine",
    status: AppointmentStatus | None = None,
    service_id: Annotated[str | None, Query(max_length=26)] = None,
    home_visit: Annotated[
        bool | None, Query(description="true 只要上门服务 · false 只要到所办理 · 不填为全部")
    ] = None,
    upcoming: Annotated[bool, Query(description="true 只要时间未到的（已定时间的）")] = False,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> AppointmentPage:
    """My appointments, or (staff) those assigned to me or in my area; newest first."""
    which = service.Which(status, service_id, home_visit, upcoming)
    return await service.list_appointments(session, me.person.id, scope, which, cursor, limit)


@router.get("/appointments/{appointment_id}", responses=errors(*_auth, *_found))
async def get_appointment(
    appointment_id: str, me: CurrentPrincipal, session: Session
) -> AppointmentOut:
    """One appointment."""
    return await service.visible(session, me.person.id, appointment_id)


@router.post(
    "/appointments/{appointment_id}/confirm",
    response_model=AppointmentOut,
    responses=errors(
        *_auth,
        *_found,
        actions.OnlyStaff,
        *_closed,
        actions.NotAwaitingConfirmation,
        actions.TimeInThePast,
        ValidationFailed,
        *_replay,
    ),
)
async def confirm(
    appointment_id: str,
    body: ConfirmIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """The officer schedules a home visit (scheduled_at)."""
    return await submit.once(
        body, 200, lambda: actions.confirm(session, me.person, appointment_id, body)
    )


@router.post(
    "/appointments/{appointment_id}/cancel",
    response_model=AppointmentOut,
    responses=errors(*_auth, *_found, *_closed, *_replay),
)
async def cancel(
    appointment_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: CancelIn | None = None,
) -> JSONResponse:
    """Cancel (the villager, who booked it, or staff); the place goes back to the slot."""
    body = body or CancelIn()
    return await submit.once(
        body, 200, lambda: actions.cancel(session, me.person, appointment_id, body)
    )


@router.post(
    "/appointments/{appointment_id}/reschedule",
    response_model=AppointmentOut,
    responses=errors(
        *_auth,
        *_found,
        *_closed,
        actions.NotScheduledYet,
        actions.OnlyStaff,
        actions.TimeInThePast,
        slots.SlotNotFound,
        service.SlotFull,
        service.SlotClosed,
        service.SlotPassed,
        ValidationFailed,
        *_replay,
    ),
)
async def reschedule(
    appointment_id: str,
    body: RescheduleIn,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
) -> JSONResponse:
    """Move to another slot ({slot_id}), or (staff) a new home-visit time ({scheduled_at})."""
    return await submit.once(
        body, 200, lambda: actions.reschedule(session, me.person, appointment_id, body)
    )


@router.post(
    "/appointments/{appointment_id}/complete",
    response_model=AppointmentOut,
    responses=errors(*_auth, *_found, actions.OnlyStaff, *_closed, actions.NotScheduledYet),
)
async def complete(
    appointment_id: str,
    me: CurrentPrincipal,
    session: Session,
    submit: Once,
    body: CompleteIn | None = None,
) -> JSONResponse:
    """Staff record that it was done."""
    body = body or CompleteIn()
    return await submit.once(
        body, 200, lambda: actions.complete(session, me.person, appointment_id, body)
    )
