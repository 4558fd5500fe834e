"""一户一码: the scene, its PNG from WeChat (or a local QR when WeChat fails), rotation."""

from __future__ import annotations

import io

import PIL.Image
import zxingcpp
from sqlalchemy import func, select

from jinghutong.households.codes.scenes import scene_for, scene_hash
from jinghutong.models import HouseholdCodeImage, HouseholdCodeRetired
from support.auth import bearer, wechat_login
from support.factories import join, make_person


def decode(png: bytes) -> list[str]:
    """What a real QR decoder reads from the image."""
    return [code.text for code in zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(png)))]


async def _login(client, device, openid: str) -> dict[str, str]:
    return bearer(await wechat_login(client, device, openid))


async def test_an_active_member_sees_the_current_scene(client, device, session, world):
    villager = await make_person(session, "方桂英", openid="o-member")
    await join(session, villager, world.household)

    response = await client.get(
        f"/api/v1/households/{world.household.id}/code",
        headers=await _login(client, device, "o-member"),
    )

    assert response.status_code == 200
    body = response.json()
    assert body["scene"] == scene_for(world.household.id, 0)
    assert body["version"] == 0
    assert body["image_url"].endswith(f"/api/v1/households/{world.household.id}/code.png?v=0")


async def test_the_png_comes_from_wechat_decodes_to_the_scene_and_is_cached(
    client, device, session, world, emulator
):
    headers = await _login(client, device, "o-leader")
    url = f"/api/v1/households/{world.household.id}/code.png"

    first = await client.get(url, headers=headers)
    calls = emulator.state.calls.copy()
    second = await client.get(url, headers=headers)

    assert first.status_code == 200
    assert first.headers["content-type"] == "image/png"
    assert first.headers["x-code-source"] == "wechat"
    assert decode(first.content) == [scene_for(world.household.id, 0)]
    assert second.content == first.content
    assert emulator.state.calls == calls  # served from the cache, WeChat not asked again
    cached = await session.scalar(select(func.count()).select_from(HouseholdCodeImage))
    assert cached == 1


async def test_when_wechat_fails_a_local_qr_of_the_same_scene_is_served(
    client, device, world, emulator
):
    headers = await _login(client, device, "o-leader")
    await device.post("/faults", json={"error_rate": 1, "error_code": -1})
    try:
        response = await client.get(
            f"/api/v1/households/{world.household.id}/code.png", headers=headers
        )
    finally:
        await device.delete("/faults")

    assert response.status_code == 200
    assert response.headers["x-code-source"] == "fallback"
    assert decode(response.content) == [scene_for(world.household.id, 0)]
    # The fallback is not cached: once WeChat answers again, the real code is served.
    again = await client.get(f"/api/v1/households/{world.household.id}/code.png", headers=headers)
    assert again.headers["x-code-source"] == "wechat"


async def test_when_wechat_is_unreachable_the_fallback_still_decodes(app, client, device, world):
    headers = await _login(client, device, "o-leader")
    app.state.wechat.client.API_BASE_URL = "http://127.0.0.1:9/"  # nothing listens there
    app.state.wechat.client.wxa.API_BASE_URL = "http://127.0.0.1:9/"
    response = await client.get(
        f"/api/v1/households/{world.household.id}/code.png", headers=headers
    )
    assert response.status_code == 200
    assert response.headers["x-code-source"] == "fallback"
    assert decode(response.content) == [scene_for(world.household.id, 0)]


async def test_the_leader_rotates_and_the_old_scene_answers_410(client, device, session, world):
    old_scene = scene_for(world.household.id, 0)
    leader = await _login(client, device, "o-leader")
    await client.get(f"/api/v1/households/{world.household.id}/code.png", headers=leader)

    rotated = await client.post(
        f"/api/v1/households/{world.household.id}/code/rotate", headers=leader
    )

    assert rotated.status_code == 200
    assert rotated.json()["version"] == 1
    new_scene = rotated.json()["scene"]
    assert new_scene == scene_for(world.household.id, 1) != old_scene
    assert await session.get(HouseholdCodeRetired, scene_hash(old_scene)) is not None
    assert await session.scalar(select(func.count()).select_from(HouseholdCodeImage)) == 0
    png = await client.get(f"/api/v1/households/{world.household.id}/code.png", headers=leader)
    assert decode(png.content) == [new_scene]

    await make_person(session, "方小军", openid="o-applicant")
    applicant = await _login(client, device, "o-applicant")
    stale = await client.post(
        "/api/v1/households/bind", json={"scene": old_scene}, headers=applicant
    )
    assert stale.status_code == 410
    assert stale.json()["error"] == "CodeRotated"
    assert stale.json()["detail"] == "该户码已更换，请扫描门牌上的新码，或联系联户长"
    fresh = await client.post(
        "/api/v1/households/bind", json={"scene": new_scene}, headers=applicant
    )
    assert fresh.status_code == 201


async def test_village_police_may_rotate_but_a_member_may_not(client, device, session, world):
    villager = await make_person(session, "方桂英", openid="o-member")
    await join(session, villager, world.household)
    url = f"/api/v1/households/{world.household.id}/code/rotate"

    by_member = await client.post(url, headers=await _login(client, device, "o-member"))
    by_police = await client.post(url, headers=await _login(client, device, "o-village-police"))

    assert by_member.status_code == 403
    assert by_member.json()["error"] == "RotateForbidden"
    assert by_police.status_code == 200


async def test_someone_elses_household_is_not_found(client, device, session, world):
    await make_person(session, "路人", openid="o-stranger")
    stranger = await _login(client, device, "o-stranger")
    other_leader = await _login(client, device, "o-other-leader")
    hid = world.household.id

    for headers in (stranger, other_leader):
        for call in (
            client.get(f"/api/v1/households/{hid}/code", headers=headers),
            client.get(f"/api/v1/households/{hid}/code.png", headers=headers),
            client.post(f"/api/v1/households/{hid}/code/rotate", headers=headers),
        ):
            response = await call
            assert response.status_code == 404, response.text
    missing = await client.get(
        "/api/v1/households/00000000000000000000000000/code", headers=stranger
    )
    assert missing.status_code == 404


async def test_codes_need_a_login(client, world):
    response = await client.get(f"/api/v1/households/{world.household.id}/code.png")
    assert response.status_code == 401


async def test_a_household_without_a_code_gets_one_on_first_look(client, device, session, world):
    world.household.code_hash = None
    await session.flush()

    response = await client.get(
        f"/api/v1/households/{world.household.id}/code",
        headers=await _login(client, device, "o-leader"),
    )

    assert response.status_code == 200
    await session.refresh(world.household)
    assert world.household.code_hash == scene_hash(response.json()["scene"])
