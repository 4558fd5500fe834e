"""GET /points/entries: mine by default, newest first, paged; staff over the person's area read
another's; anyone else learns nothing. GET /points/me pools the household."""

from __future__ import annotations

from jinghutong.points.ledger.api import append_entry
from support.factories import join, make_person
from support.points_world import API

ENTRIES = f"{API}/points/entries"


async def _three(session, person) -> None:
    for n in range(3):
        await append_entry(
            session, person_id=person.id, event_kind="claim", points=n + 1, source_type="claim",
            source_id=person.id, reason=f"第{n + 1}次", award_key=f"claim:t{n}",
        )  # fmt: skip


async def test_my_entries_newest_first_in_pages(client, as_, world, session):
    await _three(session, world.villager)
    villager = await as_(world.villager)

    first = (await client.get(ENTRIES, params={"limit": 2}, headers=villager)).json()
    second = (
        await client.get(
            ENTRIES, params={"limit": 2, "cursor": first["next_cursor"]}, headers=villager
        )
    ).json()

    assert [e["reason"] for e in first["items"]] == ["第3次", "第2次"]
    assert [e["reason"] for e in second["items"]] == ["第1次"] and second["next_cursor"] is None
    assert first["items"][0]["name"] == "积分申报"
    bad = await client.get(ENTRIES, params={"cursor": "!!"}, headers=villager)
    assert bad.status_code == 422


async def test_staff_over_the_area_read_anothers_entries_no_one_else(client, as_, world, session):
    await _three(session, world.villager)
    query = {"person_id": world.villager.id}

    police = await client.get(ENTRIES, params=query, headers=await as_(world.village_police))
    assert len(police.json()["items"]) == 3
    for outsider in (world.leader, world.other_police):
        response = await client.get(ENTRIES, params=query, headers=await as_(outsider))
        assert response.status_code == 404, outsider.name
    unknown = {"person_id": "01J00000000000000000000000"}
    assert (
        await client.get(ENTRIES, params=unknown, headers=await as_(world.chief))
    ).status_code == 404


async def test_a_household_pools_its_members_points(client, as_, world, session):
    spouse = await make_person(session, "叶春花", openid="o-pts-spouse")
    await join(session, spouse, world.h1)
    await _three(session, world.villager)  # 6
    await append_entry(
        session, person_id=spouse.id, event_kind="claim", points=10, source_type="claim",
        source_id=spouse.id, reason="帮忙", award_key="claim:s",
    )  # fmt: skip

    me = (await client.get(f"{API}/points/me", headers=await as_(world.villager))).json()

    assert (me["balance"], me["household_id"], me["household_balance"]) == (6, world.h1.id, 16)
    leader = (await client.get(f"{API}/points/me", headers=await as_(world.leader))).json()
    assert (leader["balance"], leader["household_id"], leader["household_balance"]) == (
        0,
        None,
        None,
    )
