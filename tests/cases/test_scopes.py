"""Who sees which cases, and a clue's reporter hidden from neighbours."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import AuditEvent


async def _ids(client, headers, **params) -> set[str]:
    response = await client.get("/api/v1/cases", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return {c["id"] for c in response.json()["items"]}


async def test_each_role_lists_the_cases_of_its_area(client, report, as_, world, place):
    villager = await as_(world.villager)
    here = (await report(villager, kind="hazard", text="本村隐患")).json()["id"]
    there = (
        await report(
            villager, kind="hazard", text="邻村隐患", location=place(world.tree.other_micro_grid)
        )
    ).json()["id"]

    assert await _ids(client, villager) == {here, there}  # scope=mine
    assert await _ids(client, await as_(world.leader), scope="area") == {here}
    assert await _ids(client, await as_(world.village_police), scope="area") == {here}
    assert await _ids(client, await as_(world.officer), scope="area") == {here}
    assert await _ids(client, await as_(world.other_officer), scope="area") == {there}
    assert await _ids(client, await as_(world.chief), scope="area") == {here, there}
    assert await _ids(client, await as_(world.neighbour), scope="area") == set()
    assert await _ids(client, await as_(world.leader), scope="assigned") == {here}


async def test_lists_page_by_cursor(client, report, as_, world):
    villager = await as_(world.villager)
    made = [(await report(villager, kind="help", text=f"求助{i}")).json()["id"] for i in range(5)]

    first = (await client.get("/api/v1/cases", params={"limit": 2}, headers=villager)).json()
    second = (
        await client.get(
            "/api/v1/cases", params={"limit": 2, "cursor": first["next_cursor"]}, headers=villager
        )
    ).json()
    bad = await client.get("/api/v1/cases", params={"cursor": "!!!"}, headers=villager)

    assert [c["id"] for c in first["items"] + second["items"]] == made[::-1][:4]
    assert bad.status_code == 422


async def test_neighbour_leader_cannot_see_who_reported_a_clue(client, report, as_, world, session):
    clue = (await report(await as_(world.villager), kind="clue", text="有人收购赃物")).json()["id"]

    seen = (await client.get(f"/api/v1/cases/{clue}", headers=await as_(world.leader))).json()

    assert seen["reporter"] is None and seen["reporter_hidden"] is True
    assert all(e["actor"] is None for e in seen["timeline"])
    assert seen["timeline"][0]["actor_hidden"] is True
    assert "household_id" not in seen["timeline"][0]["payload"]
    listed = (
        await client.get("/api/v1/cases", params={"scope": "area"}, headers=await as_(world.leader))
    ).json()
    assert listed["items"][0]["reporter"] is None
    assert world.villager.name not in str(seen) and world.household.id not in str(seen)
    # The leader may not handle a clue either.
    assert (
        await client.post(f"/api/v1/cases/{clue}/accept", headers=await as_(world.leader))
    ).status_code == 403


async def test_the_officer_sees_a_clues_reporter_and_the_read_is_audited(
    client, report, as_, world, session
):
    clue = (await report(await as_(world.villager), kind="clue", text="有人收购赃物")).json()["id"]

    seen = (await client.get(f"/api/v1/cases/{clue}", headers=await as_(world.officer))).json()

    assert seen["reporter"]["name"] == "方桂英"
    assert seen["reporter"]["phone"] == "13905710001"
    assert seen["reporter"]["household_id"] == world.household.id
    audit = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.subject_id == clue, AuditEvent.action == "read_clue_reporter"
        )
    )
    assert audit is not None and audit.actor_id == world.officer.id


async def test_a_leader_sees_a_neighbours_hazard_report_with_a_masked_phone(
    client, report, as_, world
):
    case_id = (await report(await as_(world.villager), kind="hazard", text="水沟堵了")).json()["id"]

    seen = (await client.get(f"/api/v1/cases/{case_id}", headers=await as_(world.leader))).json()

    assert seen["reporter"]["name"] == "方桂英"
    assert seen["reporter"]["phone"] == "139****0001"
