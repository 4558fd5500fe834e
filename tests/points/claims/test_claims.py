"""积分申报: a villager claims for work nothing recorded, with photos; the village's 村警 or an
officer over the claimant's area approves (1–50 points) or rejects with a reason, once."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Notification
from support.factories import grant
from support.points_world import API, entries_of

CLAIMS = f"{API}/points/claims"


async def _photo(client, headers) -> str:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 80, 40)).save(out, format="JPEG")
    response = await client.post(
        f"{API}/media",
        headers=headers,
        files={"file": ("IMG_0001.jpg", out.getvalue(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _today() -> str:
    return clock.now().astimezone(clock.SHANGHAI).date().isoformat()


async def _claim(client, headers, **changes):
    body = {"text": "夜里送隔壁叶奶奶去医院", "happened_on": _today(), **changes}
    return await client.post(CLAIMS, json=body, headers=headers)


async def test_a_claim_with_a_photo_reaches_the_village_police_who_approves_it(
    client, as_, world, database, session
):
    villager = await as_(world.villager)
    photo = await _photo(client, villager)
    created = await _claim(client, {**villager, "Idempotency-Key": "c-1"}, media_ids=[photo])
    assert created.status_code == 201, created.text
    claim = created.json()
    assert (claim["status"], claim["media_ids"], claim["household_id"]) == (
        "pending",
        [photo],
        world.h1.id,
    )
    replay = await _claim(client, {**villager, "Idempotency-Key": "c-1"}, media_ids=[photo])
    assert replay.json()["id"] == claim["id"]  # one claim
    told = await session.scalars(
        select(Notification.person_id).where(Notification.kind == "points.claim")
    )
    assert sorted(told.all()) == sorted([world.village_police.id, world.officer.id])

    police = await as_(world.village_police)
    review = (
        await client.get(CLAIMS, params={"scope": "review", "status": "pending"}, headers=police)
    ).json()
    assert [c["id"] for c in review["items"]] == [claim["id"]]
    assert (await client.get(f"{API}/media/{photo}", headers=police)).status_code in (200, 302, 307)
    approved = await client.post(
        f"{CLAIMS}/{claim['id']}/approve", json={"points": 30, "note": "属实"}, headers=police
    )

    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["points"]) == ("approved", 30)
    [entry] = await entries_of(database, world.villager)
    assert (entry.event_kind, entry.points, entry.award_key) == (
        "claim",
        30,
        f"claim:{claim['id']}",
    )
    assert "夜里送隔壁叶奶奶去医院" in entry.reason
    mine = (await client.get(CLAIMS, headers=villager)).json()
    assert mine["items"][0]["status"] == "approved"


async def test_a_claim_is_decided_once(client, as_, world):
    claim = (await _claim(client, await as_(world.villager))).json()
    officer = await as_(world.officer)
    rejected = await client.post(
        f"{CLAIMS}/{claim['id']}/reject", json={"reason": "无法核实"}, headers=officer
    )
    assert rejected.status_code == 200
    assert rejected.json()["decision_reason"] == "无法核实"

    for action, body in (("approve", {"points": 10}), ("reject", {"reason": "再次"})):
        again = await client.post(
            f"{CLAIMS}/{claim['id']}/{action}", json=body, headers=await as_(world.village_police)
        )
        assert again.status_code == 409, action
        assert again.json()["detail"] == "这条申报已经审核过了"


async def test_no_one_decides_their_own_claim(client, as_, world, session):
    claim = (await _claim(client, await as_(world.villager))).json()
    await grant(session, world.villager, "village_police", world.tree.village)  # appointed since

    response = await client.post(
        f"{CLAIMS}/{claim['id']}/approve", json={"points": 10}, headers=await as_(world.villager)
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "不能审核自己的申报"


async def test_another_village_and_the_leader_may_not_decide(client, as_, world):
    claim = (await _claim(client, await as_(world.villager))).json()
    other = await client.post(
        f"{CLAIMS}/{claim['id']}/approve",
        json={"points": 10},
        headers=await as_(world.other_police),
    )
    assert other.status_code == 404
    assert (
        await client.get(f"{CLAIMS}/{claim['id']}", headers=await as_(world.other_police))
    ).status_code == 404
    leader = await client.post(
        f"{CLAIMS}/{claim['id']}/approve", json={"points": 10}, headers=await as_(world.leader)
    )
    assert leader.status_code == 404  # a 联户长 does not review claims


async def test_someone_elses_photo_is_refused(client, as_, world):
    leaders_photo = await _photo(client, await as_(world.leader))

    response = await _claim(client, await as_(world.villager), media_ids=[leaders_photo])

    assert response.status_code == 422
    assert "media_ids" in response.json()["fields"]


async def test_staff_do_not_claim(client, as_, world):
    response = await _claim(client, await as_(world.village_police))
    assert response.status_code == 403
    assert response.json()["detail"] == "工作人员不参与积分，按考评办法考核"


@pytest.mark.parametrize(
    "changes",
    [{"text": 5}, {"happened_on": "yesterday"}, {"media_ids": ["x"] * 10}, {"extra": 1}],
)
async def test_malformed_claims_are_422(client, as_, world, changes):
    assert (await _claim(client, await as_(world.villager), **changes)).status_code == 422


async def test_a_day_in_the_future_is_refused(client, as_, world):
    tomorrow = (clock.now().astimezone(clock.SHANGHAI) + timedelta(days=1)).date().isoformat()
    response = await _claim(client, await as_(world.villager), happened_on=tomorrow)
    assert response.status_code == 422 and response.json()["error"] == "BadDay"


@pytest.mark.parametrize("points", [0, 51, -5, "ten"])
async def test_the_approver_gives_one_to_fifty(client, as_, world, points):
    claim = (await _claim(client, await as_(world.villager))).json()
    response = await client.post(
        f"{CLAIMS}/{claim['id']}/approve",
        json={"points": points},
        headers=await as_(world.village_police),
    )
    assert response.status_code == 422


async def test_the_review_list_comes_in_pages_newest_first(client, as_, world):
    villager = await as_(world.villager)
    made = [(await _claim(client, villager, text=f"第{n}件好事")).json()["id"] for n in (1, 2, 3)]
    police = await as_(world.village_police)

    page = {"scope": "review", "limit": 2}
    first = (await client.get(CLAIMS, params=page, headers=police)).json()
    rest = await client.get(CLAIMS, params={**page, "cursor": first["next_cursor"]}, headers=police)

    assert [c["id"] for c in first["items"]] == made[::-1][:2]
    assert [c["id"] for c in rest.json()["items"]] == made[:1]
    assert rest.json()["next_cursor"] is None
