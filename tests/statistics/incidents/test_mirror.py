"""Every case reported or dispatched in 警户通 is a 警情: the mirror (a periodic sweep over the
case trail) makes it once, keeps it current as the trail moves — a clue an officer found
invalid becomes 无效报警 — and moves the rollup with it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from jinghutong.core import clock
from jinghutong.core.clock import SHANGHAI
from jinghutong.models import Case, CaseEvent
from jinghutong.models.incident import IncidentCursor
from jinghutong.statistics.incidents.mirror import CURSOR, mirror_cases
from support.incidents import API, incidents, rollup_is_raw, rollup_total
from support.points_world import NEAR_THE_LEADER, later


async def report(client, as_, person, kind: str, text: str) -> dict:
    created = await client.post(
        f"{API}/cases", json={"kind": kind, "text": text}, headers=await as_(person)
    )
    assert created.status_code == 201, created.text
    return created.json()


async def act(client, headers, case_id: str, action: str, body: dict | None = None) -> None:
    response = await client.post(f"{API}/cases/{case_id}/{action}", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def mirror(database) -> int:
    async with database.session() as session:
        return await mirror_cases(session)


async def test_a_report_becomes_one_incident_and_a_second_sweep_does_nothing(
    client, as_, desk, run_jobs, database
):
    case = await report(client, as_, desk.villager, "alarm", "有人在村口打架")

    await run_jobs()  # the worker's periodic sweep

    [incident] = await incidents(database, source="case")
    async with database.session(read_only=True) as s:
        stored = await s.get(Case, case["id"])
    assert stored is not None
    assert (incident.number, incident.case_id) == (case["number"], case["id"])
    assert (incident.category, incident.mapped_from) == ("public_order", "alarm")
    assert incident.area_id == desk.tree.village.id  # the village, not the micro-grid
    assert incident.station_id == desk.tree.station.id
    assert incident.reported_at == stored.created_at
    assert incident.day == stored.created_at.astimezone(SHANGHAI).date()
    assert (incident.subcategory, incident.accepted_at) == ("报警", None)
    assert await rollup_total(database, "public_order", desk.tree.village) == 1

    later()
    await run_jobs()
    assert await mirror(database) == 0  # and once more by hand: the margin re-read, unchanged

    assert len(await incidents(database, source="case")) == 1
    assert await rollup_total(database) == 1
    await rollup_is_raw(database)


async def test_a_clue_found_invalid_moves_to_invalid_and_back_when_reopened(
    client, as_, desk, database
):
    case = await report(client, as_, desk.villager, "clue", "桥下有人收赃")
    await mirror(database)
    assert (await incidents(database, source="case"))[0].category == "report"
    officer = await as_(desk.officer)

    await act(client, officer, case["id"], "accept")
    await act(client, officer, case["id"], "arrive")
    await act(client, officer, case["id"], "resolve", {"outcome": "invalid"})
    await mirror(database)

    [found] = await incidents(database, source="case")
    assert (found.category, found.mapped_from) == ("invalid", "clue:invalid")
    assert found.result == "已办结（核查无效）"
    assert found.accepted_at is not None and found.arrived_at is not None
    assert found.reported_at <= found.accepted_at <= found.arrived_at
    assert await rollup_total(database, "report") == 0
    assert await rollup_total(database, "invalid", desk.tree.village) == 1
    await rollup_is_raw(database)

    await act(client, await as_(desk.villager), case["id"], "reopen", {"reason": "又看到了"})
    await mirror(database)

    [reopened] = await incidents(database, source="case")
    assert reopened.category == "report"  # the finding is withdrawn until resolved again
    assert (await rollup_total(database, "invalid"), await rollup_total(database, "report")) == (
        0,
        1,
    )
    await rollup_is_raw(database)


async def test_a_clue_found_valid_stays_a_report(client, as_, desk, database):
    case = await report(client, as_, desk.villager, "clue", "有人夜里偷电缆")
    officer = await as_(desk.officer)
    await act(client, officer, case["id"], "accept")
    await act(client, officer, case["id"], "resolve", {"outcome": "valid"})

    await mirror(database)

    [found] = await incidents(database, source="case")
    assert (found.category, found.mapped_from, found.result) == (
        "report",
        "clue",
        "已办结（核查有效）",
    )


async def test_a_dispatch_is_an_incident_with_its_arrival_from_the_trail(
    client, as_, desk, database
):
    duty = await as_(desk.duty)
    body = {"summary": "家庭纠纷，夫妻争吵", "kind": "dispute", "location": NEAR_THE_LEADER}
    created = await client.post(f"{API}/dispatches", json=body, headers=duty)
    assert created.status_code == 201, created.text
    case = created.json()
    leader = await as_(desk.leader)
    await act(client, leader, case["id"], "accept")
    clock.advance(timedelta(minutes=12))
    await act(client, leader, case["id"], "arrive")

    await mirror(database)

    [found] = await incidents(database, source="case")
    assert (found.category, found.subcategory) == ("dispute", "纠纷（值班室派警）")
    assert found.address == NEAR_THE_LEADER["address"]
    assert found.arrived_at - found.accepted_at >= timedelta(minutes=12)
    assert await rollup_total(database, "dispute", desk.tree.village) == 1


async def test_an_event_committed_after_a_later_one_is_still_mirrored(client, as_, desk, database):
    """The cursor already stands past a case's events (their transaction committed after a
    later one was swept): the margin re-read finds the case all the same."""
    case = await report(client, as_, desk.villager, "help", "老人走失")
    async with database.session() as s:
        last = await s.scalar(select(CaseEvent.id).order_by(CaseEvent.id.desc()).limit(1))
        s.add(IncidentCursor(source=CURSOR, last_id=last, updated_at=clock.now()))

    assert await mirror(database) == 1

    [found] = await incidents(database, source="case")
    assert (found.case_id, found.category) == (case["id"], "help")


async def test_a_changed_mapping_reaches_a_case_when_the_mirror_reads_it_again(
    client, as_, desk, database
):
    """The mirror recomputes a case whenever it reads its trail (a new event, or the margin
    re-read): then the case counts by the mapping in force, and the rollup moves with it."""
    case = await report(client, as_, desk.villager, "alarm", "家里进了小偷")
    await mirror(database)
    changed = await client.put(
        f"{API}/incidents/categories/mapping",
        json={"source": "case", "kind": "alarm", "category": "criminal"},
        headers=await as_(desk.bureau),
    )
    assert changed.json()["existing_incidents"] == 1
    assert (await incidents(database, source="case"))[0].category == "public_order"

    await act(client, await as_(desk.officer), case["id"], "accept")
    await mirror(database)

    [found] = await incidents(database, source="case")
    assert found.category == "criminal"
    assert (
        await rollup_total(database, "public_order"),
        await rollup_total(database, "criminal"),
    ) == (0, 1)
    await rollup_is_raw(database)


async def test_a_case_moved_to_another_village_moves_in_the_rollup(client, as_, desk, database):
    case = await report(client, as_, desk.villager, "dispute", "邻居占了我家的地")
    await mirror(database)
    async with database.session() as s:  # as a re-routing would: the case's place changes
        await s.execute(
            update(Case)
            .where(Case.id == case["id"])
            .values(
                area_id=desk.tree.other_micro_grid.id, area_path=desk.tree.other_micro_grid.path
            )
        )
    await act(client, await as_(desk.chief), case["id"], "comment", {"text": "已转桐坑源村"})

    await mirror(database)

    [found] = await incidents(database, source="case")
    assert found.area_id == desk.tree.other_village.id
    assert await rollup_total(database, area=desk.tree.village) == 0
    assert await rollup_total(database, area=desk.tree.other_village) == 1
    await rollup_is_raw(database)
