"""Deadlines in the database, swept by the worker: up the ladder, each rung told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Notification


async def _kinds(session, person) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind).where(Notification.person_id == person.id)
    )
    return list(rows)


async def test_an_ignored_alarm_escalates_on_time_to_the_area_officer(
    client, report, as_, world, session, run_jobs
):
    alarm = (await report(await as_(world.villager), kind="alarm", text="有人持刀")).json()
    await run_jobs()

    clock.advance(timedelta(minutes=4))
    await run_jobs()
    still = (
        await client.get(f"/api/v1/cases/{alarm['id']}", headers=await as_(world.officer))
    ).json()
    assert still["assigned_role"] == "group_leader"

    clock.advance(timedelta(minutes=2))
    await run_jobs()
    moved = (
        await client.get(f"/api/v1/cases/{alarm['id']}", headers=await as_(world.officer))
    ).json()
    assert moved["assigned_role"] == "area_officer"
    assert moved["assignee"]["id"] == world.officer.id
    escalated = moved["timeline"][-1]
    assert escalated["type"] == "escalated" and escalated["actor_kind"] == "system"
    assert escalated["payload"]["reason"] == "timeout"
    assert "case.escalated" in await _kinds(session, world.officer)


async def test_accepting_stops_the_clock(client, report, act, as_, world, run_jobs):
    alarm = (await report(await as_(world.villager), kind="alarm", text="有人落水")).json()
    await act(await as_(world.leader), alarm["id"], "accept")
    await run_jobs()  # the text check, while the villager has just used the app

    clock.advance(timedelta(hours=2))
    await run_jobs()

    seen = (
        await client.get(f"/api/v1/cases/{alarm['id']}", headers=await as_(world.leader))
    ).json()
    assert seen["assigned_role"] == "group_leader"
    assert "escalated" not in [e["type"] for e in seen["timeline"]]
    assert seen["due_at"] is None


async def test_a_hazard_climbs_leader_village_police_area_officer_chief(
    client, report, as_, world, run_jobs
):
    case_id = (await report(await as_(world.villager), kind="hazard", text="山体裂缝")).json()["id"]
    seen_roles = []
    for _ in range(4):
        clock.advance(timedelta(minutes=61))
        await run_jobs()
        case = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.chief))).json()
        seen_roles.append(case["assigned_role"])

    assert seen_roles == ["village_police", "area_officer", "chief", "chief"]
    assert case["due_at"] is None  # nobody above the chief: the clock stops


async def test_an_unanswered_consultation_goes_to_the_responsible_officer_after_24_hours(
    client, report, act, as_, world, run_jobs, session
):
    case_id = (
        await report(await as_(world.villager), kind="consult", text="低保怎么申请？")
    ).json()["id"]
    await act(await as_(world.leader), case_id, "accept")  # accepted, but not answered

    clock.advance(timedelta(hours=23))
    await run_jobs()
    assert (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.officer))).json()[
        "assigned_role"
    ] == "group_leader"
    clock.advance(timedelta(hours=2))
    await run_jobs()

    case = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.officer))).json()
    assert case["assigned_role"] == "area_officer"
    assert case["status"] == "assigned"
    answered = await act(await as_(world.officer), case_id, "answer", {"text": "带材料到村委"})
    assert answered.json()["status"] == "resolved"


async def test_a_handler_passes_a_case_up_by_hand(report, act, as_, world):
    case_id = (await report(await as_(world.villager), kind="dispute", text="宅基地纠纷")).json()[
        "id"
    ]

    passed = await act(await as_(world.leader), case_id, "escalate", {"reason": "调解不成"})

    assert passed.status_code == 200
    assert passed.json()["assigned_role"] == "village_police"
    event = passed.json()["timeline"][-1]
    assert event["actor"]["id"] == world.leader.id and event["payload"]["reason"] == "调解不成"


async def test_the_sweep_running_twice_fires_a_deadline_once(client, report, as_, world, run_jobs):
    case_id = (await report(await as_(world.villager), kind="help", text="老人摔倒")).json()["id"]
    clock.advance(timedelta(minutes=31))

    await run_jobs()
    await run_jobs()

    case = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.chief))).json()
    assert [e["type"] for e in case["timeline"]].count("escalated") == 1
