"""A booking moves within its station's counter (found by the authorisation matrix, tests/authz):
neither the villager nor the staff managing it may move it onto another station's slot, where
none of them holds a role — the slot keeps its places and the booking stays where it was."""

from __future__ import annotations

from jinghutong.core import clock
from jinghutong.models import Appointment, AppointmentSlot, AreaLevel
from support.factories import make_area

API = "/api/v1"


async def test_a_booking_is_not_moved_onto_another_stations_slot(
    client, session, station, open_slot, kit
):
    s = station
    sid = await kit.service_id(session, "residence_permit")
    morning = await open_slot(sid, 3, "09:00", "10:00", capacity=2)
    afternoon = await open_slot(sid, 3, "14:00", "15:00", capacity=2)
    booked = await client.post(
        f"{API}/appointments", json={"service_id": sid, "slot_id": morning["id"]},
        headers=s.elder_h,
    )  # fmt: skip
    assert booked.status_code == 201, booked.text
    other_station = await make_area(session, "乙派出所", AreaLevel.station)
    mine = await session.get(AppointmentSlot, afternoon["id"])
    elsewhere = AppointmentSlot(
        service_id=sid, area_id=other_station.id, area_path=other_station.path, day=mine.day,
        starts_at=mine.starts_at, ends_at=mine.ends_at, capacity=2, booked=0, closed=False,
    )  # fmt: skip
    session.add(elsewhere)
    await session.flush()
    appointment_id = booked.json()["id"]

    for headers in (s.elder_h, s.police_h, s.officer_h, s.chief_h):
        moved = await client.post(
            f"{API}/appointments/{appointment_id}/reschedule",
            json={"slot_id": elsewhere.id}, headers=headers,
        )  # fmt: skip
        assert moved.status_code == 422, moved.text
        assert moved.json()["error"] == "OtherStationSlot"
        assert moved.json()["fields"] == {"slot_id": "不是本所的时段"}

    row = await session.get(Appointment, appointment_id)
    await session.refresh(row)
    assert (row.status, row.slot_id) == ("confirmed", morning["id"])
    await session.refresh(elsewhere)
    assert elsewhere.booked == 0
    # Within the station it still moves.
    moved = await client.post(
        f"{API}/appointments/{appointment_id}/reschedule",
        json={"slot_id": afternoon["id"]}, headers=s.police_h,
    )  # fmt: skip
    assert moved.status_code == 200, moved.text
    assert clock.now() < row.scheduled_at
