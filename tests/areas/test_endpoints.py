"""The area tree within scope: what each caller can navigate, with household counts."""

from __future__ import annotations

from sqlalchemy import event

from jinghutong.models import Role
from support.auth import bearer, password_login, wechat_login
from support.factories import (
    STAFF_PASSWORD,
    grant,
    join,
    make_area,
    make_household,
    make_person,
    make_tree,
)

URL = "/api/v1/areas"


async def staff(client, session, tree, role, area, username="officer"):
    person = await make_person(session, "郑卫东", username=username)
    await grant(session, person, role, area)
    await session.commit()
    return bearer(await password_login(client, username, STAFF_PASSWORD))


async def test_village_police_starts_at_their_village_with_counts(client, session):
    tree = await make_tree(session)
    await make_household(session, tree.micro_grid, "上坊村1号")
    await make_household(session, tree.micro_grid, "上坊村2号")
    await make_household(session, tree.other_micro_grid, "桐坑源村1号")
    headers = await staff(client, session, tree, Role.village_police, tree.village)

    [top] = (await client.get(URL, headers=headers)).json()
    assert (top["name"], top["level_name"], top["household_count"], top["in_scope"]) == (
        "上坊村",
        "行政村",
        2,
        True,
    )
    [grid] = (await client.get(URL, headers=headers, params={"parent_id": tree.village.id})).json()
    assert (grid["name"], grid["level_name"], grid["household_count"]) == (
        "上坊村第一网格",
        "网格",
        2,
    )


async def test_ancestors_are_navigable_but_show_only_what_is_in_scope(client, session):
    tree = await make_tree(session)
    await make_household(session, tree.micro_grid, "上坊村1号")
    await make_household(session, tree.other_micro_grid, "桐坑源村1号")
    headers = await staff(client, session, tree, Role.village_police, tree.village)

    station = (await client.get(f"{URL}/{tree.station.id}", headers=headers)).json()
    assert (station["level_name"], station["in_scope"], station["household_count"]) == (
        "派出所",
        False,
        1,
    )
    children = (
        await client.get(URL, headers=headers, params={"parent_id": tree.township.id})
    ).json()
    assert [c["name"] for c in children] == ["上坊村"]  # not the neighbouring village


async def test_an_area_outside_scope_is_not_found(client, session):
    tree = await make_tree(session)
    headers = await staff(client, session, tree, Role.village_police, tree.village)

    for url, params in (
        (f"{URL}/{tree.other_village.id}", {}),
        (URL, {"parent_id": tree.other_village.id}),
    ):
        response = await client.get(url, headers=headers, params=params)
        assert response.status_code == 404
        assert response.json()["error"] == "AreaNotFound"
    assert (await client.get(f"{URL}/nonsense", headers=headers)).status_code == 404


async def test_detail_has_the_trail_from_the_top(client, session):
    tree = await make_tree(session)
    headers = await staff(client, session, tree, Role.admin, tree.station)

    body = (await client.get(f"{URL}/{tree.micro_grid.id}", headers=headers)).json()

    assert body["level_name"] == "微网格"
    assert [a["name"] for a in body["trail"]] == [
        "测试派出所",
        "大墅镇",
        "上坊村",
        "上坊村第一网格",
    ]


async def test_a_villager_sees_the_areas_of_their_own_household(client, device, session):
    tree = await make_tree(session)
    villager = await make_person(session, "方桂英", openid="o-villager")
    await join(session, villager, await make_household(session, tree.micro_grid, "上坊村1号"))
    await make_household(session, tree.micro_grid, "上坊村2号")
    await session.commit()
    headers = bearer(await wechat_login(client, device, "o-villager"))

    [top] = (await client.get(URL, headers=headers)).json()
    assert (top["id"], top["household_count"]) == (tree.micro_grid.id, 1)
    assert (await client.get(f"{URL}/{tree.village.id}", headers=headers)).status_code == 200
    assert (await client.get(f"{URL}/{tree.other_village.id}", headers=headers)).status_code == 404
    stranger = bearer(await wechat_login(client, device, "o-stranger"))
    assert (await client.get(URL, headers=stranger)).json() == []


async def test_children_are_in_natural_order_and_counted_in_one_query(client, session, database):
    tree = await make_tree(session)
    for n in (10, 2, 3):
        micro = await make_area(session, f"上坊村第{n}微网格", "micro_grid", tree.grid)
        await make_household(session, micro, f"上坊村{n}号")
    headers = await staff(client, session, tree, Role.admin, tree.station)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        few = (await client.get(URL, headers=headers, params={"parent_id": tree.grid.id})).json()
        queries_for_four = len(statements)
        statements.clear()
        for n in range(4, 9):
            await make_area(session, f"上坊村第{n}微网格", "micro_grid", tree.grid)
        await session.commit()
        statements.clear()
        many = (await client.get(URL, headers=headers, params={"parent_id": tree.grid.id})).json()
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", count)

    assert [c["name"] for c in few] == [f"上坊村第{n}微网格" for n in (1, 2, 3, 10)]
    assert len(many) == 9
    assert len(statements) == queries_for_four
    assert {c["name"]: c["household_count"] for c in many}["上坊村第10微网格"] == 1
