"""Many villagers book the last places of one slot at the same moment: never more bookings than
capacity. Real engines and committed data (each request its own session and connection from
the pool; on PostgreSQL truly concurrent transactions), cleaned up afterwards."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta

import httpx
from sqlalchemy import delete, func, select

from jinghutong.app import create_app
from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.models import (
    ApiToken,
    Appointment,
    AppointmentService,
    AppointmentSlot,
    Area,
    AreaLevel,
    IdempotencyRecord,
    Job,
    Notification,
    Person,
)
from support.auth import bearer, wechat_login

API = "/api/v1"
CAPACITY = 5
BOOKERS = 14


async def _arrange(db: Database) -> tuple[str, str, str]:
    """A station and one slot of the seeded ID-card service → (station id, slot id, service id)."""
    async with db.session() as s:
        sid = await s.scalar(
            select(AppointmentService.id).where(AppointmentService.code == "id_card")
        )
        station = Area(level=AreaLevel.station, name="并发测试派出所", path="/", depth=0)
        s.add(station)
        await s.flush()
        station.path = f"/{station.id}/"
        day = (clock.now().astimezone(clock.SHANGHAI) + timedelta(days=2)).date()
        starts = datetime.combine(day, time(9), tzinfo=clock.SHANGHAI).astimezone(UTC)
        slot = AppointmentSlot(
            service_id=sid,
            area_id=station.id,
            area_path=station.path,
            day=day,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            capacity=CAPACITY,
            booked=0,
            closed=False,
        )
        s.add(slot)
        await s.flush()
        return station.id, slot.id, sid


async def _clean(db: Database, station_id: str, slot_id: str, openids: list[str]) -> None:
    async with db.session() as s:
        people = select(Person.id).where(Person.openid.in_(openids))
        bookings = select(Appointment.id).where(Appointment.slot_id == slot_id)
        for appointment_id in (await s.scalars(bookings)).all():
            await s.execute(
                delete(Job).where(Job.dedupe_key == f"appointment-reminder:{appointment_id}")
            )
        await s.execute(delete(Appointment).where(Appointment.slot_id == slot_id))
        await s.execute(delete(AppointmentSlot).where(AppointmentSlot.id == slot_id))
        await s.execute(delete(Notification).where(Notification.person_id.in_(people)))
        await s.execute(delete(IdempotencyRecord).where(IdempotencyRecord.person_id.in_(people)))
        await s.execute(delete(ApiToken).where(ApiToken.person_id.in_(people)))
        await s.execute(delete(Person).where(Person.openid.in_(openids)))
        await s.execute(delete(Area).where(Area.id == station_id))


async def test_concurrent_bookings_never_overfill_a_slot(app_settings, database_url, device):
    db = Database(database_url)
    app = create_app(app_settings, database=db, mount_emulator=False)
    openids = [f"o-rush-{n}" for n in range(BOOKERS)]
    station_id, slot_id, sid = await _arrange(db)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            logins = [bearer(await wechat_login(client, device, o)) for o in openids]

            async def book(n: int) -> httpx.Response:
                return await client.post(
                    f"{API}/appointments",
                    json={"service_id": sid, "slot_id": slot_id},
                    headers={**logins[n], "Idempotency-Key": f"rush-{n}"},
                )

            answers = await asyncio.gather(*(book(n) for n in range(BOOKERS)))

        codes = sorted(r.status_code for r in answers)
        assert codes == [201] * CAPACITY + [409] * (BOOKERS - CAPACITY), [r.text for r in answers]
        assert {r.json()["error"] for r in answers if r.status_code == 409} == {"SlotFull"}
        async with db.session() as s:
            slot = await s.get(AppointmentSlot, slot_id)
            count = await s.scalar(
                select(func.count()).select_from(Appointment).where(Appointment.slot_id == slot_id)
            )
        assert slot is not None and slot.booked == CAPACITY
        assert count == CAPACITY
    finally:
        await _clean(db, station_id, slot_id, openids)
        await app.state.wechat.aclose()
        await db.dispose()
