"""Audience specs: areas at any level, tags, named households and persons, exclusions."""

from __future__ import annotations

from support.bulletins import create, draft, staff
from support.factories import join, make_person

API = "/api/v1/bulletins"


async def _preview(client, headers, audience) -> dict:
    bulletin = await create(client, headers, draft(audience=audience))
    response = await client.post(f"{API}/{bulletin['id']}/audience-preview", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_village_counts_its_households_members_and_who_wechat_reaches(client, world):
    preview = await _preview(
        client, await staff(client, "officer"), {"areas": [world.tree.village.id]}
    )
    assert preview == {
        "households": 2,
        "persons": 3,
        "wechat_reachable": 1,
        "needs_approval": False,
    }


async def test_the_whole_station_reaches_every_village(client, world):
    preview = await _preview(
        client, await staff(client, "chief"), {"areas": [world.tree.station.id]}
    )
    assert (preview["households"], preview["persons"], preview["wechat_reachable"]) == (3, 4, 2)


async def test_elderly_living_alone_in_a_village(client, world):
    audience = {"areas": [world.tree.village.id], "tags": ["独居老人"], "combine": "intersect"}
    preview = await _preview(client, await staff(client, "officer"), audience)
    assert (preview["households"], preview["persons"]) == (1, 2)


async def test_exclusions_remove_households_and_persons(client, world):
    audience = {
        "areas": [world.tree.station.id],
        "exclude": {"areas": [world.tree.other_village.id], "persons": [world.p4.id]},
    }
    preview = await _preview(client, await staff(client, "chief"), audience)
    assert (preview["households"], preview["persons"]) == (2, 2)


async def test_a_person_in_two_reached_households_counts_once(client, world, session):
    await join(session, world.p1, world.h2)
    preview = await _preview(
        client, await staff(client, "officer"), {"areas": [world.tree.village.id]}
    )
    assert preview["persons"] == 3


async def test_named_households_and_persons_are_reached(client, world, session):
    audience = {"households": [world.h2.id], "persons": [world.p3.id]}
    preview = await _preview(client, await staff(client, "chief"), audience)
    assert (preview["households"], preview["persons"], preview["wechat_reachable"]) == (1, 2, 1)


async def test_a_person_without_a_household_cannot_be_named(client, world, session):
    loner = await make_person(session, "无户人员", openid="o-loner")
    response = await client.post(
        API, json=draft(audience={"persons": [loner.id]}), headers=await staff(client, "chief")
    )
    assert response.status_code == 422
