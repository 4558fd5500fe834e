"""Staff move a villager's counter booking (the villager phoned the station): the staff over the
household's area may, exactly as they may cancel or complete it; the villager is told the new
time and why; staff of another village, and other villagers, are refused and nothing moves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Appointment, AppointmentSlot, Notification

API = "/api/v1"


async def _booked(client, station, sid: str, slot_id: str) -> dict:
    response = await client.post(
        f"{API}/appointments",
        json={"service_id": sid, "slot_id": slot_id},
        headers=station.elder_h,
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _booked_morning(client, session, station, open_slot, kit) -> tuple[dict, dict, dict]:
    """The elder's counter booking in a morning slot, with an afternoon slot free that day."""
    sid = await kit.service_id(session, "residence_permit")
    morning = await open_slot(sid, 3, "09:00", "10:00", capacity=2)
    afternoon = await open_slot(sid, 3, "14:00", "15:00", capacity=2)
    return await _booked(client, station, sid, morning["id"]), morning, afternoon


async def _move(client, headers, appointment_id: str, slot_id: str, reason: str | None = None):
    body = {"slot_id": slot_id} | ({"reason": reason} if reason else {})
    return await client.post(
        f"{API}/appointments/{appointment_id}/reschedule", json=body, headers=headers
    )


async def _told(session, person_id: str) -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(
            Notification.person_id == person_id, Notification.kind == "appointment.rescheduled"
        )
    )
    return list(rows)


async def test_the_village_police_moves_a_villagers_counter_booking_and_the_villager_is_told(
    client, session, station, open_slot, kit
):
    s = station
    booked, morning, afternoon = await _booked_morning(client, session, s, open_slot, kit)

    moved = await _move(client, s.police_h, booked["id"], afternoon["id"], "村民来电，上午要看病")

    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "rescheduled"
    assert moved.json()["slot"]["id"] == afternoon["id"]
    [told] = await _told(session, s.elder.id)
    assert "14:00" in told.body and "村民来电，上午要看病" in told.body
    assert await _told(session, s.village_police.id) == []  # the mover is not told
    for slot_id, booked_places in ((morning["id"], 0), (afternoon["id"], 1)):
        slot = await session.get(AppointmentSlot, slot_id)
        await session.refresh(slot)
        assert slot.booked == booked_places
    # The area officer over the village may move it again, back to the morning.
    again = await _move(client, s.officer_h, booked["id"], morning["id"])
    assert again.status_code == 200, again.text
    assert again.json()["slot"]["id"] == morning["id"]


async def test_staff_of_another_village_and_other_villagers_may_not_move_it(
    client, session, station, open_slot, kit
):
    s = station
    booked, morning, afternoon = await _booked_morning(client, session, s, open_slot, kit)

    for outsider in (s.other_police_h, s.neighbour_h):
        refused = await _move(client, outsider, booked["id"], afternoon["id"])
        assert refused.status_code == 404, refused.text
        assert refused.json()["error"] == "AppointmentNotFound"

    row = await session.get(Appointment, booked["id"])
    await session.refresh(row)
    assert (row.status, row.slot_id) == ("confirmed", morning["id"])
    assert await _told(session, s.elder.id) == []


async def test_staff_list_only_the_counter_bookings_still_to_come(
    client, session, station, open_slot, kit
):
    """What 上门服务's counter section asks for (home_visit=false, upcoming=true): not the home
    visits, not a booking whose time has passed."""
    s = station
    booked, _, _ = await _booked_morning(client, session, s, open_slot, kit)
    past, _, _ = await _booked_morning(client, session, s, open_slot, kit)
    visit = await client.post(
        f"{API}/appointments",
        json={"service_id": await kit.service_id(session, "home_visit"), "reason": "腿脚不便"},
        headers=s.elder_h,
    )
    assert visit.status_code == 201, visit.text
    row = await session.get(Appointment, past["id"])
    row.scheduled_at = clock.now() - timedelta(hours=1)  # its time has come and gone
    await session.flush()

    def ids(page) -> set[str]:
        assert page.status_code == 200, page.text
        return {item["id"] for item in page.json()["items"]}

    query = f"{API}/appointments?scope=area&limit=100"
    everything = ids(await client.get(query, headers=s.officer_h))
    counter = ids(await client.get(f"{query}&home_visit=false", headers=s.officer_h))
    visits = ids(await client.get(f"{query}&home_visit=true", headers=s.officer_h))
    to_come = ids(await client.get(f"{query}&home_visit=false&upcoming=true", headers=s.officer_h))
    bad = await client.get(f"{query}&upcoming=maybe", headers=s.officer_h)

    assert everything == {booked["id"], past["id"], visit.json()["id"]}
    assert counter == {booked["id"], past["id"]}
    assert visits == {visit.json()["id"]}
    assert to_come == {booked["id"]}
    assert bad.status_code == 422
