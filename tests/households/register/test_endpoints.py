"""The register through the real endpoints: scope, search, paging, create and edit."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import Household
from support.factories import make_household

URL = "/api/v1/households"


def new_household(area_id: str, **extra: object) -> dict[str, object]:
    return {"area_id": area_id, "address": "上坊村新屋1号", "head_name": "方有才", **extra}


async def addresses(client, headers, **params) -> list[str]:
    response = await client.get(URL, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return [item["address"] for item in response.json()["items"]]


async def test_each_role_sees_only_its_own_part_of_the_register(
    client, world, as_staff, as_villager
):
    assert await addresses(client, await as_staff("police")) == ["上坊村下坞12号"]
    assert await addresses(client, await as_staff("leader")) == ["上坊村下坞12号"]
    assert sorted(await addresses(client, await as_staff("admin"))) == [
        "上坊村下坞12号",
        "桐坑源村3号",
    ]
    assert await addresses(client, await as_villager()) == ["上坊村下坞12号"]
    assert await addresses(client, await as_villager("o-stranger")) == []


async def test_someone_elses_household_is_not_found_and_not_revealed(
    client, world, as_staff, as_villager
):
    for headers in (await as_staff("police"), await as_villager()):
        response = await client.get(f"{URL}/{world.away.id}", headers=headers)
        assert response.status_code == 404
        assert response.json()["error"] == "HouseholdNotFound"
        assert "找不到" in response.json()["detail"]
    invented = await client.get(f"{URL}/01JNOSUCHHOUSEHOLD0000000", headers=headers)
    assert invented.status_code == 404


async def test_detail_shows_tags_members_with_masked_phones_and_the_area_trail(
    client, world, as_staff
):
    response = await client.get(f"{URL}/{world.home.id}", headers=await as_staff("police"))

    body = response.json()
    assert body["tags"] == ["独居老人"]
    [member] = body["members"]
    assert (member["name"], member["phone"], member["status"]) == (
        "方桂英",
        "139****0001",
        "active",
    )
    assert [a["name"] for a in body["area_trail"]] == [
        "测试派出所",
        "大墅镇",
        "上坊村",
        "上坊村第一网格",
        "上坊村第1微网格",
    ]


async def test_search_by_name_or_address_escapes_like_wildcards(client, world, session, as_staff):
    await make_household(session, world.tree.micro_grid, "上坊村50%路1号", "张三")
    await session.commit()
    headers = await as_staff("police")

    assert await addresses(client, headers, q="桂英") == ["上坊村下坞12号"]
    assert await addresses(client, headers, q="下坞") == ["上坊村下坞12号"]
    assert await addresses(client, headers, q="%") == ["上坊村50%路1号"]
    assert await addresses(client, headers, q="_") == []


async def test_tag_and_area_filters(client, world, as_staff):
    headers = await as_staff("admin")
    assert await addresses(client, headers, tag="独居老人") == ["上坊村下坞12号"]
    assert await addresses(client, headers, tag="留守儿童") == []
    assert await addresses(client, headers, area_id=world.tree.other_village.id) == ["桐坑源村3号"]


async def test_an_area_filter_outside_scope_is_not_found(client, world, as_staff):
    response = await client.get(
        URL, headers=await as_staff("police"), params={"area_id": world.tree.other_village.id}
    )
    assert response.status_code == 404


async def test_cursor_pages_cover_everything_once(client, world, session, as_staff):
    for i in range(5):
        await make_household(session, world.tree.micro_grid, f"上坊村后山{i}号", "方")
    await session.commit()
    headers = await as_staff("police")
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = (await client.get(URL, headers=headers, params=params)).json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 6
    assert seen == sorted(seen)


async def test_bad_paging_parameters_are_refused(client, world, as_staff):
    headers = await as_staff("police")
    assert (await client.get(URL, headers=headers, params={"limit": 201})).status_code == 422
    assert (await client.get(URL, headers=headers, params={"limit": "many"})).status_code == 422
    bad = await client.get(URL, headers=headers, params={"cursor": "!!not-a-cursor!!"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "BadCursor"


async def test_unauthenticated_calls_are_refused(client, world):
    assert (await client.get(URL)).status_code == 401
    assert (await client.post(URL, json=new_household(world.tree.micro_grid.id))).status_code == 401


async def test_village_police_registers_a_household(client, world, as_staff, session):
    body = new_household(
        world.tree.micro_grid.id,
        lat=29.6,
        lng=118.9,
        member_count=3,
        tags=[" 留守儿童 ", "留守儿童", "新标签"],
    )
    response = await client.post(URL, headers=await as_staff("police"), json=body)

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["tags"] == ["新标签", "留守儿童"]
    assert created["member_count"] == 3
    stored = await session.get(Household, created["id"])
    assert stored is not None and stored.area_path == world.tree.micro_grid.path


async def test_a_duplicate_address_in_the_micro_grid_is_a_conflict(client, world, as_staff):
    body = new_household(world.tree.micro_grid.id, address="上坊村下坞１２号")  # full-width digits
    response = await client.post(URL, headers=await as_staff("police"), json=body)

    assert response.status_code == 409
    assert response.json()["error"] == "AddressTaken"
    assert "上坊村下坞12号" in response.json()["detail"]


async def test_registering_needs_rights_over_a_micro_grid(client, world, as_staff):
    police = await as_staff("police")
    other = await client.post(
        URL, headers=police, json=new_household(world.tree.other_micro_grid.id)
    )
    assert other.status_code == 404
    village = await client.post(URL, headers=police, json=new_household(world.tree.village.id))
    assert village.status_code == 422
    assert village.json()["error"] == "NotAMicroGrid"
    leader = await client.post(
        URL, headers=await as_staff("leader"), json=new_household(world.tree.micro_grid.id)
    )
    assert leader.status_code == 403
    assert "村警" in leader.json()["detail"]


async def test_wrong_types_and_missing_fields_are_explained(client, world, as_staff):
    headers = await as_staff("police")
    micro = world.tree.micro_grid.id
    cases = {
        "lat": new_household(micro, lat=91, lng=118.9),
        "lng": new_household(micro, lat=29.6, lng="east"),
        "member_count": new_household(micro, member_count="many"),
        "tags": new_household(micro, tags=[f"标签{i}" for i in range(11)]),
        "address": {"area_id": micro, "head_name": "方有才"},
        "colour": new_household(micro, colour="red"),
    }
    for field, body in cases.items():
        response = await client.post(URL, headers=headers, json=body)
        assert response.status_code == 422, (field, response.text)
        assert any(k.startswith(field) for k in response.json().get("fields", {})), response.json()
    long_tag = await client.post(URL, headers=headers, json=new_household(micro, tags=["长" * 21]))
    assert long_tag.status_code == 422
    assert "最多 20 个字" in str(long_tag.json())


async def test_patch_changes_only_what_is_sent_and_tags_replace(client, world, as_staff):
    headers = await as_staff("police")
    response = await client.patch(
        f"{URL}/{world.home.id}", headers=headers, json={"member_count": 4, "tags": ["重点关注"]}
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["member_count"], body["tags"], body["head_name"]) == (4, ["重点关注"], "方桂英")


async def test_patch_refuses_nulls_duplicates_and_other_peoples_households(
    client, world, session, as_staff
):
    await make_household(session, world.tree.micro_grid, "上坊村下坞13号")
    await session.commit()
    headers = await as_staff("police")
    url = f"{URL}/{world.home.id}"
    assert (await client.patch(url, headers=headers, json={"address": None})).status_code == 422
    assert (await client.patch(url, headers=headers, json={"lat": "north"})).status_code == 422
    duplicate = await client.patch(url, headers=headers, json={"address": "上坊村下坞13号"})
    assert duplicate.status_code == 409
    away = await client.patch(f"{URL}/{world.away.id}", headers=headers, json={"member_count": 2})
    assert away.status_code == 404
    leader = await client.patch(url, headers=await as_staff("leader"), json={"member_count": 2})
    assert leader.status_code == 403


async def test_moving_needs_rights_on_both_micro_grids_and_keeps_the_path(
    client, world, session, as_staff
):
    body = {"area_id": world.tree.other_micro_grid.id}
    police = await client.patch(
        f"{URL}/{world.home.id}", headers=await as_staff("police"), json=body
    )
    assert police.status_code == 404

    admin = await client.patch(f"{URL}/{world.home.id}", headers=await as_staff("admin"), json=body)

    assert admin.status_code == 200, admin.text
    stored = await session.scalar(
        select(Household)
        .where(Household.id == world.home.id)
        .execution_options(populate_existing=True)
    )
    assert stored.area_id == world.tree.other_micro_grid.id
    assert stored.area_path == world.tree.other_micro_grid.path


async def test_tags_are_listed_with_counts_in_scope(client, world, as_staff, session):
    await client.post(
        URL,
        headers=await as_staff("admin"),
        json=new_household(world.tree.other_micro_grid.id, tags=["独居老人", "养蜂户"]),
    )
    police = {
        t["tag"]: t
        for t in (await client.get(f"{URL}/tags", headers=await as_staff("police"))).json()
    }
    admin = {
        t["tag"]: t
        for t in (await client.get(f"{URL}/tags", headers=await as_staff("admin"))).json()
    }

    assert police["独居老人"]["count"] == 1 and police["独居老人"]["known"]
    assert police["留守儿童"]["count"] == 0
    assert "养蜂户" not in police
    assert admin["独居老人"]["count"] == 2
    assert admin["养蜂户"] == {"tag": "养蜂户", "known": False, "count": 1}


async def test_the_mini_program_patches_with_a_post_and_a_method_override(client, world, as_staff):
    """wx.request has no PATCH; POST + X-HTTP-Method-Override: PATCH stands for it."""
    headers = {**await as_staff("police"), "X-HTTP-Method-Override": "PATCH"}
    response = await client.post(
        f"{URL}/{world.home.id}", headers=headers, json={"member_count": 5}
    )
    plain_post = await client.post(
        f"{URL}/{world.home.id}", headers=await as_staff("police"), json={}
    )

    assert response.status_code == 200, response.text
    assert response.json()["member_count"] == 5
    assert plain_post.status_code == 405


async def test_the_override_cannot_turn_a_post_into_a_delete(client, world, as_staff):
    headers = {**await as_staff("police"), "X-HTTP-Method-Override": "DELETE"}
    response = await client.post(f"{URL}/{world.home.id}", headers=headers, json={})
    assert response.status_code == 405
