"""The 纵横斜 roster of a village: the 村警 keeps it, the 联户长 and the police see it and call
the people on it with a tap; the number behind the tap is read on the record."""

from __future__ import annotations

from sqlalchemy import select, text

from jinghutong.core import crypto
from jinghutong.models import AuditEvent, GovernanceEvent
from support.roster import API, camera_body, member_body


async def _add(client, headers, body: dict, path: str = "roster-members") -> dict:
    response = await client.post(f"{API}/{path}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_village_police_builds_the_roster_and_the_leader_sees_it_by_axis(
    client, gov, as_
):
    police = await as_("police")
    village = gov.tree.village.id
    await _add(client, police, member_body(village, title="村党支部书记"))
    await _add(
        client, police, member_body(village, position="forest_ranger", name="余樟根",
                                    phone="13957100002", duty_area="后山林区")
    )  # fmt: skip
    await _add(
        client, police, member_body(gov.tree.grid.id, position="grid_worker", name="叶海燕",
                                    phone="13957100003", person_id=gov.leader.id)
    )  # fmt: skip
    await _add(client, police, camera_body(village), path="cameras")

    # The 联户长's grant is on a micro-grid below the village: asking there shows the village's.
    response = await client.get(
        f"{API}/areas/{gov.tree.micro_grid.id}/roster", headers=await as_("leader")
    )

    assert response.status_code == 200, response.text
    roster = response.json()
    assert roster["village"] == {"id": village, "name": gov.tree.village.name}
    assert roster["can_edit"] is False
    assert [(m["label"], m["name"]) for m in roster["vertical"]] == [
        ("村党支部书记", "方国良"),
        ("网格员", "叶海燕"),
    ]
    (ranger,) = roster["horizontal"]
    assert ranger["position_name"] == "护林员" and ranger["duty_area"] == "后山林区"
    assert ranger["phone"] == "139****0002"
    assert ranger["on_wechat"] is False
    grid_worker = roster["vertical"][1]
    assert grid_worker["on_wechat"] is True and grid_worker["area"]["id"] == gov.tree.grid.id
    (camera,) = roster["cameras"]
    assert camera["kind_name"] == "雪亮工程" and camera["contact_phone"] == "057****2345"
    assert camera["location"] == {"lat": 29.61, "lng": 118.93}
    assert "13857100001" not in response.text


async def test_a_phone_is_stored_encrypted_and_found_by_its_blind_index(client, session, gov, as_):
    member = await _add(client, await as_("police"), member_body(gov.tree.village.id))

    stored = await session.scalar(
        text("SELECT phone FROM roster_members WHERE id = :id"), {"id": member["id"]}
    )
    assert stored.startswith("v1.") and "13857100001" not in stored
    index = await session.scalar(
        text("SELECT phone_index FROM roster_members WHERE id = :id"), {"id": member["id"]}
    )
    assert index == crypto.blind_index("13857100001")


async def test_a_tap_to_call_gives_the_number_and_is_recorded(client, session, gov, as_):
    police = await as_("police")
    member = await _add(client, police, member_body(gov.tree.village.id, phone="138 5710 0001"))
    camera = await _add(client, police, camera_body(gov.tree.village.id), path="cameras")
    leader = await as_("leader")

    call = await client.get(f"{API}/roster-members/{member['id']}/phone", headers=leader)
    footage = await client.get(f"{API}/cameras/{camera['id']}/phone", headers=leader)

    assert call.status_code == 200, call.text
    assert call.json() == {"name": "方国良", "phone": "13857100001"}
    assert footage.json() == {"name": "方国良", "phone": "0571-64812345"}
    reads = (
        await session.scalars(select(AuditEvent).where(AuditEvent.action == "read_phone"))
    ).all()
    assert {(a.actor_id, a.subject_type, a.subject_id) for a in reads} == {
        (gov.leader.id, "roster_member", member["id"]),
        (gov.leader.id, "camera", camera["id"]),
    }


async def test_the_officer_chief_and_admin_see_the_roster_the_other_village_does_not(
    client, gov, as_
):
    await _add(client, await as_("police"), member_body(gov.tree.village.id))
    path = f"{API}/areas/{gov.tree.village.id}/roster"

    for who, editable in (("officer", False), ("chief", True), ("admin", True), ("police", True)):
        response = await client.get(path, headers=await as_(who))
        assert response.status_code == 200, (who, response.text)
        assert response.json()["can_edit"] is editable, who
    for who in ("other_police", "villager"):
        response = await client.get(path, headers=await as_(who))
        assert response.status_code == 404, who
        assert response.json()["error"] == "RosterAreaNotFound"


async def test_outsiders_cannot_read_a_members_phone(client, session, gov, as_):
    member = await _add(client, await as_("police"), member_body(gov.tree.village.id))

    for who in ("other_police", "villager"):
        response = await client.get(
            f"{API}/roster-members/{member['id']}/phone", headers=await as_(who)
        )
        assert response.status_code == 404, who
        assert response.json()["error"] == "MemberNotFound"
    missing = await client.get(f"{API}/cameras/NOSUCHCAMERA/phone", headers=await as_("police"))
    assert missing.status_code == 404
    reads = await session.scalars(select(AuditEvent).where(AuditEvent.action == "read_phone"))
    assert reads.all() == []


async def test_a_retired_member_is_kept_hidden_and_shown_to_keepers_on_request(
    client, session, gov, as_
):
    police = await as_("police")
    member = await _add(client, police, member_body(gov.tree.village.id))

    retired = await client.delete(f"{API}/roster-members/{member['id']}", headers=police)
    again = await client.delete(f"{API}/roster-members/{member['id']}", headers=police)

    assert retired.status_code == 200 and retired.json()["active"] is False
    assert again.status_code == 200
    path = f"{API}/areas/{gov.tree.village.id}/roster"
    assert (await client.get(path, headers=police)).json()["vertical"] == []
    shown = (await client.get(f"{path}?include_inactive=true", headers=police)).json()
    assert [m["id"] for m in shown["vertical"]] == [member["id"]]
    leader = await as_("leader")
    refused = await client.get(f"{path}?include_inactive=true", headers=leader)
    assert refused.status_code == 403 and refused.json()["error"] == "NotARosterKeeper"
    hidden = await client.get(f"{API}/roster-members/{member['id']}/phone", headers=leader)
    assert hidden.status_code == 404
    kept = await client.get(f"{API}/roster-members/{member['id']}/phone", headers=police)
    assert kept.status_code == 200

    restored = await client.patch(
        f"{API}/roster-members/{member['id']}", json={"active": True}, headers=police
    )
    assert restored.json()["active"] is True
    actions = (
        await session.scalars(
            select(GovernanceEvent.action)
            .where(GovernanceEvent.record_id == member["id"])
            .order_by(GovernanceEvent.seq)
        )
    ).all()
    assert actions == ["created", "retired", "restored"]  # the second DELETE changed nothing


async def test_a_township_has_no_roster_of_its_own(client, gov, as_):
    response = await client.get(
        f"{API}/areas/{gov.tree.township.id}/roster", headers=await as_("chief")
    )
    assert response.status_code == 422
    assert response.json()["error"] == "NotAVillageArea"
    unseen = await client.get(
        f"{API}/areas/{gov.tree.township.id}/roster", headers=await as_("villager")
    )
    assert unseen.status_code == 404
