"""Joining a household by its code: the done-when story, replays and bad scenes."""

from __future__ import annotations

import io
from urllib.parse import quote

import PIL.Image
import zxingcpp
from sqlalchemy import func, select

from jinghutong.households.codes.scenes import scene_for
from jinghutong.models import Membership, Notification
from support.auth import bearer, wechat_login
from support.factories import join, make_person

BIND = "/api/v1/households/bind"


async def _login(client, device, openid: str) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))


async def test_a_villager_scans_the_door_plate_and_the_leader_lets_them_in(client, device, world):
    """Done when: device login, scene decoded from the PNG, approval by the 联户长, GET /me."""
    leader = await _login(client, device, "o-leader")
    png = await client.get(f"/api/v1/households/{world.household.id}/code.png", headers=leader)
    [scene] = [c.text for c in zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png.content)))]
    villager = await _login(client, device, "o-new-villager")  # first login creates the person

    bound = await client.post(BIND, json={"scene": scene, "relation": "子女"}, headers=villager)
    assert bound.status_code == 201, bound.text
    assert bound.json()["status"] == "pending"
    assert bound.json()["household_id"] == world.household.id

    waiting = (await client.get("/api/v1/memberships?status=pending", headers=leader)).json()
    [item] = waiting["items"]
    assert item["id"] == bound.json()["id"]
    assert item["household"]["address"] == world.household.address
    approved = await client.post(f"/api/v1/memberships/{item['id']}/approve", headers=leader)
    assert approved.status_code == 200
    assert approved.json()["status"] == "active"

    me = (await client.get("/api/v1/me", headers=villager)).json()
    [membership] = me["memberships"]
    assert membership["household_id"] == world.household.id
    assert membership["status"] == "active"
    assert membership["relation"] == "子女"
    told = (await client.get("/api/v1/notifications", headers=villager)).json()["items"]
    assert [n["kind"] for n in told] == ["membership.approved"]


async def test_binding_twice_returns_the_same_application(client, device, session, world):
    villager = await _login(client, device, "o-villager")
    scene = scene_for(world.household.id, 0)

    first = await client.post(BIND, json={"scene": scene}, headers=villager)
    second = await client.post(BIND, json={"scene": scene}, headers=villager)

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    count = await session.scalar(select(func.count()).select_from(Membership))
    assert count == 1
    # The approvers were told once, not twice.
    told = await session.scalar(
        select(func.count()).where(Notification.kind == "membership.requested")
    )
    assert told == 1


async def test_a_url_encoded_scene_is_accepted(client, device, world):
    scene = scene_for(world.household.id, 0)
    encoded = "%" + format(ord(scene[0]), "02X") + quote(scene[1:])

    response = await client.post(
        BIND, json={"scene": encoded}, headers=await _login(client, device, "o-villager")
    )

    assert response.status_code == 201
    assert response.json()["household_id"] == world.household.id


async def test_bad_scenes_are_refused_with_clear_errors(client, device, world):
    headers = await _login(client, device, "o-villager")
    real = scene_for(world.household.id, 0)
    crypto_other = "h" + real[1:][::-1]
    cases = {
        "not a scene!": (422, "CodeMalformed"),
        "h123": (422, "CodeMalformed"),
        "x" * 23: (422, "CodeMalformed"),
        "%ZZ" + "a" * 20: (422, "CodeMalformed"),
        "h" + "A" * 22: (404, "CodeNotFound"),  # invented
        crypto_other: (404, "CodeNotFound"),
        scene_for(world.household.id, 7): (404, "CodeNotFound"),  # a version never issued
    }
    for scene, (status, error) in cases.items():
        response = await client.post(BIND, json={"scene": scene}, headers=headers)
        assert (response.status_code, response.json()["error"]) == (status, error), scene
    invented = await client.post(BIND, json={"scene": "h" + "B" * 22}, headers=headers)
    assert invented.json()["detail"] == "没有找到这个户码"
    too_long = await client.post(BIND, json={"scene": "h" * 500}, headers=headers)
    assert too_long.status_code == 422
    assert (await client.post(BIND, json={"scene": real})).status_code == 401


async def test_another_households_scene_joins_that_household_not_mine(
    client, device, session, world
):
    villager = await make_person(session, "方桂英", openid="o-member")
    await join(session, villager, world.household)

    response = await client.post(
        BIND,
        json={"scene": scene_for(world.other_household.id, 0)},
        headers=await _login(client, device, "o-member"),
    )

    assert response.status_code == 201
    assert response.json()["household_id"] == world.other_household.id
    assert response.json()["status"] == "pending"  # still needs that household's approval


async def test_failed_scans_are_rate_limited_per_person(client, device, world):
    headers = await _login(client, device, "o-guesser")
    statuses = [
        (await client.post(BIND, json={"scene": f"h{i:022d}"}, headers=headers)).status_code
        for i in range(10)
    ]
    limited = await client.post(
        BIND, json={"scene": scene_for(world.household.id, 0)}, headers=headers
    )

    assert statuses == [404] * 10
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json()["error"] == "TooManyRequests"


async def test_successful_scans_do_not_count(client, device, world):
    headers = await _login(client, device, "o-family")
    scene = scene_for(world.household.id, 0)
    for _ in range(12):
        assert (await client.post(BIND, json={"scene": scene}, headers=headers)).status_code in (
            200,
            201,
        )


async def test_failed_scans_are_rate_limited_per_address(client, device, world):
    for n in range(3):
        headers = await _login(client, device, f"o-guesser-{n}")
        for i in range(10):
            response = await client.post(BIND, json={"scene": f"h{n}{i:021d}"}, headers=headers)
            assert response.status_code == 404
    fresh = await _login(client, device, "o-innocent-neighbour")

    response = await client.post(
        BIND, json={"scene": scene_for(world.household.id, 0)}, headers=fresh
    )

    assert response.status_code == 429
