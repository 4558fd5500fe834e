"""The duty room pushes an incident to the nearest 联户长; unacknowledged → the next nearest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Notification

NEAR_FIRST = {"lat": 29.601, "lng": 118.901, "address": "上坊村下坞桥头"}


async def _dispatch(client, headers, **extra):
    body = {"summary": "家庭纠纷，有人报警", "kind": "dispute", "location": NEAR_FIRST, **extra}
    return await client.post("/api/v1/dispatches", json=body, headers=headers)


async def _kinds(session, person) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind).where(Notification.person_id == person.id)
    )
    return list(rows)


async def test_a_dispatch_goes_to_the_nearest_leader_and_the_officer_is_told_at_once(
    client, as_, world, session
):
    response = await _dispatch(client, await as_(world.duty))

    assert response.status_code == 201, response.text
    case = response.json()
    assert case["origin"] == "dispatch"
    assert case["assignee"]["id"] == world.leader.id
    assert case["area_id"] == world.tree.micro_grid.id
    assert "case.dispatch" in await _kinds(session, world.leader)
    assert "case.dispatch" in await _kinds(session, world.officer)


async def test_an_unacknowledged_dispatch_moves_to_the_next_nearest_leader(
    client, act, as_, world, run_jobs
):
    case_id = (await _dispatch(client, await as_(world.duty))).json()["id"]

    clock.advance(timedelta(minutes=6))
    await run_jobs()

    case = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.duty))).json()
    assert case["assignee"]["id"] == world.other_leader.id
    assert [e["type"] for e in case["timeline"]][-2:] == ["redispatched", "assigned"]
    # The second leader (another village) can see and take it, feeds back from the scene.
    other = await as_(world.other_leader)
    assert (await act(other, case_id, "accept")).status_code == 200
    fed = await act(other, case_id, "feedback", {"text": "已劝开双方，情绪稳定"})
    assert fed.status_code == 200
    # The first one has lost it.
    assert (await act(await as_(world.leader), case_id, "accept")).status_code == 409


async def test_when_no_leader_answers_the_dispatch_climbs_the_ladder(client, as_, world, run_jobs):
    case_id = (await _dispatch(client, await as_(world.duty))).json()["id"]

    for _ in range(3):
        clock.advance(timedelta(minutes=6))
        await run_jobs()

    case = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.duty))).json()
    assert case["assigned_role"] == "village_police"


async def test_only_the_duty_room_dispatches(client, as_, world):
    for person in (world.villager, world.leader, world.officer):
        response = await _dispatch(client, await as_(person))
        assert response.status_code == 403, person.name
        assert response.json()["detail"] == "只有值班室可以派警"
    missing = await client.post(
        "/api/v1/dispatches",
        json={"summary": "x", "kind": "dispute"},
        headers=await as_(world.duty),
    )
    assert missing.status_code == 422
