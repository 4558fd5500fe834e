"""Who decides on an application; leaving and removal; the approval list."""

from __future__ import annotations

from jinghutong.households.codes.scenes import scene_for
from support.auth import bearer, wechat_login
from support.factories import join, make_person

BIND = "/api/v1/households/bind"


async def _login(client, device, openid: str) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))


async def _apply(client, device, world, openid: str = "o-applicant") -> tuple[dict[str, str], str]:
    headers = await _login(client, device, openid)
    response = await client.post(
        BIND, json={"scene": scene_for(world.household.id, 0)}, headers=headers
    )
    assert response.status_code == 201, response.text
    return headers, response.json()["id"]


async def test_the_first_member_is_approved_only_by_the_leader_or_village_police(
    client, device, world
):
    applicant, first = await _apply(client, device, world, "o-first")
    _, second = await _apply(client, device, world, "o-second")
    second_headers = await _login(client, device, "o-second")

    # Another applicant (pending, not yet a member) cannot let the first one in.
    by_pending = await client.post(f"/api/v1/memberships/{first}/approve", headers=second_headers)
    by_self = await client.post(f"/api/v1/memberships/{first}/approve", headers=applicant)
    police = await _login(client, device, "o-village-police")
    by_police = await client.post(f"/api/v1/memberships/{first}/approve", headers=police)

    assert by_pending.status_code == 404
    assert by_self.status_code == 403
    assert by_self.json()["error"] == "NotYourDecision"
    assert by_police.status_code == 200
    # Now the first member is active and may decide on the second.
    by_member = await client.post(f"/api/v1/memberships/{second}/reject", headers=applicant)
    assert by_member.status_code == 200
    assert by_member.json()["status"] == "rejected"


async def test_people_without_rights_cannot_approve(client, device, session, world):
    _, membership_id = await _apply(client, device, world)
    await make_person(session, "路人", openid="o-stranger")
    neighbour = await make_person(session, "邻居", openid="o-neighbour")
    await join(session, neighbour, world.other_household)

    for openid in ("o-stranger", "o-neighbour", "o-other-leader"):
        headers = await _login(client, device, openid)
        response = await client.post(
            f"/api/v1/memberships/{membership_id}/approve", headers=headers
        )
        assert response.status_code == 404, openid
        listed = await client.get("/api/v1/memberships", headers=headers)
        assert listed.json()["items"] == [], openid
    missing = await client.post("/api/v1/memberships/nope/approve", headers=headers)
    assert missing.status_code == 404


async def test_deciding_twice_is_a_conflict(client, device, world):
    _, membership_id = await _apply(client, device, world)
    leader = await _login(client, device, "o-leader")

    first = await client.post(f"/api/v1/memberships/{membership_id}/approve", headers=leader)
    again = await client.post(f"/api/v1/memberships/{membership_id}/approve", headers=leader)
    reject = await client.post(f"/api/v1/memberships/{membership_id}/reject", headers=leader)

    assert first.status_code == 200
    assert (again.status_code, again.json()["error"]) == (409, "AlreadyDecided")
    assert reject.status_code == 409


async def test_a_rejected_applicant_may_ask_again(client, device, world):
    applicant, membership_id = await _apply(client, device, world)
    leader = await _login(client, device, "o-leader")
    await client.post(f"/api/v1/memberships/{membership_id}/reject", headers=leader)

    again = await client.post(
        BIND, json={"scene": scene_for(world.household.id, 0)}, headers=applicant
    )

    assert again.status_code == 201
    assert again.json()["id"] == membership_id
    assert again.json()["status"] == "pending"
    mine = (await client.get("/api/v1/memberships?mine=true", headers=applicant)).json()
    assert [m["status"] for m in mine["items"]] == ["pending"]


async def test_a_member_leaves_and_a_leader_removes(client, device, session, world):
    leaver = await make_person(session, "方一", openid="o-leaver")
    removed = await make_person(session, "方二", openid="o-removed")
    m1 = await join(session, leaver, world.household)
    m2 = await join(session, removed, world.household)
    leaver_headers = await _login(client, device, "o-leaver")

    left = await client.delete(f"/api/v1/memberships/{m1.id}", headers=leaver_headers)
    stranger = await client.delete(f"/api/v1/memberships/{m2.id}", headers=leaver_headers)
    gone = await client.delete(
        f"/api/v1/memberships/{m2.id}", headers=await _login(client, device, "o-leader")
    )
    twice = await client.delete(
        f"/api/v1/memberships/{m2.id}", headers=await _login(client, device, "o-leader")
    )

    assert (left.status_code, left.json()["status"]) == (200, "left")
    assert stranger.status_code == 404  # no longer a member: cannot even see it
    assert (gone.status_code, gone.json()["status"]) == (200, "removed")
    assert (twice.status_code, twice.json()["error"]) == (409, "AlreadyEnded")
    me = (await client.get("/api/v1/me", headers=await _login(client, device, "o-removed"))).json()
    assert me["memberships"] == []


async def test_an_active_member_may_remove_another(client, device, session, world):
    a = await make_person(session, "方一", openid="o-a")
    b = await make_person(session, "方二", openid="o-b")
    await join(session, a, world.household)
    mb = await join(session, b, world.household)

    response = await client.delete(
        f"/api/v1/memberships/{mb.id}", headers=await _login(client, device, "o-a")
    )

    assert response.json()["status"] == "removed"


async def test_a_person_may_belong_to_several_households(client, device, session, world):
    son = await _login(client, device, "o-son-in-the-city")
    for household in (world.household, world.other_household):
        await client.post(BIND, json={"scene": scene_for(household.id, 0)}, headers=son)
    for leader_openid in ("o-leader", "o-other-leader"):
        leader = await _login(client, device, leader_openid)
        [item] = (await client.get("/api/v1/memberships", headers=leader)).json()["items"]
        await client.post(f"/api/v1/memberships/{item['id']}/approve", headers=leader)

    me = (await client.get("/api/v1/me", headers=son)).json()
    assert sorted(m["household_id"] for m in me["memberships"]) == sorted(
        [world.household.id, world.other_household.id]
    )
    assert {m["status"] for m in me["memberships"]} == {"active"}


async def test_the_approval_list_pages_with_a_cursor(client, device, world):
    for n in range(5):
        await _apply(client, device, world, f"o-applicant-{n}")
    leader = await _login(client, device, "o-leader")

    first = (await client.get("/api/v1/memberships?limit=3", headers=leader)).json()
    rest = (
        await client.get(
            f"/api/v1/memberships?limit=3&cursor={first['next_cursor']}", headers=leader
        )
    ).json()

    assert len(first["items"]) == 3 and first["next_cursor"]
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert len(set(ids)) == 5
