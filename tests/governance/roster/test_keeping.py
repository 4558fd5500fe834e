"""Keeping the roster: only the admin, the chief and the village's 村警; a 联户长 or an officer
who sees the roster is told they may not (403), another village's 村警 learns nothing (404).
Phones are checked, accounts must exist, replays make one record, edits leave a trail."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jinghutong.models import Camera, GovernanceEvent, RosterMember
from support.factories import make_household
from support.roster import API, camera_body, member_body


async def _count(session, model) -> int:
    return await session.scalar(select(func.count()).select_from(model))


async def test_another_villages_police_cannot_add_or_touch_this_roster(client, session, gov, as_):
    other = await as_("other_police")
    village = gov.tree.village.id

    added = await client.post(f"{API}/roster-members", json=member_body(village), headers=other)
    camera = await client.post(f"{API}/cameras", json=camera_body(village), headers=other)
    assert added.status_code == 404 and added.json()["error"] == "RosterAreaNotFound"
    assert camera.status_code == 404

    member = await client.post(
        f"{API}/roster-members", json=member_body(village), headers=await as_("police")
    )
    mid = member.json()["id"]
    edit = await client.patch(f"{API}/roster-members/{mid}", json={"name": "x"}, headers=other)
    retire = await client.delete(f"{API}/roster-members/{mid}", headers=other)
    assert edit.status_code == retire.status_code == 404
    assert edit.json()["error"] == "MemberNotFound"
    row = await session.get(RosterMember, mid)
    await session.refresh(row)
    assert row.name == "方国良" and row.active


@pytest.mark.parametrize("who", ["leader", "officer"])
async def test_those_who_only_see_the_roster_may_not_keep_it(client, session, gov, as_, who):
    headers = await as_(who)
    village = gov.tree.village.id

    added = await client.post(f"{API}/roster-members", json=member_body(village), headers=headers)
    assert added.status_code == 403 and added.json()["error"] == "NotARosterKeeper"
    mid = (
        await client.post(
            f"{API}/roster-members", json=member_body(village), headers=await as_("police")
        )
    ).json()["id"]
    edit = await client.patch(f"{API}/roster-members/{mid}", json={"name": "x"}, headers=headers)
    retire = await client.delete(f"{API}/roster-members/{mid}", headers=headers)
    assert edit.status_code == retire.status_code == 403
    assert await _count(session, RosterMember) == 1


@pytest.mark.parametrize(
    "phone",
    ["12345", "1385710000", "138571000011", "23857100001", "0571-123", "电话号码", "+1 2025550123"],
)
async def test_a_wrong_phone_is_a_clear_422(client, session, gov, as_, phone):
    body = member_body(gov.tree.village.id, phone=phone)
    response = await client.post(f"{API}/roster-members", json=body, headers=await as_("police"))

    assert response.status_code == 422
    assert "手机号或固定电话" in response.json()["fields"]["phone"]
    assert await _count(session, RosterMember) == 0


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("+86 138-5710-0001", "13857100001"),
        ("057164800110", "0571-64800110"),
        ("010-12345678", "010-12345678"),
        ("（0571）6480 0110", "0571-64800110"),
    ],
)
async def test_phones_are_kept_in_one_form(client, session, gov, as_, given, stored):
    body = member_body(gov.tree.village.id, phone=given)
    response = await client.post(f"{API}/roster-members", json=body, headers=await as_("police"))

    assert response.status_code == 201, response.text
    row = await session.get(RosterMember, response.json()["id"])
    assert row.phone == stored


async def test_an_unknown_account_is_a_422_naming_person_id(client, session, gov, as_):
    body = member_body(gov.tree.village.id, person_id="01JNOSUCHPERSON00000000000")
    response = await client.post(f"{API}/roster-members", json=body, headers=await as_("police"))

    assert response.status_code == 422
    assert response.json()["error"] == "UnknownPerson"
    assert "person_id" in response.json()["fields"]


@pytest.mark.parametrize(
    "change",
    [
        {"position": "captain"},
        {"name": ""},
        {"name": "方" * 51},
        {"note": "很长" * 101},
        {"duty_area": 12},
        {"surprise": 1},
        {"area_id": None},
        {"title": "书" * 31},
    ],
)
async def test_bad_fields_are_refused_and_nothing_is_written(client, session, gov, as_, change):
    body = member_body(gov.tree.village.id) | change
    response = await client.post(f"{API}/roster-members", json=body, headers=await as_("police"))

    assert response.status_code == 422, response.text
    assert await _count(session, RosterMember) == 0


async def test_an_area_above_the_village_or_unknown_is_refused(client, session, gov, as_):
    chief = await as_("chief")
    above = await client.post(
        f"{API}/roster-members", json=member_body(gov.tree.township.id), headers=chief
    )
    unknown = await client.post(
        f"{API}/roster-members", json=member_body("01JNOSUCHAREA0000000000000"), headers=chief
    )
    assert above.status_code == 422 and above.json()["error"] == "NotAVillageArea"
    assert unknown.status_code == 404
    assert await _count(session, RosterMember) == 0


async def test_a_replay_with_the_same_key_is_one_member(client, session, gov, as_):
    headers = await as_("police") | {"Idempotency-Key": "roster-add-1"}
    body = member_body(gov.tree.village.id)

    first = await client.post(f"{API}/roster-members", json=body, headers=headers)
    second = await client.post(f"{API}/roster-members", json=body, headers=headers)
    other = await client.post(
        f"{API}/roster-members", json=body | {"name": "别人"}, headers=headers
    )

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert other.status_code == 409  # the same key with another body
    assert other.json()["error"] == "IdempotencyKeyReused"
    assert await _count(session, RosterMember) == 1
    camera_headers = headers | {"Idempotency-Key": "camera-add-1"}
    for _ in range(2):
        await client.post(
            f"{API}/cameras", json=camera_body(gov.tree.village.id), headers=camera_headers
        )
    assert await _count(session, Camera) == 1


async def test_editing_moves_the_axis_and_trails_the_fields_not_the_phone(
    client, session, gov, as_
):
    police = await as_("police")
    mid = (
        await client.post(
            f"{API}/roster-members", json=member_body(gov.tree.village.id), headers=police
        )
    ).json()["id"]

    response = await client.patch(
        f"{API}/roster-members/{mid}",
        json={"position": "electrician", "phone": "13957109999", "title": None},
        headers=police,
    )

    assert response.status_code == 200, response.text
    out = response.json()
    assert out["axis"] == "horizontal" and out["label"] == "电力员"
    assert out["phone"] == "139****9999"
    event = await session.scalar(
        select(GovernanceEvent).where(
            GovernanceEvent.record_id == mid, GovernanceEvent.action == "edited"
        )
    )
    assert event.detail["fields"] == ["phone", "position"]  # title was already empty
    assert "13957109999" not in str(event.detail)
    cleared = await client.patch(f"{API}/roster-members/{mid}", json={"name": None}, headers=police)
    assert cleared.status_code == 422
    moved = await client.patch(
        f"{API}/roster-members/{mid}",
        json={"area_id": gov.tree.other_village.id},
        headers=police,
    )
    assert moved.status_code == 404  # not a place this 村警 keeps


async def test_a_household_camera_takes_its_owner_from_the_household_of_this_village(
    client, session, gov, as_
):
    police = await as_("police")
    body = camera_body(gov.tree.micro_grid.id, kind="household", owner="", place="叶家门口")

    own = await client.post(
        f"{API}/cameras", json=body | {"owner_household_id": gov.h1.id}, headers=police
    )
    foreign = await client.post(
        f"{API}/cameras", json=body | {"owner_household_id": gov.h3.id}, headers=police
    )

    assert own.status_code == 201, own.text
    assert own.json()["owner"] == "叶土根" and own.json()["kind_name"] == "群众自建"
    assert foreign.status_code == 422
    assert "owner_household_id" in foreign.json()["fields"]
    bad = await client.post(
        f"{API}/cameras", json=body | {"location": {"lat": 120, "lng": 0}}, headers=police
    )
    assert bad.status_code == 422


async def test_a_camera_is_edited_and_retired_by_its_keeper(client, session, gov, as_):
    police = await as_("police")
    cid = (
        await client.post(f"{API}/cameras", json=camera_body(gov.tree.village.id), headers=police)
    ).json()["id"]
    elsewhere = await make_household(session, gov.tree.micro_grid, "桃林村下坞9号", "叶樟法")

    edited = await client.patch(
        f"{API}/cameras/{cid}",
        json={"coverage": "桥面和河滩", "location": None, "owner_household_id": elsewhere.id},
        headers=police,
    )
    retired = await client.delete(f"{API}/cameras/{cid}", headers=police)
    by_leader = await client.patch(
        f"{API}/cameras/{cid}", json={"coverage": "x"}, headers=await as_("leader")
    )

    assert edited.status_code == 200, edited.text
    assert edited.json()["location"] is None and edited.json()["coverage"] == "桥面和河滩"
    assert edited.json()["owner"] == "村委会"  # an owner already named stays
    assert retired.json()["active"] is False
    assert by_leader.status_code == 404  # retired: hidden from those who only see the roster
