"""The story the station tells: an elderly woman who cannot go to town asks for her ID card to
be done at home; the area officer schedules it, she is reminded the evening before, and it is
done. And the 村警 can ask for it on her behalf (代办)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Job, Notification
from support.auth import bearer, password_login
from support.factories import STAFF_PASSWORD

API = "/api/v1"


async def _told(session, person_id: str, kind: str) -> list[Notification]:
    rows = await session.scalars(
        select(Notification).where(Notification.person_id == person_id, Notification.kind == kind)
    )
    return list(rows.all())


async def test_elderly_villager_gets_her_id_card_done_at_home(
    kit, client, device, session, station, app, database
):
    s = station
    catalogue = (await client.get(f"{API}/appointment-services", headers=s.elder_h)).json()
    home_visit = next(x for x in catalogue["items"] if x["code"] == "id_card_home")
    assert home_visit["home_visit"] is True and home_visit["what_to_bring"]

    asked = await client.post(
        f"{API}/appointments",
        json={"service_id": home_visit["id"], "reason": "摔断了胳膊，去不了镇上，身份证丢了要补办"},
        headers={**s.elder_h, "Idempotency-Key": "home-visit-1"},
    )
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "requested"
    assert request["address"] == "上坊村下坞12号"  # the household's address by default
    assert request["assignee"]["id"] == s.officer.id  # the area officer over her household
    assert request["on_behalf"] is False
    assert len(await _told(session, s.officer.id, "appointment.home_visit")) == 1

    # The officer sees it among his and schedules it for 10:00 in three days.
    mine = (await client.get(f"{API}/appointments?scope=assigned", headers=s.officer_h)).json()
    assert [a["id"] for a in mine["items"]] == [request["id"]]
    visit_day = kit.local_day(3)
    at = kit.local_instant(visit_day, 10)
    confirmed = await client.post(
        f"{API}/appointments/{request['id']}/confirm",
        json={"scheduled_at": at.isoformat(), "note": "带相机上门采集照片"},
        headers=s.officer_h,
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    assert len(await _told(session, s.elder.id, "appointment.confirmed")) == 1

    # The reminder: a job due at 18:00 Beijing time on the eve, one per appointment.
    [job] = (
        await session.scalars(
            select(Job).where(Job.dedupe_key == f"appointment-reminder:{request['id']}")
        )
    ).all()
    assert job.due_at == kit.local_instant(visit_day - timedelta(days=1), 18)
    jobs = JobContext(database, {"wechat": app.state.wechat, "settings": None})
    await run_due_jobs(jobs)
    assert await _told(session, s.elder.id, "appointment.reminder") == []  # not yet

    clock.advance(job.due_at - clock.now() + timedelta(minutes=1))
    await run_due_jobs(jobs)
    [reminder] = await _told(session, s.elder.id, "appointment.reminder")
    assert "上门" in reminder.body and "10:00" in reminder.body

    # The day comes: the officer (logged in afresh) records it done.
    clock.advance(at - clock.now() + timedelta(hours=1))
    officer_h = bearer(await password_login(client, "officer", STAFF_PASSWORD))
    done = await client.post(
        f"{API}/appointments/{request['id']}/complete",
        json={"note": "已采集，新证办好后送上门"},
        headers=officer_h,
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    seen = (await client.get(f"{API}/appointments/{request['id']}", headers=s.elder_h)).json()
    assert seen["status_name"] == "已办结"
    assert len(await _told(session, s.elder.id, "appointment.completed")) == 1


async def test_the_village_police_asks_for_a_home_visit_on_her_behalf(
    kit, client, session, station
):
    s = station
    sid = await kit.service_id(session, "id_card_home")
    booked = await client.post(
        f"{API}/appointments",
        json={
            "service_id": sid,
            "person_id": s.elder.id,
            "household_id": s.elder_home.id,
            "reason": "走访时得知老人身份证遗失，行动不便",
        },
        headers=s.police_h,
    )

    assert booked.status_code == 201, booked.text
    body = booked.json()
    assert body["on_behalf"] is True
    assert body["booked_by"] == {"id": s.village_police.id, "name": "徐丽华"}
    assert body["person"]["id"] == s.elder.id
    hers = (await client.get(f"{API}/appointments", headers=s.elder_h)).json()
    assert [a["id"] for a in hers["items"]] == [body["id"]]
    assert hers["items"][0]["on_behalf"] is True
    police_list = (await client.get(f"{API}/appointments", headers=s.police_h)).json()
    assert [a["id"] for a in police_list["items"]] == [body["id"]]


async def test_a_village_police_of_another_village_cannot_book_for_her(
    kit, client, session, station
):
    s = station
    response = await client.post(
        f"{API}/appointments",
        json={
            "service_id": await kit.service_id(session, "id_card_home"),
            "person_id": s.elder.id,
            "household_id": s.elder_home.id,
            "reason": "代办",
        },
        headers=s.other_police_h,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "NotYourVillager"


async def test_a_moved_home_visit_is_reminded_once_at_the_new_time(
    kit, client, session, station, app, database
):
    s = station
    sid = await kit.service_id(session, "home_visit")
    aid = (
        await client.post(
            f"{API}/appointments",
            json={"service_id": sid, "reason": "卧床，需要办理户籍证明"},
            headers=s.elder_h,
        )
    ).json()["id"]
    first = kit.local_instant(kit.local_day(2), 9)
    await client.post(
        f"{API}/appointments/{aid}/confirm",
        json={"scheduled_at": first.isoformat()},
        headers=s.officer_h,
    )
    later = kit.local_instant(kit.local_day(4), 15)
    moved = await client.post(
        f"{API}/appointments/{aid}/reschedule",
        json={"scheduled_at": later.isoformat(), "reason": "那天要去县里开会"},
        headers=s.officer_h,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "rescheduled"
    [told] = await _told(session, s.elder.id, "appointment.rescheduled")
    assert "15:00" in told.body and "那天要去县里开会" in told.body  # the villager learns why
    too_long = await client.post(
        f"{API}/appointments/{aid}/reschedule",
        json={"scheduled_at": later.isoformat(), "reason": "长" * 201},
        headers=s.officer_h,
    )
    assert too_long.status_code == 422
    refused = await client.post(
        f"{API}/appointments/{aid}/reschedule",
        json={"scheduled_at": later.isoformat()},
        headers=s.elder_h,
    )
    assert refused.status_code == 403  # the officer sets home-visit times

    pending = (
        await session.scalars(
            select(Job).where(Job.kind == "appointments.remind", Job.state == "pending")
        )
    ).all()
    due = kit.local_instant(kit.local_day(3), 18)
    assert [j.due_at for j in pending] == [due]
    clock.advance(due - clock.now() + timedelta(minutes=1))
    await run_due_jobs(JobContext(database, {"wechat": app.state.wechat, "settings": None}))
    [reminder] = await _told(session, s.elder.id, "appointment.reminder")
    assert "15:00" in reminder.body
