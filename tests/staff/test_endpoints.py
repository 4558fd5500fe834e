"""The staff directory: whom a chief can hand a letter to, within each caller's scope."""

from __future__ import annotations

import base64

from jinghutong.models import Role
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD, grant, join, make_household, make_person, make_tree

URL = "/api/v1/staff"


async def login(client, session, username):
    await session.commit()
    return bearer(await password_login(client, username, STAFF_PASSWORD))


async def station(session):
    """A chief, an area officer over both villages, a 村警 per village, a 联户长."""
    tree = await make_tree(session)
    chief = await make_person(session, "潘立新", username="chief", phone="13905710001")
    await grant(session, chief, Role.chief, tree.station)
    officer = await make_person(session, "胡文斌", username="mj01", phone="13905710002")
    await grant(session, officer, Role.area_officer, tree.village)
    await grant(session, officer, Role.area_officer, tree.other_village)
    police = await make_person(session, "陈文斌", username="cj01", phone="13905710003")
    await grant(session, police, Role.village_police, tree.village)
    other_police = await make_person(session, "方红梅", username="cj02")
    await grant(session, other_police, Role.village_police, tree.other_village)
    leader = await make_person(session, "李炳荣", openid="o-leader")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    return tree, {"chief": chief, "officer": officer, "police": police, "other": other_police}


def by_name(page):
    return {item["name"]: item for item in page["items"]}


async def test_the_chief_sees_every_officer_of_the_station_with_masked_phones(client, session):
    _tree, people = await station(session)
    headers = await login(client, session, "chief")

    response = await client.get(URL, headers=headers)

    assert response.status_code == 200
    staff = by_name(response.json())
    assert set(staff) == {"潘立新", "胡文斌", "陈文斌", "方红梅"}  # not the 联户长
    officer = staff["胡文斌"]
    assert (officer["id"], officer["role"], officer["role_name"]) == (
        people["officer"].id,
        "area_officer",
        "防区民警",
    )
    assert officer["area_name"] == "上坊村等2个村"
    assert officer["phone"] == "139****0002"
    assert staff["陈文斌"]["area_name"] == "上坊村"
    assert "13905710003" not in response.text


async def test_role_and_area_narrow_the_list_to_the_officers_of_one_village(client, session):
    tree, _ = await station(session)
    headers = await login(client, session, "chief")

    page = await client.get(
        URL,
        params={"role": "area_officer,village_police", "area_id": tree.village.id},
        headers=headers,
    )

    assert page.status_code == 200
    staff = by_name(page.json())
    assert set(staff) == {"胡文斌", "陈文斌"}
    # Only the grants under the chosen area are shown.
    assert [a["name"] for a in staff["胡文斌"]["roles"][0]["areas"]] == ["上坊村"]


async def test_a_village_police_sees_only_the_staff_of_their_own_village(client, session):
    tree, _ = await station(session)
    headers = await login(client, session, "cj01")

    staff = by_name((await client.get(URL, headers=headers)).json())

    assert set(staff) == {"胡文斌", "陈文斌"}
    assert staff["胡文斌"]["area_name"] == "上坊村"  # their other village is out of sight
    elsewhere = await client.get(URL, params={"area_id": tree.other_village.id}, headers=headers)
    assert elsewhere.status_code == 404
    assert elsewhere.json()["error"] == "AreaNotFound"


async def test_villagers_and_group_leaders_may_not_list_staff(client, device, session):
    tree, _ = await station(session)
    villager = await make_person(session, "潘银花", openid="o-villager")
    await join(session, villager, await make_household(session, tree.micro_grid))
    await session.commit()

    for openid in ("o-villager", "o-leader"):
        response = await client.get(URL, headers=bearer(await wechat_login(client, device, openid)))
        assert response.status_code == 403
        assert response.json()["detail"] == "只有民警和工作人员可以查看人员名单"
    assert (await client.get(URL)).status_code == 401


async def test_an_unknown_role_is_refused_in_chinese(client, session):
    await station(session)
    headers = await login(client, session, "chief")

    response = await client.get(URL, params={"role": "area_officer,group_leader"}, headers=headers)

    assert response.status_code == 422
    assert response.json()["detail"] == "没有这种工作角色"
    assert "role" in response.json()["fields"]


async def test_the_list_pages_by_cursor_without_repeating_anyone(client, session):
    await station(session)
    headers = await login(client, session, "chief")

    first = (await client.get(URL, params={"limit": 3}, headers=headers)).json()
    second = (
        await client.get(URL, params={"limit": 3, "cursor": first["next_cursor"]}, headers=headers)
    ).json()

    assert len(first["items"]) == 3 and first["next_cursor"]
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    names = [i["name"] for i in first["items"] + second["items"]]
    assert sorted(names) == sorted({"潘立新", "胡文斌", "陈文斌", "方红梅"})
    bad = base64.urlsafe_b64encode(b"../etc").decode()
    assert (await client.get(URL, params={"cursor": bad}, headers=headers)).status_code == 422


async def test_the_chief_assigns_a_letter_to_an_officer_picked_from_the_list(
    client, device, session
):
    tree, people = await station(session)
    villager = await make_person(session, "潘银花", openid="o-writer")
    await join(session, villager, await make_household(session, tree.micro_grid))
    await session.commit()
    writer = bearer(await wechat_login(client, device, "o-writer"))
    letter = (
        await client.post(
            "/api/v1/petitions",
            json={"text": "村口路灯坏了"},
            headers={**writer, "Idempotency-Key": "k-letter-1"},
        )
    ).json()
    headers = await login(client, session, "chief")

    officers = (
        await client.get(
            URL,
            params={"role": "area_officer", "area_id": letter["village"]["id"]},
            headers=headers,
        )
    ).json()["items"]
    assigned = await client.post(
        f"/api/v1/petitions/{letter['id']}/assign",
        json={"assignee_id": officers[0]["id"], "deadline_at": "2099-01-01T00:00:00Z"},
        headers={**headers, "Idempotency-Key": "k-assign-1"},
    )

    assert assigned.status_code == 200
    assert assigned.json()["assignee"]["name"] == people["officer"].name
