"""The catalogue and the counter's slots: what can be booked, and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments import views
from jinghutong.appointments.auth import SLOT_KEEPER_ROLES
from jinghutong.appointments.repository import CatalogueRepository, PeopleRepository, SlotRepository
from jinghutong.appointments.schemas import ServiceList, SlotIn, SlotList, SlotOut
from jinghutong.core import clock
from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from jinghutong.models import AppointmentService, AppointmentSlot, AreaLevel

UPCOMING_DAYS = 14


class ServiceNotFound(NotFound):
    detail = "没有这项预约服务，或已暂停办理"


class SlotNotFound(NotFound):
    detail = "没有找到这个预约时段"


class NotASlotKeeper(Forbidden):
    detail = "只有本所的管理员、所长、值班室或防区民警可以设置预约时段"


class HomeVisitsHaveNoSlots(ValidationFailed):
    detail = "上门服务不用选时段，请填写地址和原因，由民警安排时间"


class SlotInThePast(ValidationFailed):
    detail = "不能设置已经过去的时段"


class WhichStation(ValidationFailed):
    detail = "请选择是哪个派出所的时段（area_id）"


class SlotAlreadyClosed(Conflict):
    detail = "这个时段已经关闭"


async def catalogue(session: AsyncSession) -> ServiceList:
    return ServiceList(
        items=[views.service_out(s) for s in await CatalogueRepository(session).active()]
    )


async def service_or_404(session: AsyncSession, service_id: str) -> AppointmentService:
    service = await CatalogueRepository(session).get(service_id)
    if service is None:
        raise ServiceNotFound()
    return service


async def list_slots(
    session: AsyncSession, service_id: str, day: date | None, area_id: str | None
) -> SlotList:
    """One day's slots (or the next two weeks'), with their free places."""
    await service_or_404(session, service_id)
    first = day or clock.now().astimezone(clock.SHANGHAI).date()
    last = day or first + timedelta(days=UPCOMING_DAYS - 1)
    slots = await SlotRepository(session).for_days(service_id, first, last, area_id)
    return SlotList(items=[views.slot_out(s) for s in slots])


async def _station(session: AsyncSession, person_id: str, area_id: str | None) -> str:
    """The station the slot is for: the one named, which must be one of the caller's."""
    stations = await PeopleRepository(session).stations_of(person_id, SLOT_KEEPER_ROLES)
    if not stations:
        raise NotASlotKeeper()
    if area_id is None:
        if len(stations) > 1:
            raise WhichStation(fields={"area_id": "您在多个派出所任职，请指定"})
        return stations[0].id
    if area_id not in {s.id for s in stations}:
        area = await PeopleRepository(session).area(area_id)
        if area is None or area.level != AreaLevel.station:
            raise WhichStation(fields={"area_id": "应为派出所的编号"})
        raise NotASlotKeeper()
    return area_id


def _instant(day: date, at: object) -> datetime:
    local = datetime.combine(day, at, tzinfo=clock.SHANGHAI)  # type: ignore[arg-type]
    return local.astimezone(UTC)


async def create_slot(
    session: AsyncSession, person_id: str, service_id: str, body: SlotIn
) -> SlotOut:
    service = await service_or_404(session, service_id)
    if service.home_visit:
        raise HomeVisitsHaveNoSlots()
    station_id = await _station(session, person_id, body.area_id)
    starts_at, ends_at = _instant(body.date, body.start), _instant(body.date, body.end)
    if starts_at <= clock.now():
        raise SlotInThePast(fields={"start": "须晚于现在"})
    station = await PeopleRepository(session).area(station_id)
    assert station is not None  # one of the caller's stations
    slot = await SlotRepository(session).add(
        AppointmentSlot(
            service_id=service.id,
            area_id=station.id,
            area_path=station.path,
            day=body.date,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=body.capacity,
            booked=0,
            closed=False,
            created_by_id=person_id,
        )
    )
    return views.slot_out(slot)


async def close_slot(session: AsyncSession, person_id: str, slot_id: str) -> SlotOut:
    """No more bookings in this slot (those already made stand)."""
    repo = SlotRepository(session)
    slot = await repo.get(slot_id)
    if slot is None:
        raise SlotNotFound()
    await _station(session, person_id, slot.area_id)
    if slot.closed:
        raise SlotAlreadyClosed()
    await repo.close(slot.id)
    refreshed = await repo.get(slot.id)
    assert refreshed is not None
    return views.slot_out(refreshed)
