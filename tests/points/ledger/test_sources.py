"""Each recorded event the sweep awards, and who gets nothing: clues judged by an officer
(caught supersedes valid), a hazard confirmed by staff, a dispute settled in the micro-grid, a
visit, a bulletin read by all of a micro-grid's households."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from jinghutong.core import clock
from jinghutong.governance import trail
from jinghutong.models import (
    Bulletin,
    Delivery,
    Dispute,
    PointsCursor,
    RecordType,
    Visit,
)
from support.factories import join, make_person
from support.hazards import Hazards, deadline, unsafe_house
from support.points_world import API, entries_of, later


async def _clue(client, as_, act, world, *outcomes: str) -> dict:
    """The villager reports a clue; the officer takes it and resolves it with each outcome in
    turn (the villager reopening it in between)."""
    villager = await as_(world.villager)
    case = (
        await client.post(
            f"{API}/cases", json={"kind": "clue", "text": "桥下有人收赃"}, headers=villager
        )
    ).json()
    officer = await as_(world.officer)
    for n, outcome in enumerate(outcomes):
        if n:
            reopened = await act(villager, case["id"], "reopen", {"reason": "又看到了"})
            assert reopened.status_code == 200, reopened.text
        assert (await act(officer, case["id"], "accept")).status_code == 200
        resolved = await act(officer, case["id"], "resolve", {"outcome": outcome})
        assert resolved.status_code == 200, resolved.text
    return case


async def test_a_valid_clue_earns_its_reporter_thirty(client, as_, act, world, run_jobs, database):
    case = await _clue(client, as_, act, world, "valid")

    await run_jobs()

    [entry] = await entries_of(database, world.villager)
    assert (entry.event_kind, entry.points) == ("clue_valid", 30)
    assert entry.reason.endswith(f"提供的线索经民警核实有效（{case['number']}）")
    assert entry.household_id == world.h1.id


async def test_caught_supersedes_valid_one_clue_never_totals_more(
    client, as_, act, world, run_jobs, database
):
    await _clue(client, as_, act, world, "valid")
    await run_jobs()
    later()
    # …later reopened and resolved again: the offender was caught in the act.
    other = await _clue(client, as_, act, world, "caught")
    await run_jobs()

    points = {e.award_key: e.points for e in await entries_of(database, world.villager)}
    assert sorted(points.values()) == [30, 100]  # two clues: 30, and 100 for the caught one
    assert points[f"clue:{other['id']}:caught"] == 100


async def test_a_valid_clue_later_caught_is_topped_up_to_the_caught_award(
    client, as_, act, world, run_jobs, database
):
    case = await _clue(client, as_, act, world, "valid", "caught", "valid")
    await run_jobs()

    entries = await entries_of(database, world.villager)
    assert [(e.event_kind, e.points) for e in entries] == [
        ("clue_valid", 30),
        ("caught_in_act", 70),
    ]
    assert entries[1].award_key == f"clue:{case['id']}:caught"
    assert "已按有效线索记30分，本次补足差额" in entries[1].reason


async def test_an_invalid_clue_or_one_resolved_without_outcome_earns_nothing(
    client, as_, act, world, run_jobs, database
):
    await _clue(client, as_, act, world, "invalid")
    villager = await as_(world.villager)
    case = (
        await client.post(
            f"{API}/cases", json={"kind": "clue", "text": "可疑车辆"}, headers=villager
        )
    ).json()
    officer = await as_(world.officer)
    await act(officer, case["id"], "accept")
    await act(officer, case["id"], "resolve", {"text": "已核查"})

    await run_jobs()

    assert await entries_of(database, world.villager) == []


async def test_a_hazard_the_leader_found_is_awarded_once_staff_notify_it(
    client, device, world, run_jobs, database
):
    hz = Hazards(client, device)
    hazard = (await hz.report(world.leader, **unsafe_house(world.gov))).json()
    await run_jobs()
    assert await entries_of(database, world.leader) == []  # reported only: not confirmed yet

    body = {"responsible_name": "叶春生", "responsible_phone": "13711112222", **deadline(3)}
    told = await hz.act(world.village_police, hazard["id"], "notify", **body)
    assert told.status_code == 200, told.text
    later()
    await run_jobs()

    [entry] = await entries_of(database, world.leader)
    assert (entry.event_kind, entry.points) == ("hazard_confirmed", 10)
    assert entry.award_key == f"hazard:{hazard['id']}"
    assert hazard["number"] in entry.reason


async def _dispute(session, world, level: str) -> Dispute:
    dispute = Dispute(
        number=f"JF-20240729-{level[:4]}",
        category="land",
        summary="两户争地界",
        area_id=world.tree.micro_grid.id,
        area_path=world.tree.micro_grid.path,
        reporter_id=world.leader.id,
        status="settled",
        level=level,
        settled_at=clock.now(),
    )
    session.add(dispute)
    await session.flush()
    await trail.append(session, RecordType.dispute, dispute.id, world.leader.id, "settled", {})
    return dispute


async def test_a_dispute_settled_in_the_micro_grid_earns_fifteen_higher_up_nothing(
    session, world, run_jobs, database
):
    await _dispute(session, world, "micro_grid")
    await _dispute(session, world, "village")

    await run_jobs()

    [entry] = await entries_of(database, world.leader)
    assert (entry.event_kind, entry.points) == ("dispute_settled", 15)
    assert "两户争地界" in entry.reason


async def test_a_visit_earns_the_leader_two_and_the_village_police_nothing(
    session, world, run_jobs, database
):
    for visitor, role in ((world.leader, "group_leader"), (world.village_police, "village_police")):
        session.add(
            Visit(
                area_id=world.tree.micro_grid.id,
                area_path=world.tree.micro_grid.path,
                visitor_id=visitor.id,
                visitor_role=role,
                visited_at=clock.now(),
            )
        )
    await session.flush()

    await run_jobs()

    assert [e.points for e in await entries_of(database, world.leader)] == [2]
    assert await entries_of(database, world.village_police) == []


async def test_an_event_committed_late_is_still_seen_through_the_margin(
    session, world, run_jobs, database
):
    """A visit whose id is older than the cursor (its transaction committed after the last
    sweep) is awarded on the next sweep: the sweep re-reads a margin before its cursor."""
    await run_jobs()  # the cursor is now at the newest visit… of none: move it on by hand
    early = Visit(
        area_id=world.tree.micro_grid.id,
        area_path=world.tree.micro_grid.path,
        visitor_id=world.leader.id,
        visitor_role="group_leader",
        visited_at=clock.now(),
    )
    beyond = Visit(
        area_id=world.tree.micro_grid.id,
        area_path=world.tree.micro_grid.path,
        visitor_id=world.village_police.id,
        visitor_role="village_police",
        visited_at=clock.now(),
    )
    session.add(early)
    await session.flush()
    session.add(beyond)
    await session.flush()
    # The sweep already read up to `beyond` before `early` committed.
    await session.execute(
        update(PointsCursor).where(PointsCursor.source == "visits").values(last_id=beyond.id)
    )
    await session.flush()

    later()
    await run_jobs()

    assert [e.source_id for e in await entries_of(database, world.leader)] == [early.id]


async def test_a_leader_whose_households_all_read_an_important_bulletin_earns_five(
    session, world, run_jobs, database
):
    neighbour = await make_person(session, "叶春生", openid="o-pts-neighbour")
    await join(session, neighbour, world.h2)
    bulletin = Bulletin(
        category="反诈宣传",
        title="警惕冒充公检法诈骗",
        body="……",
        important=True,
        reach_path=world.tree.village.path,
        status="sent",
        published_at=clock.now(),
        author_id=world.village_police.id,
    )
    session.add(bulletin)
    await session.flush()
    rows = {
        person.id: Delivery(
            bulletin_id=bulletin.id,
            person_id=person.id,
            household_id=household.id,
            channel="feed",
            status="sent",
        )
        for person, household in ((world.villager, world.h1), (neighbour, world.h2))
    }
    session.add_all(rows.values())
    await session.flush()
    rows[world.villager.id].read_at = clock.now()
    await session.flush()

    await run_jobs()
    assert await entries_of(database, world.leader) == []  # 下坞2号 has not read it yet

    rows[neighbour.id].read_at = clock.now()
    await session.flush()
    clock.advance(timedelta(minutes=11))
    await run_jobs()
    clock.advance(timedelta(minutes=11))
    await run_jobs()

    [entry] = await entries_of(database, world.leader)
    assert (entry.event_kind, entry.points) == ("bulletin_all_read", 5)
    assert "警惕冒充公检法诈骗" in entry.reason
