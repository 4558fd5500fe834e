"""Whose figures one reads: the chief, the admin and the duty room their station's, an officer
their villages, a 村警 their village — anything else is 403 (an id naming no area too, so the
two cannot be told apart); 联户长 and villagers read none. Both the incidents' and the
resolution's figures and their workbooks are scoped the same way."""

from __future__ import annotations

from datetime import date

import pytest

from support.figures import API, figures, incident, put

YEAR = {"from": "2024-01-01", "to": "2024-12-31"}
ROUTES = ("incidents", "incidents.xlsx", "resolution", "resolution.xlsx")


async def three_villages(session, station) -> None:
    t, day = station.tree, date(2024, 5, 1)
    await put(
        session,
        [incident(t.station, t.village, day, "help")]
        + [incident(t.station, t.other_village, day, "help") for _ in range(2)]
        + [incident(t.station, station.village3, day, "help") for _ in range(4)]
        + [incident(station.neighbour, station.neighbour_village, day, "help") for _ in range(8)],
    )


async def get(client, headers, route: str, **params):
    return await client.get(f"{API}/{route}", params={**YEAR, **params}, headers=headers)


async def test_a_village_police_reads_their_village_only(session, station, client, as_):
    await three_villages(session, station)
    cj = await as_(station.village_police)  # 村警 of 上坊村

    mine = await figures(client, cj, **YEAR)  # no area named: their one village
    named = await figures(client, cj, area_id=station.tree.village.id, **YEAR)

    assert mine["area"]["name"] == "上坊村" and mine["total"]["count"] == 1
    assert named["total"] == mine["total"]
    for area in (station.tree.other_village, station.tree.township, station.tree.station):
        for route in ROUTES:
            refused = await get(client, cj, route, area_id=area.id)
            assert refused.status_code == 403, (route, refused.text)
            assert refused.json()["error"] == "AreaOutOfScope"


async def test_the_duty_room_and_the_admin_read_the_station_not_the_neighbours(
    session, station, client, as_
):
    await three_villages(session, station)

    for person in (station.duty, station.admin, station.chief):
        headers = await as_(person)
        got = await figures(client, headers, group_by="village", **YEAR)
        assert got["area"]["name"] == "测试派出所" and got["total"]["count"] == 7
        outside = await get(client, headers, "incidents", area_id=station.neighbour.id)
        assert outside.status_code == 403
    fenkou = await as_(station.neighbour_chief)
    theirs = await figures(client, fenkou, **YEAR)
    assert theirs["total"]["count"] == 8
    for area in (station.tree.station, station.tree.village):
        assert (await get(client, fenkou, "resolution", area_id=area.id)).status_code == 403


async def test_an_officer_over_two_villages_names_one_of_them(session, station, client, as_):
    await three_villages(session, station)
    officer = await as_(station.two_village_officer)

    unnamed = await get(client, officer, "incidents")
    other = await figures(client, officer, area_id=station.tree.other_village.id, **YEAR)
    township = await get(client, officer, "incidents", area_id=station.tree.township.id)

    assert unnamed.status_code == 422 and unnamed.json()["error"] == "AreaRequired"
    assert unnamed.json()["fields"] == {"area_id": "请选择区域"}
    assert other["total"]["count"] == 2
    assert township.status_code == 403  # both its villages are theirs, the township is not


async def test_an_unknown_area_is_refused_like_one_outside(station, client, as_):
    chief = await as_(station.chief)

    unknown = await get(client, chief, "incidents", area_id="01JZZZZZZZZZZZZZZZZZZZZZZZ")
    outside = await get(client, chief, "incidents", area_id=station.neighbour.id)

    assert unknown.status_code == outside.status_code == 403
    assert unknown.json() == outside.json()


@pytest.mark.parametrize("route", ROUTES)
async def test_leaders_villagers_and_strangers_read_no_figures(station, client, as_, route):
    for person in (station.leader, station.villager):
        refused = await get(client, await as_(person), route)
        assert refused.status_code == 403
        assert refused.json()["error"] == "NoStatisticsRights"
    assert (await client.get(f"{API}/{route}")).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert (await client.get(f"{API}/{route}", headers=bad)).status_code == 401
