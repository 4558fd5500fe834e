"""Counter bookings: slots set by staff, free places, booking, moving, cancelling; and the
bad input the issue names — other people's bookings, full, past or closed slots, cancelling
twice, replayed keys with another body, wrong types. Clear errors, nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import Appointment, AppointmentSlot, Job

API = "/api/v1"


async def _slots(client, headers, sid: str, day) -> list[dict]:
    response = await client.get(
        f"{API}/appointment-services/{sid}/slots?date={day.isoformat()}", headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def _book(client, headers, sid: str, slot_id: str, key: str | None = None):
    extra = {"Idempotency-Key": key} if key else {}
    return await client.post(
        f"{API}/appointments",
        json={"service_id": sid, "slot_id": slot_id},
        headers={**headers, **extra},
    )


async def test_book_move_and_cancel_a_counter_slot(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "no_criminal_record")
    morning = await open_slot(sid, 3, "09:00", "10:00", capacity=2)
    afternoon = await open_slot(sid, 3, "14:00", "15:00", capacity=1)
    day = kit.local_day(3)
    listed = await _slots(client, s.elder_h, sid, day)
    assert [(x["start"], x["free"], x["bookable"]) for x in listed] == [
        ("09:00", 2, True),
        ("14:00", 1, True),
    ]

    booked = await _book(client, s.elder_h, sid, morning["id"], key="book-1")
    assert booked.status_code == 201, booked.text
    appointment = booked.json()
    assert appointment["status"] == "confirmed"
    assert appointment["slot"]["start"] == "09:00"
    assert "本人居民身份证" in appointment["what_to_bring"]
    assert [x["free"] for x in await _slots(client, s.elder_h, sid, day)] == [1, 1]

    moved = await client.post(
        f"{API}/appointments/{appointment['id']}/reschedule",
        json={"slot_id": afternoon["id"]},
        headers=s.elder_h,
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "rescheduled" and moved.json()["slot"]["start"] == "14:00"
    assert [x["free"] for x in await _slots(client, s.elder_h, sid, day)] == [2, 0]

    cancelled = await client.post(
        f"{API}/appointments/{appointment['id']}/cancel", headers=s.elder_h
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert [x["free"] for x in await _slots(client, s.elder_h, sid, day)] == [2, 1]
    reminders = (
        await session.scalars(
            select(Job).where(Job.kind == "appointments.remind", Job.state == "pending")
        )
    ).all()
    assert reminders == []  # withdrawn with the booking


async def test_staff_see_the_bookings_in_their_area_villagers_only_theirs(
    client, session, station, open_slot, kit
):
    s = station
    sid = await kit.service_id(session, "residence_permit")
    slot = await open_slot(sid, 2, capacity=3)
    mine = (await _book(client, s.elder_h, sid, slot["id"])).json()

    peek = await client.get(f"{API}/appointments/{mine['id']}", headers=s.neighbour_h)
    cancel = await client.post(f"{API}/appointments/{mine['id']}/cancel", headers=s.neighbour_h)
    theirs = (await client.get(f"{API}/appointments", headers=s.neighbour_h)).json()
    area = await client.get(f"{API}/appointments?scope=area", headers=s.neighbour_h)
    officer = (await client.get(f"{API}/appointments?scope=area", headers=s.officer_h)).json()
    elsewhere = (
        await client.get(f"{API}/appointments?scope=area", headers=s.other_police_h)
    ).json()

    assert peek.status_code == cancel.status_code == 404
    assert theirs["items"] == []
    assert area.status_code == 403
    assert [a["id"] for a in officer["items"]] == [mine["id"]]
    assert elsewhere["items"] == []
    still = await session.get(Appointment, mine["id"])
    assert still is not None and still.status == "confirmed"


async def test_a_full_slot_is_refused_and_the_count_stays(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "id_card")
    slot = await open_slot(sid, 2, capacity=1)
    assert (await _book(client, s.elder_h, sid, slot["id"])).status_code == 201

    late = await _book(client, s.neighbour_h, sid, slot["id"])

    assert late.status_code == 409
    assert late.json()["error"] == "SlotFull"
    row = await session.get(AppointmentSlot, slot["id"])
    await session.refresh(row)
    assert row.booked == 1


async def test_a_closed_slot_is_refused(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "id_card")
    slot = await open_slot(sid, 2, capacity=5)
    closed = await client.post(f"{API}/appointment-slots/{slot['id']}/close", headers=s.chief_h)
    assert closed.status_code == 200 and closed.json()["bookable"] is False
    by_villager = await client.post(
        f"{API}/appointment-slots/{slot['id']}/close", headers=s.elder_h
    )
    assert by_villager.status_code == 403

    response = await _book(client, s.elder_h, sid, slot["id"])

    assert response.status_code == 409
    assert response.json()["error"] == "SlotClosed"


async def test_a_slot_that_has_begun_is_refused(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "hukou_transfer")
    slot = await open_slot(sid, 1, "09:00", "10:00", capacity=5)
    clock.advance(timedelta(days=2))  # (the villager's login lasts 30 days)

    response = await _book(client, s.elder_h, sid, slot["id"])

    assert response.status_code == 409
    assert response.json()["error"] == "SlotPassed"
    assert await session.scalar(select(func.count()).select_from(Appointment)) == 0


async def test_cancelling_twice_is_a_409(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "id_card")
    slot = await open_slot(sid, 2, capacity=2)
    aid = (await _book(client, s.elder_h, sid, slot["id"])).json()["id"]
    assert (await client.post(f"{API}/appointments/{aid}/cancel", headers=s.elder_h)).is_success

    again = await client.post(f"{API}/appointments/{aid}/cancel", headers=s.elder_h)

    assert again.status_code == 409
    assert again.json()["error"] == "AlreadyCancelled"
    row = await session.get(AppointmentSlot, slot["id"])
    await session.refresh(row)
    assert row.booked == 0  # released once, not twice


async def test_a_replayed_key_returns_the_same_booking_and_another_body_is_a_409(
    client, session, station, open_slot, kit
):
    s = station
    sid = await kit.service_id(session, "id_card")
    first_slot = await open_slot(sid, 2, "09:00", "10:00", capacity=3)
    other_slot = await open_slot(sid, 2, "10:00", "11:00", capacity=3)

    first = await _book(client, s.elder_h, sid, first_slot["id"], key="k-1")
    retry = await _book(client, s.elder_h, sid, first_slot["id"], key="k-1")
    other = await _book(client, s.elder_h, sid, other_slot["id"], key="k-1")

    assert first.status_code == retry.status_code == 201
    assert first.json()["id"] == retry.json()["id"]
    assert other.status_code == 409 and other.json()["error"] == "IdempotencyKeyReused"
    assert await session.scalar(select(func.count()).select_from(Appointment)) == 1
    booked = await session.scalars(
        select(AppointmentSlot.booked).where(
            AppointmentSlot.id.in_([first_slot["id"], other_slot["id"]])
        )
    )
    assert sorted(booked.all()) == [0, 1]


async def test_booking_the_same_slot_twice_is_refused(client, session, station, open_slot, kit):
    s = station
    sid = await kit.service_id(session, "id_card")
    slot = await open_slot(sid, 2, capacity=3)
    await _book(client, s.elder_h, sid, slot["id"])
    again = await _book(client, s.elder_h, sid, slot["id"])
    assert again.status_code == 409 and again.json()["error"] == "AlreadyBooked"


async def test_villagers_cannot_confirm_complete_or_open_slots(
    client, session, station, open_slot, kit
):
    s = station
    sid = await kit.service_id(session, "id_card_home")
    aid = (
        await client.post(
            f"{API}/appointments", json={"service_id": sid, "reason": "行动不便"}, headers=s.elder_h
        )
    ).json()["id"]
    tomorrow = (clock.now() + timedelta(days=1)).isoformat()
    confirm = await client.post(
        f"{API}/appointments/{aid}/confirm", json={"scheduled_at": tomorrow}, headers=s.elder_h
    )
    complete = await client.post(f"{API}/appointments/{aid}/complete", headers=s.elder_h)
    counter = await kit.service_id(session, "id_card")
    slot = await client.post(
        f"{API}/appointment-services/{counter}/slots",
        json={
            "date": kit.local_day(2).isoformat(),
            "start": "09:00",
            "end": "10:00",
            "capacity": 3,
        },
        headers=s.elder_h,
    )
    early = await client.post(f"{API}/appointments/{aid}/complete", headers=s.officer_h)

    assert confirm.status_code == complete.status_code == slot.status_code == 403
    assert early.status_code == 409 and early.json()["error"] == "NotScheduledYet"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": "10:00", "end": "09:00"}, "body"),
        ({"capacity": "两个"}, "capacity"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 2.5}, "capacity"),
        ({"date": "明天"}, "date"),
        ({"start": "9点"}, "start"),
        ({"rooms": 3}, "rooms"),
    ],
)
async def test_slots_with_bad_fields_are_refused(client, session, station, kit, body, field):
    sid = await kit.service_id(session, "id_card")
    good = {
        "date": kit.local_day(2).isoformat(),
        "start": "09:00",
        "end": "10:00",
        "capacity": 3,
    }
    response = await client.post(
        f"{API}/appointment-services/{sid}/slots", json={**good, **body}, headers=station.chief_h
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["fields"]
    assert await session.scalar(select(func.count()).select_from(AppointmentSlot)) == 0


async def test_slots_in_the_past_or_for_home_visits_are_refused(client, session, station, kit):
    counter = await kit.service_id(session, "id_card")
    home = await kit.service_id(session, "id_card_home")
    yesterday = {
        "date": kit.local_day(-1).isoformat(),
        "start": "09:00",
        "end": "10:00",
        "capacity": 3,
    }
    past = await client.post(
        f"{API}/appointment-services/{counter}/slots", json=yesterday, headers=station.chief_h
    )
    visit = await client.post(
        f"{API}/appointment-services/{home}/slots",
        json={**yesterday, "date": kit.local_day(2).isoformat()},
        headers=station.chief_h,
    )
    assert past.status_code == visit.status_code == 422
    assert visit.json()["error"] == "HomeVisitsHaveNoSlots"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "reason"),  # a home visit needs a reason
        ({"reason": "长" * 501}, 422, "reason"),
        ({"reason": "行动不便", "slot_id": "01ABC"}, 422, "slot_id"),
        ({"reason": "行动不便", "address": "x" * 201}, 422, "address"),
        ({"reason": ["行动不便"]}, 422, "reason"),
        ({"reason": "行动不便", "household_id": "not-mine"}, 422, "household_id"),
    ],
)
async def test_home_visit_requests_with_bad_fields_are_refused(
    client, session, station, kit, body, status, field
):
    sid = await kit.service_id(session, "id_card_home")
    response = await client.post(
        f"{API}/appointments", json={"service_id": sid, **body}, headers=station.elder_h
    )
    assert response.status_code == status, response.text
    assert field in response.json()["fields"]
    assert await session.scalar(select(func.count()).select_from(Appointment)) == 0


async def test_unknown_services_and_slots_are_404(client, station):
    unknown = await client.get(f"{API}/appointment-services/NOPE/slots", headers=station.elder_h)
    booking = await client.post(
        f"{API}/appointments", json={"service_id": "NOPE", "slot_id": "X"}, headers=station.elder_h
    )
    assert unknown.status_code == booking.status_code == 404
