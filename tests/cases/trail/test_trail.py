"""The trail: every event chained to the previous by hash; tampering and gaps are reported."""

from __future__ import annotations

from sqlalchemy import text

from jinghutong.cases.trail.verify import verify


async def _handled_case(report, act, as_, world) -> str:
    case_id = (await report(await as_(world.villager), kind="hazard", text="井盖丢了")).json()["id"]
    leader = await as_(world.leader)
    await act(leader, case_id, "accept")
    await act(leader, case_id, "resolve", {"text": "已补上"})
    return case_id


async def test_an_untouched_trail_verifies(report, act, as_, world, database):
    await _handled_case(report, act, as_, world)

    result = await verify(database)

    assert result.ok, result.problems
    assert result.cases == 1 and result.events == 4


async def test_an_altered_event_is_reported_as_tampered(report, act, as_, world, database, session):
    case_id = await _handled_case(report, act, as_, world)

    await session.execute(
        text("UPDATE case_events SET payload = :p WHERE case_id = :c AND seq = 3"),
        {"p": '{"text": "没有接单"}', "c": case_id},
    )
    result = await verify(database)

    assert not result.ok
    assert [(p.seq, p.kind) for p in result.problems] == [(3, "tampered")]


async def test_a_deleted_event_is_reported_as_missing(report, act, as_, world, database, session):
    case_id = await _handled_case(report, act, as_, world)

    await session.execute(
        text("DELETE FROM case_events WHERE case_id = :c AND seq = 2"), {"c": case_id}
    )
    gap = await verify(database)
    await session.execute(
        text("DELETE FROM case_events WHERE case_id = :c AND seq = 4"), {"c": case_id}
    )
    tail = await verify(database)

    assert ("missing", 2) in [(p.kind, p.seq) for p in gap.problems]
    assert ("missing", 4) in [(p.kind, p.seq) for p in tail.problems]


async def test_system_and_human_events_are_told_apart(client, report, act, as_, world):
    case_id = await _handled_case(report, act, as_, world)

    timeline = (
        await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.officer))
    ).json()["timeline"]

    kinds = {e["type"]: e["actor_kind"] for e in timeline}
    assert kinds == {
        "created": "person",
        "assigned": "system",
        "accepted": "person",
        "resolved": "person",
    }
    hashes = [e["hash"] for e in timeline]
    assert len(set(hashes)) == 4 and all(len(h) == 64 for h in hashes)
