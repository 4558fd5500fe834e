"""Notices owed by phone: a hazard's rectification or a dispute's 交办 went to someone without
WeChat; the handlers of that village work through the list, call (the number read on the
record) and mark each one phoned, once."""

from __future__ import annotations

from sqlalchemy import func, select

from jinghutong.core import crypto
from jinghutong.governance.roster.api import owe_phone_notice
from jinghutong.models import (
    AuditEvent,
    Dispute,
    GovernanceEvent,
    Hazard,
    PhoneNotice,
    RosterMember,
)
from support.roster import API


async def _hazard(session, area, reporter, number: str) -> Hazard:
    hazard = Hazard(
        number=number, kind="house", title="房屋开裂", area_id=area.id, area_path=area.path,
        reporter_id=reporter.id,
    )  # fmt: skip
    session.add(hazard)
    await session.flush()
    return hazard


async def _dispute(session, area, reporter, number: str) -> Dispute:
    dispute = Dispute(
        number=number, category="land", summary="地界纠纷", area_id=area.id,
        area_path=area.path, reporter_id=reporter.id,
    )  # fmt: skip
    session.add(dispute)
    await session.flush()
    return dispute


async def _member(session, village, name: str, phone: str) -> RosterMember:
    member = RosterMember(
        area_id=village.id, area_path=village.path, axis="horizontal", position="electrician",
        name=name, phone=phone, phone_index=crypto.blind_index(phone), duty_area="全村",
    )  # fmt: skip
    session.add(member)
    await session.flush()
    return member


async def _owe(session, gov) -> dict[str, PhoneNotice]:
    """A hazard notice to this village's electrician, a dispute notice to a named contact, and a
    hazard notice in the other village."""
    electrician = await _member(session, gov.tree.village, "汪金水", "13700001111")
    hazard = await _hazard(session, gov.tree.micro_grid, gov.leader, "YH-20261202-0001")
    dispute = await _dispute(session, gov.tree.micro_grid, gov.leader, "JF-20261202-0001")
    elsewhere = await _hazard(session, gov.tree.other_micro_grid, gov.leader, "YH-20261202-0002")
    owed = {
        "hazard": await owe_phone_notice(
            session, subject=("hazard", hazard.id), text="电线老化，请于三日内整改",
            created_by=gov.village_police.id, member=electrician,
        ),
        "dispute": await owe_phone_notice(
            session, subject=("dispute", dispute.id), text="请参加周五的调解",
            created_by=gov.officer.id, name="叶土根", phone="13600002222",
        ),
        "elsewhere": await owe_phone_notice(
            session, subject=("hazard", elsewhere.id), text="桥面护栏缺失",
            created_by=gov.other_police.id, name="方有才", phone="13500003333",
        ),
    }  # fmt: skip
    await session.flush()
    return owed


async def test_the_village_police_sees_what_is_owed_by_phone_in_their_village(
    client, session, gov, as_
):
    owed = await _owe(session, gov)

    response = await client.get(f"{API}/phone-notices", headers=await as_("police"))

    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [i["id"] for i in items] == [owed["dispute"].id, owed["hazard"].id]  # newest first
    hazard = items[1]
    assert hazard["name"] == "汪金水" and hazard["phone"] == "137****1111"
    assert hazard["subject_type"] == "hazard" and hazard["subject_number"] == "YH-20261202-0001"
    assert hazard["member_id"] == owed["hazard"].member_id
    assert hazard["status"] == "pending" and hazard["done_at"] is None
    assert items[0]["subject_number"] == "JF-20261202-0001"
    assert "13700001111" not in response.text

    other = (await client.get(f"{API}/phone-notices", headers=await as_("other_police"))).json()
    assert [i["id"] for i in other["items"]] == [owed["elsewhere"].id]
    chief = (await client.get(f"{API}/phone-notices", headers=await as_("chief"))).json()
    assert len(chief["items"]) == 3


async def test_the_leader_and_villagers_have_no_notices_to_phone(client, session, gov, as_):
    owed = await _owe(session, gov)
    for who in ("leader", "villager"):
        response = await client.get(f"{API}/phone-notices", headers=await as_(who))
        assert response.status_code == 200 and response.json()["items"] == [], who
        phone = await client.get(
            f"{API}/phone-notices/{owed['hazard'].id}/phone", headers=await as_(who)
        )
        assert phone.status_code == 404, who


async def test_phoned_once_then_409_and_the_list_moves_it_to_done(client, session, gov, as_):
    owed = await _owe(session, gov)
    police = await as_("police")
    nid = owed["hazard"].id

    call = await client.get(f"{API}/phone-notices/{nid}/phone", headers=police)
    done = await client.post(
        f"{API}/phone-notices/{nid}/done",
        json={"note": "已电话告知，答应周三前换线"},
        headers=police,
    )
    again = await client.post(f"{API}/phone-notices/{nid}/done", headers=police)

    assert call.json() == {"name": "汪金水", "phone": "13700001111"}
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done" and done.json()["done_by"] == "方建军"
    assert again.status_code == 409 and again.json()["error"] == "NoticeAlreadyDone"
    pending = (await client.get(f"{API}/phone-notices", headers=police)).json()["items"]
    assert nid not in [i["id"] for i in pending]
    finished = (await client.get(f"{API}/phone-notices?status=done", headers=police)).json()
    (item,) = finished["items"]
    assert item["done_note"] == "已电话告知，答应周三前换线" and item["done_at"] is not None
    read = await session.scalar(
        select(AuditEvent).where(AuditEvent.action == "read_phone", AuditEvent.subject_id == nid)
    )
    assert read.actor_id == gov.village_police.id and read.subject_type == "phone_notice"


async def test_another_villages_police_cannot_mark_or_read_this_villages_notice(
    client, session, gov, as_
):
    owed = await _owe(session, gov)
    other = await as_("other_police")
    nid = owed["dispute"].id

    done = await client.post(f"{API}/phone-notices/{nid}/done", headers=other)
    phone = await client.get(f"{API}/phone-notices/{nid}/phone", headers=other)
    missing = await client.post(f"{API}/phone-notices/NOSUCHNOTICE/done", headers=other)

    assert done.status_code == phone.status_code == missing.status_code == 404
    assert done.json()["error"] == "NoticeNotFound"
    await session.refresh(owed["dispute"])
    assert owed["dispute"].status == "pending"
    reads = select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == nid)
    assert await session.scalar(reads) == 0


async def test_a_replayed_done_is_one_event(client, session, gov, as_):
    owed = await _owe(session, gov)
    headers = await as_("officer") | {"Idempotency-Key": "phoned-1"}
    nid = owed["dispute"].id

    first = await client.post(f"{API}/phone-notices/{nid}/done", json={}, headers=headers)
    second = await client.post(f"{API}/phone-notices/{nid}/done", json={}, headers=headers)

    assert first.status_code == second.status_code == 200
    events = (
        select(func.count()).select_from(GovernanceEvent).where(GovernanceEvent.record_id == nid)
    )
    assert await session.scalar(events) == 1


async def test_the_list_narrows_to_an_area_and_pages(client, session, gov, as_):
    owed = await _owe(session, gov)
    chief = await as_("chief")

    narrowed = await client.get(
        f"{API}/phone-notices?area_id={gov.tree.other_village.id}", headers=chief
    )
    assert [i["id"] for i in narrowed.json()["items"]] == [owed["elsewhere"].id]
    outside = await client.get(
        f"{API}/phone-notices?area_id={gov.tree.other_village.id}", headers=await as_("police")
    )
    assert outside.status_code == 404

    first = (await client.get(f"{API}/phone-notices?limit=2", headers=chief)).json()
    rest = (
        await client.get(
            f"{API}/phone-notices?limit=2&cursor={first['next_cursor']}", headers=chief
        )
    ).json()
    seen = [i["id"] for i in first["items"] + rest["items"]]
    assert sorted(seen) == sorted(n.id for n in owed.values()) and rest["next_cursor"] is None
    for bad in ("status=open", "limit=0", "cursor=%%%"):
        response = await client.get(f"{API}/phone-notices?{bad}", headers=chief)
        assert response.status_code == 422, bad
    huge = await client.post(
        f"{API}/phone-notices/{owed['hazard'].id}/done", json={"note": "长" * 201}, headers=chief
    )
    assert huge.status_code == 422
